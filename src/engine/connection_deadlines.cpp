// A connection's deadlines: connecting, the wait for a 100 Continue, -m, a stalled
// response and the idle limit, all on the connection's one timer.
#include <algorithm>
#include <cmath>

#include "engine/connection.h"
#include "engine/timeouts.h"

namespace kurl {

namespace {

/// curl's default connect timeout when --connect-timeout is not given.
constexpr double kDefaultConnectTimeout = 300;
/// Without -m, a busy connection on which nothing arrives for this long fails its requests
/// (exit 28): no wait on the network is unbounded.
constexpr double kStalledConnectionTimeout = 300;

}  // namespace

void Connection::arm_timer() {
  double now = monotonic_seconds();
  double deadline = 0;
  auto earliest = [&deadline](double candidate) {
    if (candidate > 0 && (deadline == 0 || candidate < deadline)) deadline = candidate;
  };
  switch (state_) {
    case State::Resolving:
    case State::Connecting:
      earliest(connect_started_ + (settings_.connect_timeout > 0 ? settings_.connect_timeout
                                                                 : kDefaultConnectTimeout));
      if (first_) earliest(first_->deadline);
      break;
    case State::Busy:
      for (const Transfer* transfer : session_.in_flight()) earliest(transfer->deadline);
      earliest(last_activity_ + kStalledConnectionTimeout);
      if (session_.awaiting_continue()) earliest(continue_deadline_);
      break;
    case State::Idle:
      deadline = idle_since_ + idle_limit_;
      break;
    case State::Closing:
      timer_.stop();
      return;
  }
  if (deadline == 0) {
    timer_.stop();
    return;
  }
  timer_.start(static_cast<uint64_t>(std::ceil(std::max(0.0, deadline - now) * 1000)));
}

void Connection::on_timer() {
  double now = monotonic_seconds();
  switch (state_) {
    case State::Resolving:
    case State::Connecting: {
      if (first_ && first_->deadline > 0 && now >= first_->deadline) {
        close(CloseReason::Error, operation_timed_out(now - first_->start_time));
      } else {
        close(CloseReason::Error,
              connect_timed_out(settings_.target.host, settings_.target.port, now - connect_started_));
      }
      return;
    }
    case State::Busy: {
      if (session_.awaiting_continue() && now >= continue_deadline_ - 0.0005) {
        session_.release_continue();  // no 100 within the wait: send the body anyway, as curl
        on_body_ready();
        if (state_ == State::Busy) arm_timer();
        return;
      }
      const Transfer* expired = nullptr;
      for (const Transfer* transfer : session_.in_flight()) {
        if (transfer->deadline > 0 && now >= transfer->deadline - 0.0005) expired = transfer;
      }
      if (!expired) {
        if (now >= last_activity_ + kStalledConnectionTimeout - 0.0005) {
          close(CloseReason::Error, connection_stalled(settings_.target.host, now - last_activity_));
          return;
        }
        arm_timer();
        return;
      }
      close(CloseReason::Error,
            operation_timed_out(
                now - expired->start_time,
                " with " + std::to_string(expired->response.body_bytes) + " bytes received"));
      return;
    }
    case State::Idle:
      close(CloseReason::IdleTimeout);
      return;
    case State::Closing:
      return;
  }
}

}  // namespace kurl
