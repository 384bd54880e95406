#include "net/timer.h"

#include <algorithm>
#include <cmath>

namespace kurl {

namespace {
void free_timer(uv_handle_t* handle) {
  delete reinterpret_cast<uv_timer_t*>(handle);
}
}  // namespace

Timer::Timer(uv_loop_t* loop, std::function<void()> on_fire)
    : handle_(new uv_timer_t), on_fire_(std::move(on_fire)) {
  uv_timer_init(loop, handle_);
  handle_->data = this;
}

Timer::~Timer() {
  uv_timer_stop(handle_);
  handle_->data = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(handle_), free_timer);
}

void Timer::on_timer(uv_timer_t* handle) {
  if (auto* self = static_cast<Timer*>(handle->data)) self->on_fire_();
}

void Timer::start(uint64_t ms) {
  uv_timer_start(handle_, &Timer::on_timer, ms, 0);
}

void Timer::stop() {
  uv_timer_stop(handle_);
}

bool Timer::active() const {
  return uv_is_active(reinterpret_cast<const uv_handle_t*>(handle_)) != 0;
}

uint64_t timer_milliseconds(double seconds) {
  return static_cast<uint64_t>(std::ceil(std::max(0.0, seconds) * 1000));
}

double monotonic_seconds() {
  return static_cast<double>(uv_hrtime()) / 1e9;
}

}  // namespace kurl
