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
#include "engine/transfer.h"

namespace kurl {

/// The connections of one origin key (scheme, host, port, TLS settings, proxy) and the
/// requests waiting for one of them.
struct OriginState {
  std::string key;                       ///< the pool key
  ConnectionSettings settings;           ///< shared by its connections
  std::vector<Connection*> connections;  ///< open or opening, not closing
  std::deque<Transfer*> waiters;         ///< requests waiting for a connection, in order
  size_t resends_waiting = 0;            ///< resends at the front of waiters
};

/// Owns every connection of a run. It decides which connection a request may use and when a
/// new one may be opened; it never parses HTTP and never finishes a request (the engine does).
class Pool {
 public:
  Pool(uv_loop_t* loop, ConnectionOwner& owner, const EngineConfig& config);

  /// The entry for the transfer's current hop, created on first use; `tls` is the TLS
  /// context for https (nullptr for http). Looking up a known origin allocates nothing.
  OriginState& origin_for(const Transfer& transfer, TlsContext* tls);
  /// The connection `transfer` may use now: the warmest idle one, else one with room for
  /// another pipelined request; nullptr when none can take it.
  Connection* connection_for(const OriginState& origin, const Transfer& transfer) const;
  /// True when another connection to the origin may be opened: under --max-per-host, and for
  /// TLS not while the first handshake that will give a session to resume is in progress.
  bool may_open(const OriginState& origin) const;
  /// Opens a connection for `first`, which it sends once established.
  Connection& open(OriginState& origin, Transfer& first);
  /// The origin entry of a connection, nullptr once it is gone.
  OriginState* origin_of(const Connection& connection);
  /// Takes a closing connection out of its origin's list: it takes no more requests.
  void forget(Connection& connection);
  /// Frees a connection whose handles are all closed.
  void destroy(Connection& connection) { connections_.erase(connection.id()); }
  /// Every connection not yet freed (to close them at the end of a run).
  std::vector<Connection*> all_connections() const;
  /// Connections not yet freed.
  size_t size() const { return connections_.size(); }
  /// Every origin entry (to end their waiting requests on abort).
  std::vector<OriginState*> origins() const;
  /// No more pipelining to this origin in this run (it answered HTTP/1.0 or closed).
  void disable_pipelining(OriginState& origin);

 private:
  uv_loop_t* loop_;
  ConnectionOwner& owner_;
  const EngineConfig& config_;
  std::string tls_key_;      ///< config_.tls.key(), part of every https pool key
  std::string key_scratch_;  ///< reused by origin_for()
  std::unordered_map<std::string, std::unique_ptr<OriginState>> origins_;
  struct Entry {
    std::unique_ptr<Connection> connection;
    OriginState* origin = nullptr;
  };
  std::unordered_map<uint64_t, Entry> connections_;
  uint64_t next_id_ = 0;
};

}  // namespace kurl
