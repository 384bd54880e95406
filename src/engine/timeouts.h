// The words of every timeout error (exit 28), built in one place with one rounding rule.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace kurl {

/// "N ms", rounded to the nearest millisecond.
std::string milliseconds_text(double seconds);

/// -m ran out: "operation timed out after N ms" followed by `detail` (" with 5 bytes
/// received", " waiting for a connection"), as curl words it.
Error operation_timed_out(double elapsed_seconds, std::string_view detail = {});

/// A connect that took longer than --connect-timeout (or curl's default).
Error connect_timed_out(std::string_view host, uint16_t port, double elapsed_seconds);

/// A busy connection on which nothing arrived for the stall limit.
Error connection_stalled(std::string_view host, double silent_seconds);

}  // namespace kurl
