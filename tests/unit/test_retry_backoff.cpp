// --retry's decisions (engine/retry_policy): which failures are transient, which methods may go
// again, curl's backoff, Retry-After and --retry-max-time.
#include <catch2/catch.hpp>

#include "engine/retry_policy.h"

namespace {

using kurl::AttemptEnd;
using kurl::RetryCause;
using kurl::RetrySettings;

RetrySettings retrying(int retries = 3) {
  RetrySettings settings;
  settings.retries = retries;
  return settings;
}

AttemptEnd answered(std::string_view method, int status) {
  AttemptEnd end;
  end.method = method;
  end.status = status;
  end.request_sent = true;
  return end;
}

AttemptEnd failed(std::string_view method, int exit_code, bool sent, bool refused = false) {
  AttemptEnd end;
  end.method = method;
  end.exit_code = exit_code;
  end.request_sent = sent;
  end.connection_refused = refused;
  return end;
}

}  // namespace

TEST_CASE("retry: curl's transient statuses, and nothing without --retry") {
  for (int status : {408, 429, 500, 502, 503, 504}) {
    CHECK(retry_cause(answered("GET", status), retrying()) == RetryCause::HttpError);
    CHECK(retry_cause(answered("GET", status), retrying(0)) == RetryCause::None);
  }
  for (int status : {200, 204, 301, 400, 401, 404, 501, 505}) {
    CHECK(retry_cause(answered("GET", status), retrying()) == RetryCause::None);
  }
}

TEST_CASE("retry: timeouts always, refused connections only with --retry-connrefused") {
  CHECK(retry_cause(failed("GET", 28, true), retrying()) == RetryCause::Timeout);
  CHECK(retry_cause(failed("GET", 6, false), retrying()) == RetryCause::Timeout);
  CHECK(retry_cause(failed("GET", 7, false, true), retrying()) == RetryCause::None);
  RetrySettings connrefused = retrying();
  connrefused.connrefused = true;
  CHECK(retry_cause(failed("GET", 7, false, true), connrefused) == RetryCause::ConnectionRefused);
  // Another connect failure (unreachable) is not transient in curl either.
  CHECK(retry_cause(failed("GET", 7, false, false), connrefused) == RetryCause::None);
  for (int code : {1, 3, 8, 18, 35, 52, 56, 60}) {
    CHECK(retry_cause(failed("GET", code, true), connrefused) == RetryCause::None);
  }
}

TEST_CASE("retry: --retry-all-errors retries any failure, not a success") {
  RetrySettings all = retrying();
  all.all_errors = true;
  CHECK(retry_cause(failed("GET", 52, true), all) == RetryCause::AnyError);
  CHECK(retry_cause(failed("GET", 7, false, true), all) == RetryCause::AnyError);
  CHECK(retry_cause(answered("GET", 404), all) == RetryCause::None);  // no -f: not a failure
  AttemptEnd not_found = answered("GET", 404);
  not_found.status_is_error = true;  // -f or --expect-status
  CHECK(retry_cause(not_found, all) == RetryCause::AnyError);
  CHECK(retry_cause(answered("GET", 503), all) == RetryCause::HttpError);  // curl's words
}

TEST_CASE("retry: a POST goes again only where the server cannot have acted on it") {
  for (std::string_view method : {"POST", "PATCH"}) {
    for (int status : {408, 429, 503}) {
      CHECK(retry_cause(answered(method, status), retrying()) == RetryCause::HttpError);
    }
    for (int status : {500, 502, 504}) {
      CHECK(retry_cause(answered(method, status), retrying()) == RetryCause::None);
    }
    RetrySettings connrefused = retrying();
    connrefused.connrefused = true;
    CHECK(retry_cause(failed(method, 7, false, true), connrefused) ==
          RetryCause::ConnectionRefused);
    CHECK(retry_cause(failed(method, 28, false), retrying()) == RetryCause::Timeout);
    CHECK(retry_cause(failed(method, 28, true), retrying()) == RetryCause::None);
    RetrySettings all = retrying();
    all.all_errors = true;
    CHECK(retry_cause(answered(method, 500), all) == RetryCause::HttpError);
    CHECK(retry_cause(failed(method, 28, true), all) == RetryCause::Timeout);
    CHECK(retry_cause(failed(method, 56, true), all) == RetryCause::AnyError);
  }
  // Idempotent methods go again after any transient failure.
  CHECK(retry_cause(answered("PUT", 500), retrying()) == RetryCause::HttpError);
  CHECK(retry_cause(failed("DELETE", 28, true), retrying()) == RetryCause::Timeout);
}

TEST_CASE("retry: curl's backoff doubles from 1 s up to 10 minutes; --retry-delay is fixed") {
  RetrySettings settings = retrying(20);
  CHECK(kurl::retry_backoff(settings, 1) == 1);
  CHECK(kurl::retry_backoff(settings, 2) == 2);
  CHECK(kurl::retry_backoff(settings, 3) == 4);
  CHECK(kurl::retry_backoff(settings, 10) == 512);
  CHECK(kurl::retry_backoff(settings, 11) == 600);
  CHECK(kurl::retry_backoff(settings, 20) == 600);
  settings.delay = 0.25;
  CHECK(kurl::retry_backoff(settings, 1) == 0.25);
  CHECK(kurl::retry_backoff(settings, 9) == 0.25);
}

TEST_CASE("retry: Retry-After in seconds or as an HTTP date") {
  double now = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(kurl::parse_retry_after("120", now) == 120);
  CHECK(kurl::parse_retry_after(" 0 ", now) == 0);
  CHECK(kurl::parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now) == 30);
  CHECK(kurl::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == 0);
  CHECK(kurl::parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now) == 0);  // past
  CHECK(kurl::parse_retry_after("Thu, 01 Jan 2026 00:00:00 GMT", 1767225600 - 5) == 5);
  CHECK(kurl::parse_retry_after("Mon, 29 Feb 2016 12:00:00 GMT", 1456747200 - 1) == 1);
  for (const char* bad :
       {"", "-1", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Xyz 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT"}) {
    INFO(bad);
    CHECK_FALSE(kurl::parse_retry_after(bad, now).has_value());
  }
}

TEST_CASE("retry: the plan counts retries and keeps within --retry-max-time") {
  RetrySettings settings = retrying(2);
  settings.delay = 0.5;
  CHECK(kurl::plan_retry(settings, 0, 0, std::nullopt).retry);
  CHECK(kurl::plan_retry(settings, 1, 0, std::nullopt).delay == 0.5);
  CHECK_FALSE(kurl::plan_retry(settings, 2, 0, std::nullopt).retry);  // --retry 2 used up

  settings.max_time = 3;
  auto cut = kurl::plan_retry(settings, 0, 2.75, std::nullopt);
  CHECK(cut.retry);
  CHECK(cut.delay == Approx(0.25));  // the last attempt still starts within the limit
  CHECK_FALSE(kurl::plan_retry(settings, 0, 3, std::nullopt).retry);

  auto server = kurl::plan_retry(settings, 0, 1, 1.5);  // Retry-After wins over the delay
  CHECK(server.retry);
  CHECK(server.delay == 1.5);
  auto too_long = kurl::plan_retry(settings, 0, 1, 10);
  CHECK_FALSE(too_long.retry);
  CHECK(too_long.retry_after_too_long);
}

TEST_CASE("retry: curl's words for each cause") {
  CHECK(std::string(kurl::retry_cause_words(RetryCause::Timeout)) == " : timeout");
  CHECK(std::string(kurl::retry_cause_words(RetryCause::ConnectionRefused)) ==
        " : connection refused");
  CHECK(std::string(kurl::retry_cause_words(RetryCause::HttpError)) == " : HTTP error");
  CHECK(std::string(kurl::retry_cause_words(RetryCause::AnyError)) == " (retrying all errors)");
}
