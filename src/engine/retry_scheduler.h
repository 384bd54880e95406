// --retry on the loop: decides through engine/retry_policy, waits on a libuv timer per waiting
// request (never blocking the others), and hands the request back to the engine to resend.
#pragma once

#include <uv.h>

#include <functional>
#include <vector>

#include "core/error.h"
#include "engine/engine_config.h"
#include "engine/observer.h"
#include "engine/retry_policy.h"
#include "engine/transfer.h"

namespace kurl {

/// Waits and resends for one run. The engine asks it at a final response head and after a
/// failed attempt; a request it keeps is neither in flight nor finished until it is resent.
class RetryScheduler {
 public:
  /// `resend` starts the next attempt of a request whose wait is over. Reads --retry, -m
  /// (which bounds each attempt anew) and -f from `config`.
  RetryScheduler(uv_loop_t* loop, const EngineConfig& config, Observer& observer,
                 std::function<void(Transfer&)> resend);
  RetryScheduler(const RetryScheduler&) = delete;
  RetryScheduler& operator=(const RetryScheduler&) = delete;

  /// Stale retry: the failed attempt may go again at once on a new connection. Marks the
  /// transfer and tells the observer when it does.
  bool resend_at_once(Transfer& transfer);

  /// At a final response head: true when --retry sends the request again after this
  /// response (its body is then not the user's).
  bool retries_response(Transfer& transfer);
  /// The response retries_response() kept has ended: wait, then resend.
  void wait_after_response(Transfer& transfer);
  /// After a failed attempt: true when it waits for a resend (the caller must not end it).
  bool retries_failure(Transfer& transfer, const Error& error);

  /// Requests waiting for their resend now (they hold their -P slot).
  size_t waiting() const { return waiting_.size(); }
  /// Stops every wait and hands each waiting request to `end` (abort).
  void cancel_all(const std::function<void(Transfer&)>& end);

 private:
  void wait(Transfer& transfer, Error failure, RetryCause cause, double delay);
  void on_wait_over(Transfer& transfer);

  uv_loop_t* loop_;
  const EngineConfig& config_;  ///< the engine's, which outlives this scheduler
  RetrySettings settings_;
  double attempt_max_time_;
  bool fail_on_http_error_;
  Observer& observer_;
  std::function<void(Transfer&)> resend_;
  std::vector<Transfer*> waiting_;
};

}  // namespace kurl
