// The status list parser, pattern compiling, the bounded body sample and the verdict.
#include <re2/re2.h>

#include <catch2/catch.hpp>

#include "engine/body_sample.h"
#include "engine/engine_config.h"
#include "engine/expectations.h"
#include "engine/transfer.h"

using kurl::ExitCode;

namespace {

kurl::StatusList list(std::string_view text) {
  kurl::Result<kurl::StatusList> parsed = kurl::parse_status_list(text);
  REQUIRE(parsed.ok());
  return *parsed;
}

}  // namespace

TEST_CASE("status lists: codes, classes, ranges, mixed", "[expectations]") {
  CHECK(list("200").matches(200));
  CHECK_FALSE(list("200").matches(201));
  CHECK(list("200,204").matches(204));
  CHECK_FALSE(list("200,204").matches(203));
  CHECK(list("2xx").matches(200));
  CHECK(list("2XX").matches(299));
  CHECK_FALSE(list("2xx").matches(300));
  CHECK_FALSE(list("2xx").matches(199));
  CHECK(list("200-299").matches(250));
  CHECK(list("200-299").matches(299));
  CHECK_FALSE(list("200-299").matches(300));
  CHECK(list("301-301").matches(301));
  kurl::StatusList mixed = list(" 2xx , 301,404-410");
  CHECK(mixed.matches(201));
  CHECK(mixed.matches(301));
  CHECK(mixed.matches(407));
  CHECK_FALSE(mixed.matches(302));
  CHECK_FALSE(mixed.matches(503));
  CHECK(mixed.text == "2xx,301,404-410");  // as the messages show it
  CHECK(kurl::StatusList{}.matches(503));  // a line's null: no expectation
}

TEST_CASE("status lists that are refused name the item", "[expectations]") {
  for (std::string_view bad : {"", ",", "200,", ",200", "2x", "20", "2000", "099", "0xx", "abc",
                               "2xy", "299-200", "200-", "-200", "200-2xx", "+200", "2 00"}) {
    kurl::Result<kurl::StatusList> parsed = kurl::parse_status_list(bad);
    INFO(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ExitCode::Usage);
  }
  CHECK(kurl::parse_status_list("200,2x").error().message ==
        "'2x' is not a status (200), a class (2xx) or a range (200-299)");
}

TEST_CASE("header expectations and patterns compile once or say why", "[expectations]") {
  kurl::Result<kurl::HeaderExpectation> header =
      kurl::parse_header_expectation("Content-Type:  json$ ");
  REQUIRE(header.ok());
  CHECK(header->name == "Content-Type");
  CHECK(header->pattern->pattern() == "json$");
  CHECK(kurl::parse_header_expectation(": x").error().code == ExitCode::Usage);
  CHECK(kurl::parse_header_expectation("X-A").error().code == ExitCode::Usage);
  kurl::Result<kurl::Pattern> bad = kurl::compile_pattern("(", "--expect-body");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "bad --expect-body regex '(': missing ): (");
  kurl::Result<kurl::Expectations> run = kurl::compile_run_expectations("2xx", {"X: ["}, "", 0);
  CHECK(run.error().message == "bad --expect-header X regex '[': missing ]: [");
}

TEST_CASE("the body sample never holds more than its limit", "[expectations]") {
  kurl::BodySample sample;
  sample.feed("ignored while off");
  CHECK(sample.held().empty());
  sample.start(10);
  sample.feed("abcd");
  sample.feed("efghijkl");
  sample.feed("mnop");
  CHECK(sample.held() == "abcdefghij");
  CHECK(sample.held().size() <= sample.limit());
  sample.clear();
  sample.feed("xyz");
  CHECK(sample.held() == "xyz");
  sample.start(3000);
  for (int i = 0; i < 1000; ++i) sample.feed("0123456789");
  CHECK(sample.held().size() == 3000);
}

namespace {

struct Judged {
  kurl::EngineConfig config;
  kurl::Transfer transfer;

  Judged() {
    transfer.start_time = 100;
    transfer.response.status = 200;
    config.expect_body_limit = 8;
  }
  void header(std::string_view name, std::string_view value) {
    transfer.response.headers.append_name(name);
    transfer.response.headers.append_value(value);
    transfer.response.headers.finish_header();
  }
  kurl::Verdict at(double now, const kurl::Error& ended = kurl::Error()) {
    return kurl::judge_transfer(config, transfer, ended, now);
  }
};

}  // namespace

TEST_CASE("the verdict: first failed expectation, then -f", "[expectations]") {
  Judged j;
  j.header("Content-Type", "text/html");
  j.header("X-A", "one");
  j.header("x-a", "two");
  CHECK(j.at(100.1).error.ok());
  j.config.expect.headers.emplace();
  j.config.expect.headers->push_back(*kurl::parse_header_expectation("x-A: ^two$"));
  CHECK(j.at(100.1).error.ok());  // any line of the name may match
  j.config.expect.headers->push_back(*kurl::parse_header_expectation("content-type: json"));
  kurl::Verdict v = j.at(100.1);
  CHECK(v.expectation_failed);
  CHECK(v.error.code == ExitCode::HttpError);
  CHECK(v.error.message == "expected header content-type ~ /json/, got \"text/html\"");
  j.transfer.response.status = 503;
  j.config.expect.status = list("2xx");
  j.config.fail_on_http_error = true;
  CHECK(j.at(100.1).error.message == "expected status 2xx, got 503");  // wins over -f
  j.config.expect = {};
  v = j.at(100.1);
  CHECK_FALSE(v.expectation_failed);
  CHECK(v.error.message == "the requested URL returned error: 503");
}

TEST_CASE("the verdict: body within its sample, time, and a cut-off", "[expectations]") {
  Judged j;
  j.config.expect.body = *kurl::compile_pattern("needle", "--expect-body");
  kurl::start_expectations(j.config, j.transfer);
  j.transfer.body_sample.feed("haystack, then the needle");
  j.transfer.response.body_bytes = 25;
  CHECK(j.at(100.1).error.message ==
        "expected body ~ /needle/, got no match in the first 8 bytes of a 25-byte body "
        "(--expect-body-limit)");
  j.config.expect.body.reset();
  j.config.expect.time = 0.5;
  j.transfer.deadline = 0;
  kurl::start_expectations(j.config, j.transfer);
  CHECK(j.transfer.deadline == 100.5);
  CHECK(j.transfer.body_sample.limit() == 0);  // no --expect-body: nothing held
  CHECK(j.at(100.4).error.ok());
  CHECK(j.at(100.75).error.message == "expected time <= 500 ms, got 750 ms");
  kurl::Error timeout(ExitCode::Timeout, "operation timed out after 500 ms");
  kurl::Verdict cut = j.at(100.5, timeout);
  CHECK(cut.expectation_failed);
  CHECK(cut.error.message == "expected time <= 500 ms, got more: stopped after 500 ms");
  CHECK(j.at(100.2, timeout).error.code == ExitCode::Timeout);  // a connect timeout before it
  j.config.max_time = 0.3;  // -m is the tighter limit: its timeout stands
  CHECK(j.at(100.5, timeout).error.code == ExitCode::Timeout);
  kurl::Error refused(ExitCode::ConnectFailed, "refused");
  CHECK(j.at(101, refused).error.code == ExitCode::ConnectFailed);
}

TEST_CASE("a batch line's given expectation replaces the run's", "[expectations]") {
  Judged j;
  j.transfer.response.status = 404;
  j.config.expect.status = list("2xx");
  CHECK_FALSE(j.at(100.1).error.ok());
  auto line = std::make_shared<kurl::Expectations>();
  line->status = list("404");
  j.transfer.spec.expect = line;
  CHECK(j.at(100.1).error.ok());
  line->status = kurl::StatusList{};  // null: none for this line
  CHECK(j.at(100.1).error.ok());
}
