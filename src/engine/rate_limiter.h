// A token bucket for --rate: at most R request starts a second, decimals allowed.
#pragma once

namespace kurl {

/// Starts are spaced 1/R seconds apart with a burst of one, so R=0.5 means one every 2 s.
class RateLimiter {
 public:
  /// `per_second` <= 0 means unlimited.
  explicit RateLimiter(double per_second) : per_second_(per_second) {}
  /// Takes a token at time `now` (seconds) if one is available.
  bool try_take(double now);
  /// Seconds from `now` until the next token; 0 when one is available.
  double wait_time(double now) const;
  bool limited() const { return per_second_ > 0; }

 private:
  /// How late a start may be and still keep the schedule: a few of libuv's timer ticks.
  static constexpr double kOnScheduleLateness = 0.005;

  double per_second_;
  double next_start_ = 0;  ///< earliest time of the next start
};

}  // namespace kurl
