#include "engine/retry_scheduler.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "engine/expectations.h"
#include "engine/pool.h"
#include "net/timer.h"

namespace kurl {

namespace {

double unix_now() {
  using std::chrono::duration;
  using std::chrono::system_clock;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string_view origin_of(const Transfer& transfer) {
  return transfer.origin ? std::string_view(transfer.origin->settings.origin) : std::string_view();
}

// --retry-max-time counts from the start of the first attempt.
double seconds_retrying(const Transfer& transfer) {
  double began = transfer.retries_done == 0 ? transfer.start_time : transfer.retry_started;
  return monotonic_seconds() - began;
}

}  // namespace

RetryScheduler::RetryScheduler(uv_loop_t* loop, const EngineConfig& config, Observer& observer,
                               std::function<void(Transfer&)> resend)
    : loop_(loop),
      config_(config),
      settings_(config.retry),
      attempt_max_time_(config.max_time),
      fail_on_http_error_(config.fail_on_http_error || config.fail_with_body),
      observer_(observer),
      resend_(std::move(resend)) {}

bool RetryScheduler::resend_at_once(Transfer& transfer) {
  FailedAttempt attempt;
  attempt.method = transfer.request.method;
  attempt.connection_was_reused = transfer.reused;
  attempt.response_started = transfer.response_started;
  attempt.already_retried = transfer.retried;
  attempt.was_pipelined = transfer.pipelined;
  attempt.replays_done = transfer.replays;
  if (!may_retry_on_new_connection(attempt, config_.replay)) return false;
  transfer.retried = true;
  ++transfer.replays;
  transfer.stale_retry = transfer.reused && !transfer.pipelined;
  RetryEvent event;
  event.kind = transfer.stale_retry ? RetryEvent::Kind::Stale : RetryEvent::Kind::Pipelined;
  event.index = transfer.spec.index;
  event.origin = origin_of(transfer);
  observer_.on_retry(event);
  return true;
}

bool RetryScheduler::retries_response(Transfer& transfer) {
  if (settings_.retries <= 0) return false;  // the common case: nothing to look at
  int status = transfer.response.status;
  AttemptEnd end;
  end.method = transfer.request.method;
  end.status = status;
  end.status_is_error =
      (fail_on_http_error_ && status >= 400) || !status_expected(config_, transfer, status);
  end.request_sent = true;
  RetryCause cause = retry_cause(end, settings_);
  if (cause == RetryCause::None) return false;
  std::optional<double> retry_after;
  if (cause == RetryCause::HttpError) {  // as curl: the server's wait counts for its errors
    if (auto value = transfer.response.headers.find("Retry-After")) {
      retry_after = parse_retry_after(*value, unix_now());
    }
  }
  RetryPlan plan =
      plan_retry(settings_, transfer.retries_done, seconds_retrying(transfer), retry_after);
  if (!plan.retry) return false;
  transfer.retry_pending = true;
  transfer.pending_plan = plan;
  transfer.pending_cause = cause;
  return true;
}

void RetryScheduler::wait_after_response(Transfer& transfer) {
  Error failure(ExitCode::HttpError,
                "the requested URL returned error: " + std::to_string(transfer.response.status));
  wait(transfer, std::move(failure), transfer.pending_cause, transfer.pending_plan.delay);
}

bool RetryScheduler::retries_failure(Transfer& transfer, const Error& error) {
  if (settings_.retries <= 0) return false;
  AttemptEnd end;
  end.method = transfer.request.method;
  end.status = transfer.response.status;
  end.exit_code = error.exit_code();
  end.connection_refused = error.os_error == UV_ECONNREFUSED;
  end.request_sent = transfer.has_connection;  // set once the request went to a connection
  RetryCause cause = retry_cause(end, settings_);
  if (cause == RetryCause::None) return false;
  RetryPlan plan =
      plan_retry(settings_, transfer.retries_done, seconds_retrying(transfer), std::nullopt);
  if (!plan.retry) return false;
  wait(transfer, error, cause, plan.delay);
  return true;
}

void RetryScheduler::wait(Transfer& transfer, Error failure, RetryCause cause, double delay) {
  if (transfer.retries_done == 0) transfer.retry_started = transfer.start_time;
  ++transfer.retries_done;
  transfer.failed_attempts.push_back(std::move(failure));
  RetryEvent event;
  event.kind = RetryEvent::Kind::Retry;
  event.index = transfer.spec.index;
  event.origin = origin_of(transfer);
  event.cause = retry_cause_words(cause);
  event.error = &transfer.failed_attempts.back();
  event.delay = delay;
  event.retries_left = settings_.retries - transfer.retries_done + 1;
  observer_.on_retry(event);
  if (!transfer.retry_timer) {
    Transfer* waiting = &transfer;  // a Transfer is recycled in place: the pointer stays valid
    transfer.retry_timer =
        std::make_unique<Timer>(loop_, [this, waiting] { on_wait_over(*waiting); });
  }
  waiting_.push_back(&transfer);
  transfer.retry_timer->start(timer_milliseconds(delay));
}

void RetryScheduler::on_wait_over(Transfer& transfer) {
  waiting_.erase(std::find(waiting_.begin(), waiting_.end(), &transfer));
  transfer.retry_pending = false;
  transfer.retried = true;  // a resend: the statistics count it in retries, not in requests
  // The failed attempt's head is added to head_bytes_received when the resend is dispatched.
  transfer.attempt_start = {transfer.bytes_sent,
                            transfer.head_bytes_received + transfer.response.head_bytes,
                            transfer.connections_opened};
  // -m bounds each attempt, as in curl; the times reported are the last attempt's.
  transfer.start_time = monotonic_seconds();
  transfer.deadline = attempt_max_time_ > 0 ? transfer.start_time + attempt_max_time_ : 0;
  resend_(transfer);
}

void RetryScheduler::cancel_all(const std::function<void(Transfer&)>& end) {
  std::vector<Transfer*> waiting = std::move(waiting_);
  waiting_.clear();
  for (Transfer* transfer : waiting) {
    transfer->retry_timer->stop();
    end(*transfer);
  }
}

}  // namespace kurl
