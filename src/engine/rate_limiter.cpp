#include "engine/rate_limiter.h"

#include <algorithm>

namespace kurl {

bool RateLimiter::try_take(double now) {
  if (per_second_ <= 0) return true;
  if (now < next_start_) return false;
  // A timer fires on a later loop turn, to the millisecond: a start that late keeps its slot
  // in the schedule, or every interval would stretch by the lateness (1,000 a second came
  // out as about 740). After a longer pause the schedule restarts from now, never bursting.
  bool on_schedule = next_start_ > 0 && now - next_start_ <= kOnScheduleLateness;
  next_start_ = (on_schedule ? next_start_ : now) + 1.0 / per_second_;
  return true;
}

double RateLimiter::wait_time(double now) const {
  if (per_second_ <= 0) return 0;
  return std::max(0.0, next_start_ - now);
}

}  // namespace kurl
