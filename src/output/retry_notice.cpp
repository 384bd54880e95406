#include "output/retry_notice.h"

namespace kurl {

std::string RetryNotice::line(const RetryEvent& e) {
  // curl prints whole seconds; kurl's waits may be shorter (--retry-delay 0.5), so "%g".
  char delay[32];
  std::snprintf(delay, sizeof delay, "%g", e.delay);
  std::string out = "Warning: Problem";
  out.append(e.cause);
  out += ". Will retry in ";
  out += delay;
  out += " seconds. " + std::to_string(e.retries_left) + " retries left.\n";
  return out;
}

void RetryNotice::on_retry(const RetryEvent& e) {
  if (e.kind != RetryEvent::Kind::Retry) return;
  std::string text = line(e);
  std::fwrite(text.data(), 1, text.size(), stream_);
}

}  // namespace kurl
