#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/options.h"
#include "parse_args.h"

namespace {

kurl::ParseOutcome parse(std::vector<std::string> args) { return parse_args(std::move(args)); }

unsigned parallel_of(std::vector<std::string> args) {
  kurl::ParseOutcome outcome = parse(std::move(args));
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  return outcome.options.parallel;
}

}  // namespace

TEST_CASE("script flags: every spelling of parallel") {
  CHECK(parallel_of({"http://a"}) == 1);
  CHECK(parallel_of({"-P", "8", "http://a"}) == 8);
  CHECK(parallel_of({"-P8", "http://a"}) == 8);
  CHECK(parallel_of({"--parallel=8", "http://a"}) == 8);
  CHECK(parallel_of({"-Z", "http://a"}) == 50);
  CHECK(parallel_of({"--parallel", "http://a"}) == 50);
  CHECK(parallel_of({"-sZ", "http://a"}) == 50);
  CHECK(parallel_of({"-Z", "--parallel-max", "7", "http://a"}) == 7);
  CHECK(parallel_of({"--parallel-max", "7", "--parallel", "http://a"}) == 7);
  // curl lowers a --parallel-max over 300 to 300, and takes 0 as its default.
  CHECK(parallel_of({"-Z", "--parallel-max", "1000", "http://a"}) == 300);
  CHECK(parallel_of({"-Z", "--parallel-max", "0", "http://a"}) == 50);
  // --parallel-max alone, as in curl, leaves transfers one at a time.
  CHECK(parallel_of({"--parallel-max", "7", "http://a"}) == 1);
  // An explicit N wins over curl's mode; between -P and --parallel=N the last one.
  CHECK(parallel_of({"-Z", "-P", "3", "http://a"}) == 3);
  CHECK(parallel_of({"--parallel", "--parallel=4", "http://a"}) == 4);
  CHECK(parallel_of({"-P", "3", "--parallel=4", "http://a"}) == 4);
  CHECK(parallel_of({"--parallel=4", "-P", "3", "http://a"}) == 3);
}

TEST_CASE("script flags: a bare --parallel never takes the next word") {
  kurl::ParseOutcome outcome = parse({"--parallel", "http://a", "http://b"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  CHECK(outcome.options.urls == std::vector<std::string>{"http://a", "http://b"});
  outcome = parse({"--parallel", "8", "http://b"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  CHECK(outcome.options.urls == std::vector<std::string>{"8", "http://b"});
  CHECK(outcome.options.parallel == 50);
}

TEST_CASE("script flags: bad parallel values are usage errors naming the value") {
  for (auto args : std::vector<std::vector<std::string>>{{"--parallel=0", "http://a"},
                                                         {"--parallel=x", "http://a"},
                                                         {"--parallel=100001", "http://a"}}) {
    kurl::ParseOutcome outcome = parse(args);
    CHECK(outcome.action == kurl::ParseOutcome::Action::UsageError);
    CHECK(outcome.text.find("--parallel must be a whole number from 1 to 100000, got") == 0);
  }
  CHECK(parse({"--parallel-max", "-1", "http://a"}).action ==
        kurl::ParseOutcome::Action::UsageError);
}

TEST_CASE("script flags: -g, --compressed, --parallel-immediate and --max-per-host") {
  kurl::ParseOutcome outcome = parse({"http://a"});
  CHECK_FALSE(outcome.options.scripts.globoff);
  CHECK_FALSE(outcome.options.scripts.compressed);
  CHECK(outcome.options.max_per_host == 0);  // not given: main takes -P's value
  outcome = parse({"-g", "--compressed", "--parallel-immediate", "--max-per-host", "3", "u"});
  CHECK(outcome.options.scripts.globoff);
  CHECK(outcome.options.scripts.compressed);
  CHECK(outcome.options.scripts.parallel_immediate);
  CHECK(outcome.options.max_per_host == 3);
  CHECK(parse({"--globoff", "u"}).options.scripts.globoff);
}
