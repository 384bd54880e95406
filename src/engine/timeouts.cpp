#include "engine/timeouts.h"

#include <cmath>

namespace kurl {

std::string milliseconds_text(double seconds) {
  return std::to_string(static_cast<long long>(std::llround(seconds * 1000))) + " ms";
}

Error operation_timed_out(double elapsed_seconds, std::string_view detail) {
  std::string message = "operation timed out after " + milliseconds_text(elapsed_seconds);
  message.append(detail);
  return Error(ExitCode::Timeout, std::move(message));
}

Error connect_timed_out(std::string_view host, uint16_t port, double elapsed_seconds) {
  return Error(ExitCode::Timeout, "connection to " + std::string(host) + " port " +
                                      std::to_string(port) + " timed out after " +
                                      milliseconds_text(elapsed_seconds));
}

Error connection_stalled(std::string_view host, double silent_seconds) {
  return Error(ExitCode::Timeout,
               "no data from " + std::string(host) + " for " + milliseconds_text(silent_seconds));
}

}  // namespace kurl
