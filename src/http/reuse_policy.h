// The one place that decides whether a connection may carry another request after a response.
#pragma once

#include <optional>

#include "http/response.h"

namespace kurl {

/// Why a connection stops being reusable after a response.
enum class ReuseVerdict {
  Reusable,
  ServerClose,     ///< "Connection: close" from the server
  Http10,          ///< HTTP/1.0 response without "Connection: keep-alive"
  CloseDelimited,  ///< the body ended with the connection
  TrailingBytes,   ///< bytes arrived after the response that no request asked for
};

/// The decision and the server's idle hint.
struct ReuseDecision {
  ReuseVerdict verdict = ReuseVerdict::Reusable;
  /// Seconds from "Keep-Alive: timeout=N", when the server sent it.
  std::optional<double> server_idle_timeout;
  bool reusable() const { return verdict == ReuseVerdict::Reusable; }
};

/// Decides reuse from a complete response. `trailing_bytes` is true when more bytes followed
/// the response on the wire without a pipelined request waiting for them.
ReuseDecision decide_reuse(const Response& response, bool trailing_bytes);

/// Parses the timeout parameter of a Keep-Alive header value ("timeout=5, max=100").
std::optional<double> parse_keep_alive_timeout(std::string_view value);

}  // namespace kurl
