#include "engine/rate_limiter.h"

#include <algorithm>

namespace kurl {

bool RateLimiter::try_take(double now) {
  if (per_second_ <= 0) return true;
  if (now < next_start_) return false;
  // Catching up after a pause never bursts: the next start is one interval after this one.
  next_start_ = std::max(next_start_, now) + 1.0 / per_second_;
  return true;
}

double RateLimiter::wait_time(double now) const {
  if (per_second_ <= 0) return 0;
  return std::max(0.0, next_start_ - now);
}

}  // namespace kurl
