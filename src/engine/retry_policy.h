// The one place that decides whether a failed request may be sent again: the stale retry of a
// dead reused connection, and curl's --retry for transient failures.
#pragma once

#include <optional>
#include <string_view>

namespace kurl {

/// True for methods RFC 9110 calls idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE).
bool is_idempotent(std::string_view method);

/// --replay: which requests that failed on a reused connection before any response byte are
/// sent again on a new one.
enum class ReplayRule {
  Idempotent,  ///< the default: idempotent methods, once, and never after a --retry
  All,         ///< curl's behaviour: any method, up to kMaxReplaysOfAll times (a POST may run twice)
  None,        ///< never: the request fails with the connection's error
};

/// How often --replay=all sends one request again, as curl retries a dead connection.
inline constexpr int kMaxReplaysOfAll = 5;

/// The rule a --replay value names; nullopt for anything else.
std::optional<ReplayRule> parse_replay_rule(std::string_view text);

/// What is known about a request when its connection failed under it.
struct FailedAttempt {
  std::string_view method;
  bool connection_was_reused = false;  ///< it went out on a connection that had carried one
  bool response_started = false;       ///< any byte of its response arrived
  bool already_retried = false;        ///< it is itself a resend (a replay or a --retry)
  int replays_done = 0;                ///< replays of this request so far
  bool was_pipelined = false;          ///< it was queued behind another request on the wire
};

/// Replay (CLI.md "Connection reuse"): a reused or pipelined connection died before any byte
/// of the response came back, and `rule` allows sending the request again.
bool may_retry_on_new_connection(const FailedAttempt& attempt, ReplayRule rule);

// ---- --retry (curl's) ---------------------------------------------------------------------

/// curl's first wait between attempts when --retry-delay is not given, seconds.
inline constexpr double kRetryFirstBackoffSeconds = 1;
/// curl's longest wait of its doubling backoff (10 minutes), seconds.
inline constexpr double kRetryMaxBackoffSeconds = 600;

/// The run's --retry flags.
struct RetrySettings {
  int retries = 0;           ///< --retry: resends after the first attempt; 0 = off
  double delay = 0;          ///< --retry-delay seconds; 0 = curl's doubling backoff
  double max_time = 0;       ///< --retry-max-time seconds from the first attempt; 0 = none
  bool all_errors = false;   ///< --retry-all-errors
  bool connrefused = false;  ///< --retry-connrefused
};

/// Why an attempt is retried; curl names each in its warning ("Problem : timeout.").
enum class RetryCause { None, Timeout, ConnectionRefused, HttpError, AnyError };

/// curl's words after "Problem" in its warning: " : timeout", " (retrying all errors)"...
const char* retry_cause_words(RetryCause cause);

/// How one attempt ended, as far as --retry cares.
struct AttemptEnd {
  std::string_view method;
  int status = 0;                   ///< the response status; 0 when the attempt failed
  bool status_is_error = false;     ///< -f or an expectation makes this status a failure
  int exit_code = 0;                ///< curl's code of the attempt's failure; 0 when none
  bool connection_refused = false;  ///< the failure is ECONNREFUSED
  bool request_sent = false;        ///< any byte of this attempt's request was written
};

/// The cause that makes `attempt` worth another try, or None. Transient, as in curl: a
/// timeout (28) or an unresolved host (6), a refused connection (7) with --retry-connrefused,
/// a 408, 429, 500, 502, 503 or 504; with --retry-all-errors any failure. Safer than curl for
/// a method that is not idempotent: only 408, 429, 503 (the server did not act on it) and a
/// failure before any byte was sent are retried, the rest only with --retry-all-errors.
RetryCause retry_cause(const AttemptEnd& attempt, const RetrySettings& settings);

/// The wait before resend number `retry` (1-based): --retry-delay, else 1 s doubling, at most
/// 10 minutes, as curl.
double retry_backoff(const RetrySettings& settings, int retry);

/// A Retry-After value in seconds from now: delta-seconds or an IMF-fixdate HTTP date
/// ("Sun, 06 Nov 1994 08:49:37 GMT", a past date is 0); nullopt when it is neither.
std::optional<double> parse_retry_after(std::string_view value, double now_unix_seconds);

/// What to do after a failed attempt that has a cause.
struct RetryPlan {
  bool retry = false;
  double delay = 0;                   ///< seconds to wait before the resend
  bool retry_after_too_long = false;  ///< gave up: Retry-After would pass --retry-max-time
};

/// Decides the resend: `retries_done` resends so far, `elapsed` seconds since the first
/// attempt began, `retry_after` the server's wait when it sent one. A Retry-After wins over
/// the delay; one that would end past --retry-max-time stops the retrying (as curl). Any other
/// wait is cut to end at --retry-max-time, so the last attempt still starts within it.
RetryPlan plan_retry(const RetrySettings& settings, int retries_done, double elapsed,
                     std::optional<double> retry_after);

}  // namespace kurl
