#include "engine/retry_policy.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/text.h"

namespace kurl {

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE" ||
         method == "PUT" || method == "DELETE";
}

std::optional<ReplayRule> parse_replay_rule(std::string_view text) {
  if (text == "idempotent") return ReplayRule::Idempotent;
  if (text == "all") return ReplayRule::All;
  if (text == "none") return ReplayRule::None;
  return std::nullopt;
}

bool may_retry_on_new_connection(const FailedAttempt& attempt, ReplayRule rule) {
  if (attempt.response_started) return false;
  if (!attempt.connection_was_reused && !attempt.was_pipelined) return false;
  switch (rule) {
    case ReplayRule::Idempotent:
      return !attempt.already_retried && is_idempotent(attempt.method);
    case ReplayRule::All:
      return attempt.replays_done < kMaxReplaysOfAll;
    case ReplayRule::None:
      return false;
  }
  return false;
}

// ---- --retry ------------------------------------------------------------------------------

namespace {

constexpr int kExitHostNotResolved = 6;
constexpr int kExitConnectFailed = 7;
constexpr int kExitTimeout = 28;

bool is_transient_status(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

// 408, 429 and 503 say the server did not act on the request: safe to send any method again.
bool server_did_not_act(int status) {
  return status == 408 || status == 429 || status == 503;
}

RetryCause transient_cause(const AttemptEnd& a, const RetrySettings& settings) {
  if (a.exit_code == kExitTimeout || a.exit_code == kExitHostNotResolved) {
    return RetryCause::Timeout;  // curl counts an unresolved host as a timeout too
  }
  if (a.exit_code == kExitConnectFailed && a.connection_refused && settings.connrefused) {
    return RetryCause::ConnectionRefused;
  }
  if (a.exit_code == 0 || a.status_is_error) {
    if (is_transient_status(a.status)) return RetryCause::HttpError;
  }
  return RetryCause::None;
}

}  // namespace

const char* retry_cause_words(RetryCause cause) {
  switch (cause) {
    case RetryCause::None:
      return "";
    case RetryCause::Timeout:
      return " : timeout";
    case RetryCause::ConnectionRefused:
      return " : connection refused";
    case RetryCause::HttpError:
      return " : HTTP error";
    case RetryCause::AnyError:
      return " (retrying all errors)";
  }
  return "";
}

RetryCause retry_cause(const AttemptEnd& a, const RetrySettings& settings) {
  if (settings.retries <= 0) return RetryCause::None;
  bool failed = a.exit_code != 0 || a.status_is_error;
  RetryCause cause = transient_cause(a, settings);
  if (cause == RetryCause::None && settings.all_errors && failed) cause = RetryCause::AnyError;
  if (cause == RetryCause::None || is_idempotent(a.method) || settings.all_errors) return cause;
  // Not idempotent: resend only what the server cannot have acted on.
  bool answered = a.status != 0 && a.exit_code == 0;
  if (answered ? server_did_not_act(a.status) : !a.request_sent) return cause;
  return RetryCause::None;
}

double retry_backoff(const RetrySettings& settings, int retry) {
  if (settings.delay > 0) return settings.delay;
  double wait = kRetryFirstBackoffSeconds * std::pow(2.0, std::max(0, retry - 1));
  return std::min(wait, kRetryMaxBackoffSeconds);
}

namespace {

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<unsigned> digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return std::nullopt;
  std::optional<uint64_t> n = parse_uint(text.substr(at, count));
  if (!n) return std::nullopt;
  return static_cast<unsigned>(*n);
}

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110's IMF-fixdate) as seconds since the epoch.
std::optional<double> parse_imf_fixdate(std::string_view v) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (v.size() != 29 || v.substr(3, 2) != ", " || v.substr(25) != " GMT") return std::nullopt;
  if (v[7] != ' ' || v[11] != ' ' || v[16] != ' ' || v[19] != ':' || v[22] != ':') {
    return std::nullopt;
  }
  auto month = std::find(kMonths.begin(), kMonths.end(), v.substr(8, 3));
  auto day = digits(v, 5, 2), year = digits(v, 12, 4);
  auto hour = digits(v, 17, 2), minute = digits(v, 20, 2), second = digits(v, 23, 2);
  if (month == kMonths.end() || !day || !year || !hour || !minute || !second) return std::nullopt;
  if (*day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  unsigned m = static_cast<unsigned>(month - kMonths.begin()) + 1;
  int64_t days = days_from_civil(*year, m, *day);
  return static_cast<double>(days * 86400 + *hour * 3600 + *minute * 60 + *second);
}

}  // namespace

std::optional<double> parse_retry_after(std::string_view value, double now_unix_seconds) {
  value = trim_ows(value);
  if (std::optional<uint64_t> seconds = parse_uint(value)) return static_cast<double>(*seconds);
  if (std::optional<double> date = parse_imf_fixdate(value)) {
    return std::max(0.0, *date - now_unix_seconds);
  }
  return std::nullopt;
}

RetryPlan plan_retry(const RetrySettings& settings, int retries_done, double elapsed,
                     std::optional<double> retry_after) {
  RetryPlan plan;
  if (retries_done >= settings.retries) return plan;
  bool bounded = settings.max_time > 0;
  if (bounded && elapsed >= settings.max_time) return plan;
  if (retry_after) {
    if (bounded && elapsed + *retry_after > settings.max_time) {
      plan.retry_after_too_long = true;
      return plan;
    }
    plan.delay = *retry_after;
  } else {
    plan.delay = retry_backoff(settings, retries_done + 1);
    if (bounded) plan.delay = std::min(plan.delay, settings.max_time - elapsed);
  }
  plan.retry = true;
  return plan;
}

}  // namespace kurl
