#include "engine/engine.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/text.h"
#include "engine/expectations.h"
#include "engine/redirect_policy.h"
#include "engine/request_body.h"
#include "engine/timeouts.h"
#include "engine/transfer_result.h"

namespace kurl {

Engine::Engine(uv_loop_t* loop, EngineConfig config, Source& source, Observer& observer)
    : loop_(loop),
      config_(std::move(config)),
      source_(source),
      observer_(observer),
      rate_(config_.rate),
      tls_(loop, config_.tls,
           [this](Transfer& transfer, bool fresh, const Error& error) {
             error.ok() ? dispatch(transfer, fresh) : finish(transfer, error);
           }),
      pool_(loop, static_cast<ConnectionOwner&>(*this), config_),
      retry_(loop, config_, observer, [this](Transfer& transfer) { dispatch(transfer, false); }),
      limits_(loop, config_.limits) {
  if (config_.parallel == 0) config_.parallel = 1;
  if (config_.max_per_host == 0) config_.max_per_host = 1;
  if (config_.pipeline == 0) config_.pipeline = 1;
  // --keepalive=0: every request asks the server to close (decided once, not per request).
  config_.header_defaults.connection_close = config_.keepalive <= 0;
}

Engine::~Engine() = default;

void Engine::run() {
  if (config_.tick_interval > 0) {
    tick_timer_ = std::make_unique<Timer>(loop_, [this] { on_tick(); });
    tick_timer_->start(timer_milliseconds(config_.tick_interval));
  }
  source_.start(loop_, [this] { pump(); });  // more input arrived: read on
  pump();
  uv_run(loop_, UV_RUN_DEFAULT);
}

void Engine::request_stop(const Error& reason) {
  if (stopping_) return;
  stopping_ = true;
  source_done_ = true;
  abort_error_ = reason;
  // Called from inside connection callbacks: tear down from a fresh loop turn instead.
  abort_timer_ = std::make_unique<Timer>(loop_, [this] { abort(abort_error_); });
  abort_timer_->start(0);
}

void Engine::abort(const Error& reason) {
  if (aborted_) return;
  aborted_ = true;
  stopping_ = true;
  abort_error_ = reason;
  source_done_ = true;
  if (rate_pending_) release_transfer(std::exchange(rate_pending_, nullptr));  // never started
  // Waiting requests never started on the wire: end them first, in order.
  tls_.cancel_all(reason);
  for (OriginState* origin : pool_.origins()) {
    while (!origin->waiters.empty()) finish(take_waiter(*origin), reason);
  }
  retry_.cancel_all([this, &reason](Transfer& transfer) { finish(transfer, reason); });
  for (Connection* connection : pool_.all_connections())
    connection->close(CloseReason::Error, reason);
  maybe_end_run();
}

// ---- pulling requests -----------------------------------------------------------------

void Engine::pump() {
  if (pumping_) {
    pump_again_ = true;  // a finish() inside the loop below asks again: loop, don't recurse
    return;
  }
  pumping_ = true;
  do {
    pump_again_ = false;
    while (!source_done_ && !stopping_ && in_flight_ + retry_.waiting() < config_.parallel &&
           queued_ + tls_.waiting() < config_.parallel && observer_.stop_reason().ok() &&
           !observer_.holds_back()) {
      // Read the next request before waiting for a --rate token, so the end of the input
      // is known at once and the run never waits for a start that will not come.
      Transfer* transfer = std::exchange(rate_pending_, nullptr);
      if (!transfer) {
        transfer = acquire_transfer();
        if (!source_.next(transfer->spec)) {
          source_done_ = !source_.pending();
          release_transfer(transfer);
          break;
        }
      }
      double now = monotonic_seconds();
      if (!rate_.try_take(now)) {
        rate_pending_ = transfer;
        if (!rate_timer_) rate_timer_ = std::make_unique<Timer>(loop_, [this] { on_rate_timer(); });
        if (!rate_timer_->active()) rate_timer_->start(timer_milliseconds(rate_.wait_time(now)));
        break;
      }
      ++live_;
      begin(*transfer);
    }
    if (!stopping_ && !observer_.stop_reason().ok()) source_done_ = true;
  } while (pump_again_);
  pumping_ = false;
  maybe_end_run();
}

void Engine::on_rate_timer() {
  pump();
}

void Engine::on_tick() {
  observer_.on_tick(pool_.size());
  if (!ended_ && tick_timer_) tick_timer_->start(timer_milliseconds(config_.tick_interval));
}

Transfer* Engine::acquire_transfer() {
  if (spare_transfers_.empty()) {
    all_transfers_.push_back(std::make_unique<Transfer>());
    return all_transfers_.back().get();
  }
  Transfer* transfer = spare_transfers_.back();
  spare_transfers_.pop_back();
  return transfer;
}

void Engine::release_transfer(Transfer* transfer) {
  transfer->reset();
  spare_transfers_.push_back(transfer);
}

// ---- starting a request ---------------------------------------------------------------

void Engine::begin(Transfer& transfer) {
  transfer.start_time = monotonic_seconds();
  transfer.deadline = config_.max_time > 0 ? transfer.start_time + config_.max_time : 0;
  start_expectations(config_, transfer);
  observer_.on_transfer_start(TransferStart{transfer.spec.index, transfer.spec.line,
                                            transfer.spec.url, transfer.spec.output,
                                            &transfer.spec.error});
  if (!transfer.spec.error.ok()) {
    finish(transfer, transfer.spec.error);
    return;
  }
  Error error = prepare_first_request(transfer);
  if (!error.ok()) {
    finish(transfer, error);
    return;
  }
  dispatch(transfer, false);
}

Error Engine::prepare_first_request(Transfer& transfer) {
  Url& url = transfer.request.url;  // parsed into the strings Transfer::reset kept
  Error parsed = parse_url_into(transfer.spec.url, url, config_.redirect.dots);
  if (parsed.ok() && !url.is_http_family())
    parsed = Error(ExitCode::UnsupportedProtocol, "protocol \"" + url.scheme + "\" not supported");
  if (!parsed.ok()) {
    url.host.clear();  // no request was built: the result shows the URL as given
    return parsed;
  }
  Error routing = route(transfer);
  if (!routing.ok()) return routing;
  attach_request_body(config_, loop_, transfer);
  return build_transfer_headers(config_, transfer, defaults_scratch_);
}

Error Engine::route(Transfer& transfer) {
  Request& request = transfer.request;
  Result<std::optional<Url>> proxy = choose_proxy(request.url, config_.proxy);
  if (!proxy) return proxy.error();
  transfer.has_proxy = proxy->has_value();
  if (transfer.has_proxy) transfer.proxy = std::move(**proxy);
  request.absolute_form = transfer.has_proxy && request.url.scheme == "http";
  return Error();
}

// ---- the pool ---------------------------------------------------------------------------

void Engine::dispatch(Transfer& transfer, bool fresh_connection) {
  double now = monotonic_seconds();
  if (transfer.deadline > 0 && now >= transfer.deadline) {
    finish(transfer, operation_timed_out(now - transfer.start_time));
    return;
  }
  bool https = transfer.request.url.scheme == "https";
  if (https && !tls_.admit(transfer, fresh_connection)) return;
  OriginState& origin = pool_.origin_for(transfer, https ? tls_.context() : nullptr);
  transfer.origin = &origin;
  transfer.begin_attempt();
  if (transfer.request.body && !transfer.request.body->rewind()) {
    finish(transfer, body_not_rewindable());
    return;
  }
  if (!origin.waiters.empty()) {
    // Others wait for this origin already: keep the queue first-in first-out, so a request
    // that cannot be pipelined (a POST) is not overtaken by every later one.
    enqueue_waiter(origin, transfer, fresh_connection);
    serve_waiters(origin, nullptr);
    return;
  }
  if (Connection* connection = fresh_connection ? nullptr : pool_.lease(origin, transfer)) {
    ++in_flight_;
    connection->send(transfer);
    return;
  }
  if (pool_.may_open(origin)) {
    ++in_flight_;
    pool_.open(origin, transfer);
    return;
  }
  enqueue_waiter(origin, transfer, fresh_connection);
}

void Engine::enqueue_waiter(OriginState& origin, Transfer& transfer, bool resend) {
  ++queued_;
  if (resend) {
    // Resends were sent before everything waiting: they go first, in their own order.
    origin.waiters.insert(
        origin.waiters.begin() + static_cast<std::ptrdiff_t>(origin.resends_waiting), &transfer);
    ++origin.resends_waiting;
  } else {
    origin.waiters.push_back(&transfer);
  }
}

Transfer& Engine::take_waiter(OriginState& origin) {
  Transfer& next = *origin.waiters.front();
  origin.waiters.pop_front();
  if (origin.resends_waiting > 0) --origin.resends_waiting;
  --queued_;
  return next;
}

void Engine::serve_waiters(OriginState& origin, Connection* connection) {
  while (!origin.waiters.empty() && !stopping_) {
    Transfer& next = *origin.waiters.front();
    double now = monotonic_seconds();
    if (next.deadline > 0 && now >= next.deadline) {
      // Its -m ran out while it waited: end it here rather than on a healthy connection.
      take_waiter(origin);
      finish(next, operation_timed_out(now - next.start_time, " waiting for a connection"));
      continue;
    }
    if (connection && connection->can_accept(next)) {
      take_waiter(origin);
      ++in_flight_;
      connection->send(next);
      continue;
    }
    if (!connection && pool_.may_open(origin)) {
      take_waiter(origin);
      ++in_flight_;
      pool_.open(origin, next);
      continue;
    }
    break;
  }
}

// ---- connection events ------------------------------------------------------------------

void Engine::on_ready(Connection& connection) {
  if (OriginState* origin = pool_.origin_of(connection)) serve_waiters(*origin, nullptr);
}

void Engine::on_idle(Connection& connection) {
  if (OriginState* origin = pool_.origin_of(connection)) serve_waiters(*origin, &connection);
  pool_.park(connection);  // still idle: it joins the pool's idle list (and its cap)
  if (stopping_ || (source_done_ && in_flight_ == 0 && queued_ == 0)) maybe_end_run();
}

void Engine::on_leaving(Connection& connection) {
  if (OriginState* origin = pool_.forget(connection)) serve_waiters(*origin, nullptr);
}

void Engine::on_closed(Connection& connection) {
  pool_.destroy(connection);
}

void Engine::on_connection_event(const ConnectionEvent& event) {
  observer_.on_connection_event(event);
}

void Engine::on_request_written(Connection& connection, Transfer& transfer, std::string_view head) {
  RequestSent sent;
  describe_request_sent(transfer, connection.id(), connection.settings().origin, head, sent);
  observer_.on_request_sent(sent);
}

void Engine::on_head(Connection&, Transfer& transfer) {
  const Response& response = transfer.response;
  store_response_cookies(config_.cookies, transfer.request, response);
  bool follow = config_.follow_redirects && is_redirect_status(response.status) &&
                response.headers.find("Location").has_value();
  bool resend = !stopping_ && drop_refused_expect(transfer);  // a 417 to Expect, as curl
  transfer.final_head = !follow && !resend && (stopping_ || !retry_.retries_response(transfer));
  // -f judges an error status before a resume or a size limit looks at it, as in curl.
  bool http_error =
      (config_.fail_on_http_error || config_.fail_with_body) && response.status >= 400;
  if (transfer.final_head && limits_.active() && !http_error) limits_.on_head(transfer);
  ResponseHead head;
  head.index = transfer.spec.index;
  head.response = &response;
  head.final = transfer.final_head;
  head.retried = transfer.retry_pending;
  head.suppress_body =
      transfer.final_head && ((http_error && !config_.fail_with_body) ||
                              transfer.limit.body_ignored || !transfer.limit.failure.ok());
  transfer.decoder.start(config_.decode_bodies && transfer.final_head,
                         response.headers.find("Content-Encoding"));
  observer_.on_response_head(head);
}

void Engine::on_interim_head(Connection&, Transfer& transfer) {
  ResponseHead head;
  head.index = transfer.spec.index;
  head.response = &transfer.response;
  head.final = false;
  head.interim = true;
  observer_.on_response_head(head);
}

void Engine::on_body(Connection& connection, Transfer& transfer, std::string_view bytes) {
  if (!transfer.final_head || transfer.limit.body_ignored) return;
  if (limits_.active() && !limits_.on_body(connection, transfer, bytes.size())) return;
  auto to_sinks = [&](std::string_view decoded) {
    observer_.on_response_body(transfer.spec.index, decoded);
    transfer.body_sample.feed(decoded);
  };
  transfer.decoder.feed(bytes, to_sinks);
  if (Error reason = observer_.stop_reason(); !reason.ok()) request_stop(reason);
}

void Engine::on_complete(Connection& connection, Transfer& transfer) {
  --in_flight_;
  if (limits_.active()) limits_.release(connection, transfer);
  if (config_.pipeline > 1 && transfer.refuses_pipelining) {
    // A server that answers HTTP/1.0 or closes gets no further pipelining in this run.
    if (OriginState* origin = pool_.origin_of(connection)) pool_.disable_pipelining(*origin);
  }
  if (transfer.resend_without_expect) {
    transfer.resend_without_expect = false;
    dispatch(transfer, true);  // its connection closed: the body was never sent on it
  } else if (!transfer.final_head) {
    transfer.retry_pending ? retry_.wait_after_response(transfer) : follow_redirect(transfer);
  } else {  // the verdict (expectations, -f) is judged in finish()
    finish(transfer,
           transfer.limit.failure.ok() ? transfer.decoder.error() : transfer.limit.failure);
  }
}

void Engine::on_failed(Connection& connection, Transfer& transfer, const Error& error) {
  --in_flight_;
  if (limits_.active()) limits_.release(connection, transfer);
  if (transfer.pipelined && config_.pipeline > 1 && transfer.origin) {
    // A server that drops pipelined requests gets no more pipelining in this run.
    pool_.disable_pipelining(*transfer.origin);
  }
  if (!stopping_ && retry_.resend_at_once(transfer)) {
    dispatch(transfer, true);
    return;
  }
  if (stopping_ || !retry_.retries_failure(transfer, error)) finish(transfer, error);
}

void Engine::follow_redirect(Transfer& transfer) {
  std::string_view location = *transfer.response.headers.find("Location");
  if (config_.max_redirects >= 0 && transfer.redirects >= config_.max_redirects) {
    finish(transfer,
           Error(ExitCode::TooManyRedirects,
                 "maximum (" + std::to_string(config_.max_redirects) + ") redirects followed"));
    return;
  }
  Result<RedirectPlan> plan = plan_redirect(transfer.request.url, transfer.request.method,
                                            transfer.response.status, location, config_.redirect);
  if (!plan) {
    finish(transfer, plan.error());
    return;
  }
  Request& request = transfer.request;
  bool drop_credentials = !plan->keep_credentials || transfer.credentials_dropped;
  request.url = std::move(plan->url);
  request.method = plan->method;
  if (!plan->keep_body) {
    request.has_body = false;
    request.body = nullptr;
  }
  transfer.follow_redirect(monotonic_seconds());
  transfer.credentials_dropped = drop_credentials;
  Error error = route(transfer);
  if (error.ok()) error = build_transfer_headers(config_, transfer, defaults_scratch_);
  if (!error.ok()) {
    finish(transfer, error);
    return;
  }
  transfer.retried = false;
  dispatch(transfer, false);
}

// ---- ending a request -------------------------------------------------------------------

void Engine::finish(Transfer& transfer, const Error& error) {
  describe_transfer(transfer, judge_transfer(config_, transfer, error, monotonic_seconds()),
                    config_.method, result_);
  observer_.amend_result(result_);
  observer_.on_transfer_end(result_);
  result_.response = nullptr;
  --live_;
  release_transfer(&transfer);
  pump();
}

void Engine::maybe_end_run() {
  if (ended_ || !source_done_ || live_ != 0) return;
  ended_ = true;
  source_.detach();
  for (Connection* connection : pool_.all_connections()) connection->close(CloseReason::EndOfRun);
  // Stopped, not destroyed: this may run inside one of their callbacks.
  if (rate_timer_) rate_timer_->stop();
  if (tick_timer_) tick_timer_->stop();
  if (abort_timer_) abort_timer_->stop();
  observer_.on_run_end();
}

}  // namespace kurl
