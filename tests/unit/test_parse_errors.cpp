#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli/options.h"
#include "cli/parse_errors.h"
#include "parse_args.h"

namespace {

kurl::ParseOutcome parse(std::vector<std::string> args) {
  return parse_args(std::move(args));
}

std::string usage_error(std::vector<std::string> args) {
  kurl::ParseOutcome outcome = parse(std::move(args));
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::UsageError);
  return outcome.text;
}

}  // namespace

TEST_CASE("parse errors: an unknown option names the nearest flag") {
  CHECK(usage_error({"--verbos", "http://h/"}) ==
        "unknown option --verbos; did you mean --verbose?");
  CHECK(usage_error({"--keep-alive=3", "http://h/"}) ==
        "unknown option --keep-alive; did you mean --keepalive?");
  CHECK(usage_error({"http://h/", "--max-per-hots", "3"}) ==
        "unknown option --max-per-hots; did you mean --max-per-host?");
  CHECK(usage_error({"--colour-of-the-sky", "http://h/"}) ==
        "unknown option --colour-of-the-sky (see 'kurl --help all')");
  CHECK(usage_error({"-Y", "http://h/"}) == "unknown option -Y (see 'kurl --help all')");
  // What CLI11 leaves of "-v=3" is "-=3": the message names the word as typed.
  CHECK(usage_error({"-v=3", "http://h/"}) == "unknown option -v=3 (see 'kurl --help all')");
}

TEST_CASE("parse errors: values out of range name the flag and the range in words") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"-P", "0"}, "-P must be a whole number from 1 to 100000, got '0'"},
      {{"--parallel=0"}, "--parallel must be a whole number from 1 to 100000, got '0'"},
      {{"--pipeline", "2000"}, "--pipeline must be a whole number from 1 to 1024, got '2000'"},
      {{"--max-per-host", "-1"}, "--max-per-host must be a whole number from 1 to 65535, got '-1'"},
      {{"--retry", "abc"}, "--retry must be a whole number from 0 to 1000000, got 'abc'"},
      {{"--max-requests-per-conn", "1.5"},
       "--max-requests-per-conn must be a whole number, 0 or more, got '1.5'"},
      {{"--max-redirs", "-5"},
       "--max-redirs must be -1 (no limit) or a whole number from 0 to 1073741824, got '-5'"},
      {{"-m", "soon"},
       "--max-time must be a number of seconds, 0 or more (decimals allowed), got 'soon'"},
      {{"--keepalive", "-1"},
       "--keepalive must be a number of seconds, 0 or more (decimals allowed), got '-1'"},
      {{"--rate", "fast"},
       "--rate must be a number of requests a second, 0 or more (decimals allowed), got "
       "'fast'"},
      {{"--stats=xml"}, "--stats must be text or json, got 'xml'"},
      {{"--replay", "some"}, "--replay must be idempotent, all or none, got 'some'"},
      {{"-C", "x"}, "-C must be a whole number of bytes, 0 or more, or '-', got 'x'"},
      {{"--limit-rate", "5Q"},
       "--limit-rate must be a whole number of bytes with an optional K, M, G or B unit, "
       "got '5Q'"},
      {{"--expect-body-limit", "0"},
       "--expect-body-limit must be a byte count from 1 to 1G (k, M, G suffixes), got '0'"},
      {{"--head=maybe"}, "--head is a flag: it takes no value, got 'maybe'"},
      {{"u", "-o"}, "--output needs a value (FILE)"}};
  for (const auto& [args, message] : cases) {
    std::vector<std::string> words = args;
    if (words.front() != "u") words.push_back("u");
    INFO(words.front());
    CHECK(usage_error(words) == message);
  }
}

TEST_CASE("parse errors: a bare --stats never takes the next word") {
  kurl::ParseOutcome outcome = parse({"--stats", "http://h/"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  CHECK(outcome.options.stats == "text");
  CHECK(outcome.options.urls == std::vector<std::string>{"http://h/"});
  outcome = parse({"--stats=json", "http://h/"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  CHECK(outcome.options.stats == "json");
  CHECK(outcome.options.urls == std::vector<std::string>{"http://h/"});
}

TEST_CASE("parse errors: whole numbers are decimal, leading zeros and all, as curl reads them") {
  kurl::ParseOutcome outcome = parse({"-P", "010", "--retry", "08", "--max-redirs", "07", "u"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  CHECK(outcome.options.parallel == 10);
  CHECK(outcome.options.retry == 8);
  CHECK(outcome.options.max_redirects == 7);
  CHECK(usage_error({"-P", "0x10", "u"}) ==
        "-P must be a whole number from 1 to 100000, got '0x10'");
}

TEST_CASE("parse errors: -4 and -0 are flags, not URLs") {
  kurl::ParseOutcome outcome = parse({"-4", "-0", "http://h/"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  CHECK(outcome.options.connect.ip_version == 4);
  CHECK(outcome.options.misc.http10);
  CHECK(outcome.options.urls == std::vector<std::string>{"http://h/"});
}

TEST_CASE("parse errors: a flag checked by CLI::IsMember reads as kurl's own") {
  // Other parts of kurl may check fixed values with CLI11's IsMember: same words.
  CLI::App app;
  std::string value;
  app.add_option("--colour", value)->check(CLI::IsMember({"auto", "always", "never"}));
  std::vector<const char*> argv = {"kurl", "--colour", "pink"};
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
    FAIL("pink was taken");
  } catch (const CLI::ParseError& error) {
    CHECK(kurl::usage_error_line(error, app, static_cast<int>(argv.size()), argv.data()) ==
          "--colour must be auto, always or never, got 'pink'");
  }
}
