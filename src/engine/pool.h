// The connection pool: per origin key, the open connections and the requests waiting for one.
#pragma once

#include <uv.h>

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/connection.h"
#include "engine/engine_config.h"
#include "engine/idle_list.h"
#include "engine/transfer.h"

namespace kurl {

/// The connections of one pool key (scheme, host, port, TLS settings, proxy, and the
/// destination when --connect-to, --resolve, --unix-socket, -4 or -6 choose it) and the
/// requests waiting for one of them.
struct OriginState {
  std::string key;                       ///< the pool key
  ConnectionSettings settings;           ///< shared by its connections
  std::vector<Connection*> connections;  ///< open or opening, not closing
  std::deque<Transfer*> waiters;         ///< requests waiting for a connection, in order
  size_t resends_waiting = 0;            ///< resends at the front of waiters
};

/// Owns every connection of a run. It decides which connection a request may use, when a
/// new one may be opened and which idle one to close to make room; it never parses HTTP and
/// never finishes a request (the engine does).
///
/// Room: at most config.max_idle_connections connections sit idle at once in the whole run,
/// and open connections stay within the open file limit less what the rest of kurl may need
/// (kReservedDescriptors, plus one output file a request in flight). Past either bound the
/// least recently used idle connection is closed (counted as an idle timeout), and so is one
/// when socket() finds no descriptor left (EMFILE, ENFILE) before the connect is tried again.
class Pool final : private DescriptorReclaimer {
 public:
  Pool(uv_loop_t* loop, ConnectionOwner& owner, const EngineConfig& config);

  /// The entry for the transfer's current hop, created on first use; `tls` is the TLS
  /// context for https (nullptr for http). Looking up a known origin allocates nothing.
  OriginState& origin_for(const Transfer& transfer, TlsContext* tls);
  /// The connection `transfer` is sent on now: the warmest idle one, else one with room for
  /// another pipelined request; nullptr when none can take it. It is no longer idle.
  Connection* lease(const OriginState& origin, const Transfer& transfer);
  /// Called once an idle connection has served the requests waiting for its origin: if it is
  /// still idle it joins the idle list, and the oldest idle one past the cap is closed.
  void park(Connection& connection);
  /// True when another connection to the origin may be opened: under --max-per-host, and for
  /// TLS not while the first handshake that will give a session to resume is in progress.
  bool may_open(const OriginState& origin) const;
  /// Opens a connection for `first`, which it sends once established; first closes the
  /// oldest idle connection if open ones have reached the descriptor budget.
  Connection& open(OriginState& origin, Transfer& first);
  /// The origin entry of a connection, nullptr once it is gone.
  OriginState* origin_of(const Connection& connection);
  /// Takes a closing connection out of its origin's list: it takes no more requests. Returns
  /// its origin entry, nullptr when it was forgotten already.
  OriginState* forget(Connection& connection);
  /// Frees a connection whose handles are all closed.
  void destroy(Connection& connection);
  /// Every connection not yet freed (to close them at the end of a run).
  std::vector<Connection*> all_connections() const;
  /// Connections not yet freed.
  size_t size() const { return connections_.size(); }
  /// Every origin entry (to end their waiting requests on abort).
  std::vector<OriginState*> origins() const;
  /// No more pipelining to this origin in this run (it answered HTTP/1.0 or closed).
  void disable_pipelining(OriginState& origin);
  /// Connections idle now and counted against the idle cap.
  size_t idle_count() const { return idle_.size(); }

  /// Descriptors left to kurl's other needs (standard streams, the loop's own, the report and
  /// statistics files, name lookups) when open connections are bounded by the file limit.
  static constexpr size_t kReservedDescriptors = 32;

 private:
  bool reclaim_descriptor() override { return close_oldest_idle(); }
  /// Where the transfer's current hop connects (config_.connect applied).
  Destination destination_of(const Transfer& transfer) const;
  /// "host:port" an https request through a proxy asks the proxy to CONNECT to.
  std::string tunnel_authority(const Url& url) const;
  bool close_oldest_idle();
  IdleList::Link* idle_link(const Connection& connection);

  uv_loop_t* loop_;
  ConnectionOwner& owner_;
  const EngineConfig& config_;
  std::string tls_key_;      ///< config_.tls.key(), part of every https pool key
  std::string key_scratch_;  ///< reused by origin_for()
  std::unordered_map<std::string, std::unique_ptr<OriginState>> origins_;
  struct Entry {
    std::unique_ptr<Connection> connection;
    OriginState* origin = nullptr;
    bool forgotten = false;  ///< closing: out of its origin's list
    IdleList::Link idle;
  };
  std::unordered_map<uint64_t, Entry> connections_;
  uint64_t next_id_ = 0;
  IdleList idle_;
  size_t open_connections_ = 0;  ///< opened and not yet forgotten
  size_t descriptor_budget_;     ///< the most connections open at once the file limit allows
};

}  // namespace kurl
