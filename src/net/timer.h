// RAII owner of a uv_timer_t whose memory is released in its close callback.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>

namespace kurl {

/// A re-armable one-shot timer. The callback is fixed at construction, so arming it again
/// allocates nothing. Destroying the Timer closes the handle; the loop frees it later.
class Timer {
 public:
  Timer(uv_loop_t* loop, std::function<void()> on_fire);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  /// Fires once after `ms` milliseconds, replacing any earlier arming.
  void start(uint64_t ms);
  void stop();
  bool active() const;

 private:
  static void on_timer(uv_timer_t* handle);
  uv_timer_t* handle_;
  std::function<void()> on_fire_;
};

/// `seconds` as the whole milliseconds a Timer waits, rounded up (negative waits are 0).
uint64_t timer_milliseconds(double seconds);

/// Seconds since an arbitrary point, from the loop's monotonic high-resolution clock.
double monotonic_seconds();

}  // namespace kurl
