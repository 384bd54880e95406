// The engine's working state for one request, from the first attempt to the last redirect.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "engine/body_sample.h"
#include "engine/limit_state.h"
#include "engine/body_source.h"
#include "engine/request_spec.h"
#include "engine/retry_policy.h"
#include "http/body_decoder.h"
#include "http/request.h"
#include "http/response.h"
#include "net/timer.h"
#include "net/transport.h"

namespace kurl {

class Connection;
struct OriginState;

/// One request in flight. Transfers are recycled between requests (their strings keep their
/// capacity), so a warm batch allocates nothing for them.
struct Transfer {
  RequestSpec spec;
  Request request;    ///< the current hop (after redirects)
  StringBody string_body;  ///< request.body for a body held in memory (no allocation)
  std::unique_ptr<StreamedBody> streamed_body;  ///< request.body for one read as it is sent
  Response response;  ///< the response being read for the current attempt
  BodyDecoder decoder;  ///< --compressed: decodes the final response's body for the sinks
  OriginState* origin = nullptr;
  Url proxy;  ///< the proxy of the current hop, when has_proxy
  bool has_proxy = false;
  Connection* connection = nullptr;  ///< set while a connection carries this request

  // Attempts.
  int attempts = 0;
  int redirects = 0;
  bool stale_retry = false;  ///< it was resent after a stale reused connection died
  bool retried = false;      ///< it was resent on a new connection for any reason
  bool reused = false;       ///< the current attempt went on a connection that had carried one
  bool pipelined = false;    ///< the current attempt was queued behind another on the wire
  bool credentials_dropped = false;  ///< a redirect left the first origin: no -u, Cookie
  bool expect_dropped = false;         ///< a 417 refused its Expect: it goes without one
  bool resend_without_expect = false;  ///< that 417 just came: send it again at once
  uint64_t connection_id = 0;
  int proxy_connect_status = 0;  ///< the CONNECT answer of the connection it opened, 0 = none
  std::shared_ptr<const PeerCertificates> peer_certificates;  ///< of the connection it opened
  bool has_connection = false;
  std::string remote_ip;
  uint16_t remote_port = 0;
  std::string local_ip;
  uint16_t local_port = 0;

  // Times in monotonic seconds; 0 = not reached.
  double start_time = 0;
  double deadline = 0;  ///< -m: the request fails with 28 after this; 0 = none
  double namelookup_time = 0, connect_time = 0, appconnect_time = 0, first_byte_time = 0;
  uint64_t bytes_sent = 0;           ///< all hops and attempts
  uint64_t body_bytes_sent = 0;      ///< body bytes of the current attempt (curl's size_upload)
  uint64_t wire_bytes_received = 0;  ///< all hops and attempts
  uint64_t head_bytes_received = 0;  ///< response heads of earlier hops and attempts
  int requests_sent = 0;

  // For -w (curl's num_connects, time_pretransfer, time_redirect).
  int connections_opened = 0;   ///< new connections of every hop and attempt
  /// The counters when the current --retry attempt began: curl starts -w's counters again
  /// for each attempt (size_request, size_header, num_connects), the statistics do not.
  struct AttemptStart {
    uint64_t bytes_sent = 0;
    uint64_t head_bytes = 0;
    int connections = 0;
  } attempt_start;
  double pretransfer_time = 0;  ///< the current attempt's request was about to be written
  double redirect_time = 0;     ///< the last redirect was followed; 0 = none

  /// Where the current attempt goes: both ends of its connection ("", 0 for none yet).
  void set_addresses(std::string_view remote, uint16_t remote_port_number, std::string_view local,
                     uint16_t local_port_number) {
    remote_ip = remote;  // assigning keeps the strings' capacity
    remote_port = remote_port_number;
    local_ip = local;
    local_port = local_port_number;
  }

  /// The current attempt opened `transport` (TLS when `tls`) and goes out on it first.
  void opened_connection(const Transport& transport, bool tls) {
    connect_time = transport.times().connected;
    appconnect_time = tls ? transport.times().ready : 0;
    proxy_connect_status = transport.proxy_connect_status();
    peer_certificates = transport.peer_certificates();
    ++connections_opened;
  }

  /// A new attempt (a redirect hop, a resend): what the last one learnt is forgotten, what
  /// the whole request counts is kept.
  void begin_attempt() {
    wire_bytes_received += response.wire_bytes;
    head_bytes_received += response.head_bytes;
    forget_attempt();
    body_sample.clear();
    limit.new_attempt();
    ++attempts;
  }

  /// Counts a redirect hop followed at `now` (monotonic seconds).
  void follow_redirect(double now) {
    ++redirects;
    redirect_time = now;
  }

  bool response_started = false;    ///< a byte of the current attempt's response arrived
  bool refuses_pipelining = false;  ///< its response showed the server cannot pipeline
  bool final_head = true;           ///< the current response is the one the user gets
  BodySample body_sample;           ///< the final body's first bytes, for --expect-body
  LimitState limit;                 ///< -C offset, --limit-rate pacing, a 63 or 33 pending

  // --retry (engine/retry_scheduler): empty and unallocated while nothing is retried.
  int retries_done = 0;        ///< resends made by --retry
  int replays = 0;             ///< resends after a reused connection failed under it
  bool retry_pending = false;  ///< the current response is retried, not given to the user
  RetryPlan pending_plan;      ///< when retry_pending: the wait decided at its head
  RetryCause pending_cause = RetryCause::None;
  double retry_started = 0;            ///< when the first attempt began (--retry-max-time)
  std::vector<Error> failed_attempts;  ///< the error of each attempt --retry sent again
  std::unique_ptr<Timer> retry_timer;  ///< made on the first wait, kept when recycled

  void reset() {
    spec.clear();
    request.method.clear();  // clear() keeps the capacity of every string
    request.url.host.clear();
    request.url.target.clear();
    forget_attempt();
    request.body = nullptr;
    streamed_body.reset();
    origin = nullptr;
    has_proxy = false;
    connection = nullptr;
    attempts = redirects = 0;
    stale_retry = retried = credentials_dropped = false;
    expect_dropped = resend_without_expect = false;
    start_time = deadline = 0;
    bytes_sent = body_bytes_sent = wire_bytes_received = head_bytes_received = 0;
    requests_sent = connections_opened = 0;
    attempt_start = {};
    redirect_time = 0;
    refuses_pipelining = false;
    final_head = true;
    body_sample.start(0);
    retries_done = replays = 0;
    retry_pending = false;
    pending_plan = {};
    pending_cause = RetryCause::None;
    retry_started = 0;
    failed_attempts.clear();
    limit.reset();
  }

 private:
  /// What one attempt learns about its connection and response.
  void forget_attempt() {
    response.clear();
    response_started = false;
    namelookup_time = connect_time = appconnect_time = 0;
    first_byte_time = pretransfer_time = 0;
    reused = pipelined = has_connection = false;
    connection_id = 0;
    proxy_connect_status = 0;
    peer_certificates.reset();
    set_addresses({}, 0, {}, 0);
  }
};

}  // namespace kurl
