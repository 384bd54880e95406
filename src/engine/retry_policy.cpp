#include "engine/retry_policy.h"

namespace kurl {

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE" ||
         method == "PUT" || method == "DELETE";
}

bool may_retry_on_new_connection(const FailedAttempt& attempt) {
  if (attempt.response_started || attempt.already_retried) return false;
  if (!is_idempotent(attempt.method)) return false;
  return attempt.connection_was_reused || attempt.was_pipelined;
}

}  // namespace kurl
