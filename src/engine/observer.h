// What the engine reports, as plain data, to the output sinks (body writer, report, stats...).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/peer_certificates.h"
#include "http/response.h"

namespace kurl {

/// Why a connection was closed (the keys of connections_closed in --stats=json).
enum class CloseReason { ServerClose, IdleTimeout, MaxRequests, Error, EndOfRun };

/// The stats key of a close reason ("server_close", ...).
const char* close_reason_key(CloseReason reason);
/// The words -v prints for a close reason.
const char* close_reason_words(CloseReason reason);

/// A connection's life event, as -v and the statistics see it.
struct ConnectionEvent {
  enum class Kind {
    Trying,      ///< a TCP connect to `ip` started
    Connected,   ///< TCP (and TLS) established: a new connection
    Reused,      ///< a request goes out on a connection that already carried one
    LeftIntact,  ///< a response ended and the connection went back to the pool
    Closed,      ///< the connection is closed, for `reason`
  };
  Kind kind = Kind::Connected;
  uint64_t id = 0;
  std::string_view host;    ///< host name as in the URL
  std::string_view origin;  ///< "scheme://host:port", the stats row
  std::string_view ip;
  uint16_t port = 0;
  CloseReason reason = CloseReason::EndOfRun;
  std::string_view
      detail;  ///< extra words for -v: the error of a close, the TLS version and cipher
  bool tls = false;
  bool tls_resumed = false;
};

/// A request is about to be worked on: sinks choose its output here.
struct TransferStart {
  uint64_t index = 0;
  uint64_t line = 0;
  std::string_view url;     ///< as given
  std::string_view output;  ///< per-request output path from the input, "" if none
  /// A sink that cannot take this request's output (-O on a URL with no file name, a path
  /// outside the output directory) sets it: the request then fails before it is sent.
  Error* refusal = nullptr;
};

/// A final response head arrived for a request.
struct ResponseHead {
  uint64_t index = 0;
  const Response* response = nullptr;
  bool final = true;           ///< false for a redirect that will be followed, or a 1xx
  bool interim = false;        ///< a 1xx head (100 Continue, 103 Early Hints)
  bool suppress_body = false;  ///< -f on an error status: the body must not be written
  bool retried = false;        ///< --retry sends the request again: not the user's response
};

/// A request was written on a connection (for -v's "> " lines and the statistics).
struct RequestSent {
  uint64_t index = 0;
  uint64_t connection_id = 0;
  std::string_view origin;  ///< "scheme://host:port"
  std::string_view head;    ///< the request line and headers as sent
  std::string_view body;    ///< a body held in memory (before any chunk framing), else ""
  bool reused = false;      ///< the connection had carried a request before
  bool pipelined = false;   ///< another request was in flight on the connection
  bool retry = false;       ///< a resend of a request that failed on another connection
};

/// A request is sent again: at once on a new connection (a stale or pipelined connection died
/// under it), or after a wait by --retry.
struct RetryEvent {
  enum class Kind { Stale, Pipelined, Retry };
  Kind kind = Kind::Stale;
  uint64_t index = 0;
  std::string_view origin;  ///< "scheme://host:port" of the attempt that failed
  // For Kind::Retry only:
  std::string_view cause;        ///< curl's words: " : timeout", " : HTTP error"...
  const Error* error = nullptr;  ///< why the attempt failed
  double delay = 0;              ///< seconds before the resend
  int retries_left = 0;          ///< resends --retry allows, this one included (curl's count)
};

/// The outcome of one request, sent once when it ends (after redirects and retries).
struct TransferResult {
  uint64_t index = 0;
  uint64_t line = 0;
  std::string url;            ///< as given, without credentials (core/redact.h)
  std::string url_effective;  ///< after redirects, without credentials
  std::string origin;         ///< "scheme://host:port" of the last hop, "" if unparsable
  std::string method;
  std::string name;                  ///< the batch line's "name", "" when it has none
  int status = 0;                    ///< 0 when no response arrived
  Error error;                       ///< ok() on success
  bool expectation_failed = false;   ///< it failed because an --expect-* did not hold (22)
  uint64_t bytes_received = 0;       ///< body bytes of the final response
  uint64_t wire_bytes_received = 0;  ///< every response of every hop, heads included
  int http_connect = 0;              ///< the proxy's answer to CONNECT for this request, 0 = none
  uint64_t header_bytes = 0;  ///< the heads of every hop and 1xx of the last attempt (size_header)
  uint64_t bytes_sent = 0;    ///< every request of every hop of the last --retry attempt
  int requests_sent = 0;      ///< requests written, redirect hops and retries included
  uint64_t upload_bytes = 0;
  uint64_t connection_id = 0;
  bool has_connection = false;
  bool reused = false;  ///< the final attempt went on a connection that had carried one
  int attempts = 0;
  bool stale_retry = false;
  int replays = 0;  ///< times it was sent again after a reused connection failed under it
  std::vector<Error> failed_attempts;  ///< each attempt that failed and --retry sent again
  int redirects = 0;
  int num_connects = 0;  ///< new connections of every hop of the last --retry attempt
  std::shared_ptr<const PeerCertificates> peer_certificates;  ///< when it opened one (-w)
  double time_namelookup = 0, time_connect = 0, time_appconnect = 0;
  double time_starttransfer = 0, time_total = 0;
  std::string remote_ip;
  uint16_t remote_port = 0;
  uint16_t local_port = 0;
  const Response* response = nullptr;  ///< valid during on_transfer_end only

  // The rest of curl 7.88's -w variables (issue 13, write-out).
  double time_pretransfer = 0;  ///< the final request was about to be written
  double time_redirect = 0;     ///< the final hop started (0 without redirects)
  std::string redirect_url;     ///< where a final 3xx's Location points, "" if nowhere
  std::string referer;          ///< the Referer the final request sent, "" if none
  std::string local_ip;         ///< the local address of the final attempt's connection
  std::string output;  ///< the file the body went to, "" for standard output (set by the body sink)
};

/// Receives engine events. Implementations must not call back into the engine.
class Observer {
 public:
  virtual ~Observer() = default;
  /// Lets a sink that failed for this request (e.g. a write error, exit 23) change its
  /// outcome before any observer sees on_transfer_end.
  virtual void amend_result(TransferResult&) {}
  virtual void on_transfer_start(const TransferStart&) {}
  virtual void on_request_sent(const RequestSent&) {}
  virtual void on_response_head(const ResponseHead&) {}
  virtual void on_response_body(uint64_t /*index*/, std::string_view /*bytes*/) {}
  virtual void on_transfer_end(const TransferResult&) {}
  virtual void on_connection_event(const ConnectionEvent&) {}
  /// A request is sent again (stale, pipelined or --retry).
  virtual void on_retry(const RetryEvent&) {}
  /// Periodic tick (about 10 a second) for the progress line; `open` connections now.
  virtual void on_tick(size_t /*open_connections*/) {}
  /// The run is over.
  virtual void on_run_end() {}
  /// Why a sink cannot go on (a write error of its output), ok while it can: the engine
  /// then stops pulling requests and ends those in flight with this error.
  virtual Error stop_reason() const { return Error(); }
  /// True while a sink holds as many finished requests as it may (bodies waiting for their
  /// turn on standard output): the engine starts no new request until one is written out.
  virtual bool holds_back() const { return false; }
};

/// Forwards every event to several observers, in order.
class ObserverList final : public Observer {
 public:
  void add(Observer& observer) { observers_.push_back(&observer); }
  void on_transfer_start(const TransferStart& e) override;
  void on_request_sent(const RequestSent& e) override;
  void on_response_head(const ResponseHead& e) override;
  void on_response_body(uint64_t index, std::string_view bytes) override;
  void amend_result(TransferResult& e) override;
  void on_transfer_end(const TransferResult& e) override;
  void on_connection_event(const ConnectionEvent& e) override;
  void on_retry(const RetryEvent& e) override;
  void on_tick(size_t open_connections) override;
  void on_run_end() override;
  Error stop_reason() const override;
  bool holds_back() const override;

 private:
  std::vector<Observer*> observers_;
};

}  // namespace kurl
