// One socket's state machine: resolve, connect, then carry requests until it is closed.
#pragma once

#include <uv.h>

#include <memory>
#include <string>

#include "engine/http1_session.h"
#include "engine/observer.h"
#include "net/resolver.h"
#include "net/tcp_transport.h"
#include "net/timer.h"
#include "net/tls_context.h"

namespace kurl {

class Connection;

/// How a connection reaches its owner (the engine). Callbacks run on the loop thread.
class ConnectionOwner {
 public:
  virtual ~ConnectionOwner() = default;
  /// The final response head of `transfer` arrived.
  virtual void on_head(Connection& connection, Transfer& transfer) = 0;
  /// A 1xx interim head of `transfer` arrived (its final head follows).
  virtual void on_interim_head(Connection& connection, Transfer& transfer) = 0;
  /// Body bytes of `transfer`.
  virtual void on_body(Connection& connection, Transfer& transfer, std::string_view bytes) = 0;
  /// `transfer`'s response is complete; the connection is already idle or closing.
  virtual void on_complete(Connection& connection, Transfer& transfer) = 0;
  /// `transfer` failed on this connection (the connection is closing).
  virtual void on_failed(Connection& connection, Transfer& transfer, const Error& error) = 0;
  /// The connection is established (TCP, proxy tunnel and TLS); its first request goes next.
  virtual void on_ready(Connection& connection) = 0;
  /// The connection is idle and may take a request.
  virtual void on_idle(Connection& connection) = 0;
  /// The connection left the pool (it is closing and takes no more requests).
  virtual void on_leaving(Connection& connection) = 0;
  /// Every handle is closed: the owner frees the connection now.
  virtual void on_closed(Connection& connection) = 0;
  /// A life event for -v and the statistics.
  virtual void on_connection_event(const ConnectionEvent& event) = 0;
  /// A request's head was written (for -v).
  virtual void on_request_written(Connection& connection, Transfer& transfer,
                                  std::string_view head) = 0;
};

/// Where a connection goes and how it behaves; shared by the connections of one origin.
struct ConnectionSettings {
  /// Where to connect: the origin's (or the proxy's) host and port, or where --connect-to,
  /// --resolve, --unix-socket send it.
  Destination target;
  std::string origin;          ///< "scheme://host:port" for statistics
  double connect_timeout = 0;  ///< seconds, 0 = none (the OS decides)
  double keepalive = 15;       ///< idle limit in seconds; 0 = no reuse
  uint64_t max_requests = 0;   ///< per connection, 0 = no limit
  unsigned pipeline = 1;       ///< requests in flight at once
  TcpOptions tcp;
  TlsContext* tls = nullptr;        ///< TLS to the origin; nullptr for plain HTTP
  std::string tls_host;             ///< the origin's host: SNI and certificate name
  bool via_proxy = false;           ///< host and port are the proxy's
  std::string tunnel_authority;     ///< "host:port" to CONNECT to through the proxy, "" = none
  std::string proxy_authorization;  ///< for the CONNECT request, "" = none
};

/// A connection to one origin. Created by the engine for a first request; freed by the
/// engine in on_closed(), never earlier.
class Connection final : private TransportHandler, private Http1SessionHandler, private BodyWaker {
 public:
  enum class State { Resolving, Connecting, Idle, Busy, Closing };

  Connection(uv_loop_t* loop, ConnectionOwner& owner, uint64_t id,
             const ConnectionSettings& settings);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Resolves and connects, then sends `first`.
  void start(Transfer& first);
  /// True when `transfer` may be sent now: idle, or pipelining with room.
  bool can_accept(const Transfer& transfer) const;
  /// Sends a request (the connection must have said can_accept).
  void send(Transfer& transfer);
  /// Closes the connection; requests in flight fail with `error` (retried where allowed).
  void close(CloseReason reason, const Error& error = Error());
  /// Stops reading the socket until resume_reading() (--limit-rate); harmless when closing.
  void pause_reading() { transport_->pause_reading(); }
  void resume_reading() { transport_->resume_reading(); }
  /// Reading is held back on purpose (--limit-rate), not stalled: the stall limit counts from
  /// now.
  void note_paused_on_purpose() { last_activity_ = monotonic_seconds(); }
  /// Turns pipelining off for this connection (the server showed it cannot take it).
  void disable_pipelining() { pipelining_ok_ = false; }

  uint64_t id() const { return id_; }
  State state() const { return state_; }
  bool is_open() const { return state_ != State::Closing; }
  /// True once TCP (and the tunnel and TLS) are up.
  bool established() const { return established_; }
  uint64_t requests_sent() const { return requests_sent_; }
  size_t in_flight() const { return session_.in_flight().size(); }
  const ConnectionSettings& settings() const { return settings_; }
  const std::string& remote_ip() const { return remote_ip_; }
  uint16_t local_port() const { return transport_ ? transport_->local_port() : 0; }
  /// Monotonic time when the last response completed (for picking the warmest idle one).
  double last_used() const { return last_used_; }

 private:
  // TransportHandler
  void on_transport_ready() override;
  void on_transport_data(std::string_view bytes) override;
  void on_transport_eof() override;
  void on_transport_error(const Error& error) override;
  void on_transport_closed() override;
  bool on_transport_drained() override;
  bool wants_drain() const override;
  // Http1SessionHandler
  void on_session_head(Transfer& transfer) override { owner_.on_head(*this, transfer); }
  void on_session_interim_head(Transfer& transfer) override {
    owner_.on_interim_head(*this, transfer);
  }
  void on_session_body(Transfer& transfer, std::string_view bytes) override {
    owner_.on_body(*this, transfer, bytes);
  }

  // BodyWaker: the request body's source has bytes again (or the 100 Continue came).
  void on_body_ready() override;
  /// Writes the next piece of the body in progress.
  void write_body_piece();
  /// Acts on how far the body got: waits for a wake-up, or fails the connection.
  void after_body_step(BodyStep step);
  void on_resolved(const Error& error, AddressList addresses);
  void connect_next_address();
  void on_response_done(Transfer& transfer, bool bytes_follow);
  /// Writes out_ (a head, a body piece) and drops its memory when it grew large.
  void write_out();
  void fail_in_flight(const Error& error);
  void become_idle();
  void arm_timer();
  void on_timer();
  void emit(ConnectionEvent::Kind kind, CloseReason reason = CloseReason::EndOfRun,
            std::string_view detail = {});

  uv_loop_t* loop_;
  ConnectionOwner& owner_;
  uint64_t id_;
  ConnectionSettings settings_;
  State state_ = State::Resolving;
  std::unique_ptr<Transport> transport_;
  class TlsTransport* tls_transport_ = nullptr;  ///< transport_ when it is TLS, for -v and stats
  Http1Session session_;
  Timer timer_;
  Resolution* resolution_ = nullptr;
  AddressList addresses_;
  size_t next_address_ = 0;
  bool reconnect_after_close_ = false;
  bool established_ = false;
  bool pipelining_ok_ = true;
  Transfer* first_ = nullptr;  ///< the request waiting for the connection to open
  Error last_connect_error_;
  std::string remote_ip_;
  uint16_t remote_port_ = 0;
  uint64_t requests_sent_ = 0;
  uint64_t responses_done_ = 0;
  double idle_limit_ = 0;  ///< seconds; the server's Keep-Alive hint may shorten it
  double idle_since_ = 0;
  double last_used_ = 0;
  double last_activity_ = 0;  ///< last request written or byte read while busy
  double connect_started_ = 0;
  double continue_deadline_ = 0;  ///< when the body goes without a 100 Continue
  bool body_stalled_ = false;     ///< the body waits for its source or the 100: no drain comes
  std::string out_;  ///< serialisation buffer, reused for every request
};

}  // namespace kurl
