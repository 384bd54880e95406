// The one place that decides whether a failed request may be sent again.
#pragma once

#include <string_view>

namespace kurl {

/// True for methods RFC 9110 calls idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE).
bool is_idempotent(std::string_view method);

/// What is known about a request when its connection failed under it.
struct FailedAttempt {
  std::string_view method;
  bool connection_was_reused = false;  ///< it went out on a connection that had carried one
  bool response_started = false;       ///< any byte of its response arrived
  bool already_retried = false;        ///< it is itself a retry
  bool was_pipelined = false;          ///< it was queued behind another request on the wire
};

/// Stale retry (CLI.md "Connection reuse"): a reused or pipelined connection died before any
/// byte of the response came back, the method is idempotent, and it was not retried before.
bool may_retry_on_new_connection(const FailedAttempt& attempt);

}  // namespace kurl
