#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/histogram.h"
#include "engine/argv_source.h"
#include "engine/fail_early_source.h"
#include "output/run_outcome.h"
#include "output/thresholds.h"

namespace {

using kurl::evaluate_thresholds;
using kurl::ExitCode;
using kurl::LatencyHistogram;
using kurl::parse_duration;
using kurl::parse_latency_threshold;
using kurl::parse_thresholds;
using kurl::RunFigures;
using kurl::RunThresholds;
using kurl::ThresholdVerdict;

kurl::TransferResult ended(uint64_t index, kurl::Error error = {}) {
  kurl::TransferResult r;
  r.index = index;
  r.error = std::move(error);
  return r;
}

}  // namespace

TEST_CASE("thresholds: durations in ms and s") {
  CHECK(*parse_duration("250ms") == Approx(0.25));
  CHECK(*parse_duration("1.5s") == Approx(1.5));
  CHECK(*parse_duration("2s") == Approx(2.0));
  CHECK(*parse_duration("0ms") == 0.0);
  for (const char* bad :
       {"", "250", "ms", "s", "-1s", "1.5m", "1 s", "2sec", "s1", "1ss", "nanms"}) {
    INFO(bad);
    kurl::Result<double> parsed = parse_duration(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ExitCode::Usage);
  }
  CHECK(parse_duration("250").error().message ==
        "bad duration '250': expected a number and ms or s (250ms, 1.5s)");
}

TEST_CASE("thresholds: --expect-latency names a known percentile and a duration") {
  auto p999 = parse_latency_threshold("p99.9:1.5s");
  REQUIRE(p999.ok());
  CHECK(p999->label == "p99.9");
  CHECK(p999->percentile == Approx(99.9));
  CHECK(p999->limit_ms == Approx(1500));
  CHECK(p999->limit == "1.5s");
  CHECK(parse_latency_threshold("max:2s")->percentile == 100);
  for (const char* ok : {"p50:1ms", "p90:1ms", "p95:1ms", "p99:1ms"})
    CHECK(parse_latency_threshold(ok).ok());
  for (const char* bad : {"p999:1s", "p98:1s", "P99:1s", "99:1s", "p99", "p99:", ":1s", "p99:1"}) {
    INFO(bad);
    auto parsed = parse_latency_threshold(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ExitCode::Usage);
  }
  CHECK(parse_latency_threshold("p99").error().message ==
        "--expect-latency: bad value 'p99': expected pNN:DURATION, e.g. p99:250ms");
}

TEST_CASE("thresholds: parse_thresholds checks every flag") {
  auto all = parse_thresholds("0.9", {"p50:10ms", "max:1s"}, "3");
  REQUIRE(all.ok());
  CHECK(*all->min_reuse == Approx(0.9));
  CHECK(all->latency.size() == 2);
  CHECK(*all->max_failures == 3);
  CHECK_FALSE(all->empty());
  auto none = parse_thresholds("", {}, "");
  REQUIRE(none.ok());
  CHECK(none->empty());
  CHECK(parse_thresholds("1", {}, "")->min_reuse == 1.0);
  CHECK(parse_thresholds("0", {}, "")->min_reuse == 0.0);
  CHECK(parse_thresholds("1.01", {}, "").error().message ==
        "--expect-reuse: bad ratio '1.01': expected a number from 0 to 1");
  CHECK_FALSE(parse_thresholds("-0.5", {}, "").ok());
  CHECK_FALSE(parse_thresholds("x", {}, "").ok());
  CHECK_FALSE(parse_thresholds("", {"p50:1ms", "bad"}, "").ok());
  CHECK(parse_thresholds("", {}, "-1").error().message ==
        "--expect-failures: bad count '-1': expected a whole number >= 0");
  CHECK(parse_thresholds("", {}, "0")->max_failures == 0u);
}

TEST_CASE("thresholds: evaluation against the run's figures") {
  LatencyHistogram latency;
  for (int ms = 1; ms <= 100; ++ms) latency.record(ms / 1000.0);
  RunThresholds thresholds = *parse_thresholds("0.9", {"p50:60ms", "p99:90ms", "max:200ms"}, "1");
  std::vector<ThresholdVerdict> verdicts =
      evaluate_thresholds(thresholds, RunFigures{0.31, 2, &latency});
  REQUIRE(verdicts.size() == 5);
  CHECK(verdicts[0].name == "reuse ratio >= 0.90");
  CHECK_FALSE(verdicts[0].passed);
  CHECK(verdicts[0].message == "reuse ratio 0.31, expected at least 0.90");
  CHECK(verdicts[1].name == "latency p50 <= 60ms");
  CHECK(verdicts[1].passed);  // 50 ms, read from its bucket (at most 3% above)
  CHECK(verdicts[2].name == "latency p99 <= 90ms");
  CHECK_FALSE(verdicts[2].passed);
  // 99 ms read from its bucket: at most 3% above, and never above the maximum.
  INFO(verdicts[2].message);
  CHECK((verdicts[2].message.rfind("latency p99 99.", 0) == 0 ||
         verdicts[2].message.rfind("latency p99 100.0 ms", 0) == 0));
  CHECK(verdicts[2].message.find(" ms, expected at most 90ms") != std::string::npos);
  CHECK(verdicts[3].passed);
  CHECK(verdicts[3].message == "latency max 100.0 ms, expected at most 200ms");
  CHECK(verdicts[4].name == "failed requests <= 1");
  CHECK_FALSE(verdicts[4].passed);
  CHECK(verdicts[4].message == "2 failed requests, expected at most 1");

  // Exactly at the limit passes; a ratio just under it is shown with more digits.
  auto at_limit =
      evaluate_thresholds(*parse_thresholds("0.5", {}, "2"), RunFigures{0.5, 2, &latency});
  CHECK(at_limit[0].passed);
  CHECK(at_limit[1].passed);
  auto just_under =
      evaluate_thresholds(*parse_thresholds("0.9", {}, ""), RunFigures{0.8999, 0, &latency});
  CHECK(just_under[0].message == "reuse ratio 0.8999, expected at least 0.90");
  CHECK(evaluate_thresholds(RunThresholds{}, RunFigures{0, 0, &latency}).empty());
}

TEST_CASE("thresholds: an empty run has no latency and no reuse") {
  LatencyHistogram empty;
  auto verdicts =
      evaluate_thresholds(*parse_thresholds("0.1", {"p99:1ms"}, ""), RunFigures{0, 0, &empty});
  CHECK_FALSE(verdicts[0].passed);
  CHECK(verdicts[1].passed);
  CHECK(verdicts[1].message == "latency p99 0.0 ms, expected at most 1ms");
}

TEST_CASE("run outcome: allowed failures, thresholds and failures outside requests") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  kurl::Error refused(ExitCode::ConnectFailed, "refused");
  kurl::Error timeout(ExitCode::Timeout, "timed out");
  SECTION("without an allowance the first failed request in input order decides") {
    kurl::RunOutcome outcome(sink, true);
    outcome.on_transfer_end(ended(2, timeout));
    outcome.on_transfer_end(ended(1, refused));
    outcome.on_transfer_end(ended(3));
    outcome.add_threshold_failure();
    CHECK(outcome.exit_code() == 7);
    CHECK(outcome.passed() == 1);
    CHECK(outcome.failed() == 2);
  }
  SECTION("failures within --expect-failures pass; a threshold then gives 22") {
    kurl::RunOutcome outcome(sink, true);
    outcome.allow_failures(2);
    outcome.on_transfer_end(ended(1, refused));
    outcome.on_transfer_end(ended(2, timeout));
    CHECK_FALSE(outcome.failed_beyond_allowance());
    CHECK(outcome.exit_code() == 0);
    outcome.add_threshold_failure();
    CHECK(outcome.exit_code() == 22);
    outcome.on_transfer_end(ended(3, timeout));
    CHECK(outcome.failed_beyond_allowance());
    CHECK(outcome.exit_code() == 7);
  }
  SECTION("a failure outside any request comes after the requests, before thresholds") {
    kurl::RunOutcome outcome(sink, true);
    outcome.add_threshold_failure();
    outcome.add_failure(kurl::Error(ExitCode::ReadError, "batch"));
    CHECK(outcome.exit_code() == 26);
    outcome.on_transfer_end(ended(9, refused));
    CHECK(outcome.exit_code() == 7);
  }
  SECTION("retried requests are those with failed attempts") {
    kurl::RunOutcome outcome(sink, true);
    kurl::TransferResult flaky = ended(1);
    flaky.failed_attempts.push_back(timeout);
    outcome.on_transfer_end(flaky);
    outcome.on_transfer_end(ended(2));
    CHECK(outcome.retried() == 1);
    CHECK(outcome.exit_code() == 0);
  }
  std::fclose(sink);
}

TEST_CASE("run outcome: the verdict line") {
  CHECK(kurl::summary_line(97, 3, 1, 0, 2.411) ==
        "kurl: 97 passed, 3 failed (1 retried) in 2.41 s");
  CHECK(kurl::summary_line(5, 0, 0, 0, 0.004) == "kurl: 5 passed, 0 failed in 0.00 s");
  CHECK(kurl::summary_line(1, 1, 0, 2, 0.5) == "kurl: 1 passed, 1 failed, 2 skipped in 0.50 s");
}

TEST_CASE("fail early: no request after the run failed, the rest listed as skipped") {
  bool failed = false;
  kurl::FailEarlySource source(
      std::make_unique<kurl::ArgvSource>(std::vector<std::string>{"a", "b", "c", "d"}),
      [&failed] { return failed; });
  kurl::RequestSpec spec;
  REQUIRE(source.next(spec));
  CHECK(spec.url == "a");
  REQUIRE(source.next(spec));
  CHECK_FALSE(source.stopped());
  failed = true;
  CHECK_FALSE(source.next(spec));
  CHECK(source.stopped());
  failed = false;  // stopping is for good
  CHECK_FALSE(source.next(spec));
  std::vector<std::string> skipped;
  CHECK(source.drain_skipped([&](const kurl::RequestSpec& s) { skipped.push_back(s.url); }) == 2);
  CHECK(skipped == std::vector<std::string>{"c", "d"});
}

TEST_CASE("fail early: a run that never failed skips nothing") {
  kurl::FailEarlySource source(
      std::make_unique<kurl::ArgvSource>(std::vector<std::string>{"a", "b"}), [] { return false; });
  kurl::RequestSpec spec;
  REQUIRE(source.next(spec));
  CHECK(source.drain_skipped([](const kurl::RequestSpec&) { FAIL("nothing is skipped"); }) == 0);
  REQUIRE(source.next(spec));
  CHECK(spec.url == "b");
}
