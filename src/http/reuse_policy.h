// The one place that decides whether a connection may carry another request after a response.
#pragma once

#include <optional>

#include "http/response.h"

namespace kurl {

/// Why a connection stops being reusable after a response.
enum class ReuseVerdict {
  Reusable,
  ServerClose,     ///< "Connection: close" (or Proxy-Connection, or in the trailers)
  Http10,          ///< HTTP/1.0 (or another version before 1.1) without keep-alive
  CloseDelimited,  ///< the body ended with the connection
  TrailingBytes,   ///< bytes arrived after the response that no request asked for
  UnsureFraming,   ///< a bodiless response announced a body, and pipelined requests follow
  BodyUnsent,      ///< the response came before the request body was all sent
};

/// What the connection knows besides the response itself.
struct ReuseContext {
  bool trailing_bytes = false;       ///< more bytes followed, with no request waiting for them
  bool requests_pipelined = false;   ///< other requests were sent behind this one
  bool request_body_unsent = false;  ///< part of the request's body was never written
};

/// The decision and the server's idle hint.
struct ReuseDecision {
  ReuseVerdict verdict = ReuseVerdict::Reusable;
  /// Seconds from "Keep-Alive: timeout=N", when the server sent it.
  std::optional<double> server_idle_timeout;
  /// False when the server showed it cannot take pipelined requests (HTTP/1.0, a close).
  bool pipelining_ok = true;
  bool reusable() const { return verdict == ReuseVerdict::Reusable; }
};

/// Decides reuse from a complete response. The parser's verdict (Response::keep_alive)
/// comes first: a connection it will not read further is never reused; the headers only
/// name the reason.
ReuseDecision decide_reuse(const Response& response, const ReuseContext& context);

/// Parses the timeout parameter of a Keep-Alive header value ("timeout=5, max=100").
std::optional<double> parse_keep_alive_timeout(std::string_view value);

}  // namespace kurl
