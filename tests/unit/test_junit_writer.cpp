#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "output/junit_writer.h"
#include "output/thresholds.h"
#include "scratch_dir.h"

namespace {

namespace fs = std::filesystem;
using kurl::append_xml_escaped;
using kurl::ExitCode;
using kurl::JunitWriter;

std::string escaped(std::string_view text) {
  std::string out;
  append_xml_escaped(out, text);
  return out;
}

using kurl_test::entries_in;
using kurl_test::read_file;
using kurl_test::ScratchDir;

kurl::TransferResult request(uint64_t index, std::string url, kurl::Error error = {}) {
  kurl::TransferResult r;
  r.index = index;
  r.url = std::move(url);
  r.method = "GET";
  r.origin = "http://h:80";
  r.time_total = 0.0125;
  r.error = std::move(error);
  return r;
}

}  // namespace

TEST_CASE("junit: markup characters become references") {
  CHECK(escaped("a<b>&\"'c") == "a&lt;b&gt;&amp;&quot;&apos;c");
  CHECK(escaped("tab\tline\ncr\r") == "tab&#9;line&#10;cr&#13;");
  CHECK(escaped("") == "");
  CHECK(escaped("plain /path?x=1") == "plain /path?x=1");
}

TEST_CASE("junit: characters XML 1.0 forbids are dropped") {
  CHECK(escaped(std::string("a\0b", 3)) == "ab");
  CHECK(escaped("\x01\x08\x0b\x0c\x1b[31m\x1f") == "[31m");
  CHECK(escaped("x\xEF\xBF\xBEy\xEF\xBF\xBFz") == "xyz");  // U+FFFE, U+FFFF
  CHECK(escaped("\x7f") == "\x7f");                        // DEL and C1 are XML 1.0 Chars
  CHECK(escaped("\xC2\x85") == "\xC2\x85");
}

TEST_CASE("junit: valid UTF-8 is kept, anything else becomes U+FFFD") {
  const std::string replacement = "\xEF\xBF\xBD";
  CHECK(escaped("caf\xC3\xA9 \xE2\x98\x83 \xF0\x9F\x98\x80") ==
        "caf\xC3\xA9 \xE2\x98\x83 \xF0\x9F\x98\x80");
  CHECK(escaped("\xEF\xBF\xBD") == replacement);  // U+FFFD itself is allowed
  CHECK(escaped("a\xFF"
                "b") == "a" + replacement + "b");
  CHECK(escaped("\xC3") == replacement);                    // truncated sequence
  CHECK(escaped("\xC3(") == replacement + "(");             // bad continuation byte
  CHECK(escaped("\xC0\xAF") == replacement + replacement);  // overlong '/'
  CHECK(escaped("\xE0\x80\xAF") == replacement + replacement + replacement);
  CHECK(escaped("\xED\xA0\x80") == replacement + replacement + replacement);  // surrogate
  CHECK(escaped("\xF4\x90\x80\x80") == replacement + replacement + replacement + replacement);
  CHECK(escaped("\xF4\x8F\xBF\xBF") == "\xF4\x8F\xBF\xBF");  // U+10FFFF
  CHECK(escaped("\x80<") == replacement + "&lt;");
}

TEST_CASE("junit: the whole report, with counts, failures, errors, flaky attempts, skipped") {
  ScratchDir dir;
  std::string path = dir / "report.xml";
  auto writer = JunitWriter::open(path, "2026-12-07T16:45:28", "ci-host");
  REQUIRE(writer.ok());

  (*writer)->on_transfer_end(request(1, "http://h/ok"));
  kurl::TransferResult flaky = request(2, "http://h/flaky");
  flaky.name = "flaky <one>";
  flaky.failed_attempts = {
      kurl::Error(ExitCode::HttpError, "the requested URL returned error: 503"),
      kurl::Error(ExitCode::Timeout, "timed out")};
  (*writer)->on_transfer_end(flaky);
  kurl::TransferResult expectation =
      request(3, "http://h/x", kurl::Error(ExitCode::HttpError, "expected status 2xx, got 503"));
  expectation.expectation_failed = true;
  (*writer)->on_transfer_end(expectation);
  (*writer)->on_transfer_end(request(4, "http://h/404", kurl::Error(ExitCode::HttpError, "404")));
  kurl::TransferResult refused =
      request(5, "http://h:1/", kurl::Error(ExitCode::ConnectFailed, "connection refused"));
  refused.origin.clear();  // no classname: "kurl"
  (*writer)->on_transfer_end(refused);
  (*writer)->add_skipped("http://h:80", "GET http://h/later");
  (*writer)->add_threshold(
      {"reuse ratio >= 0.90", false, "reuse ratio 0.31, expected at least 0.90"});
  (*writer)->add_threshold(
      {"latency p99 <= 250ms", true, "latency p99 12.0 ms, expected at most 250ms"});
  CHECK(fs::exists(path) == false);  // nothing under the final name until the end
  REQUIRE((*writer)->finish(2.5).ok());

  const std::string counts =
      " tests=\"8\" failures=\"3\" errors=\"1\" skipped=\"1\" time=\"2.500\"";
  CHECK(
      read_file(path) ==
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"kurl\"" +
          counts +
          ">\n"
          "  <testsuite name=\"kurl\"" +
          counts +
          " timestamp=\"2026-12-07T16:45:28\" hostname=\"ci-host\">\n"
          "    <testcase classname=\"http://h:80\" name=\"GET http://h/ok\" time=\"0.013\">\n"
          "    </testcase>\n"
          "    <testcase classname=\"http://h:80\" name=\"flaky &lt;one&gt;\" time=\"0.013\">\n"
          "      <flakyFailure message=\"(22) the requested URL returned error: 503\" type=\"22\">"
          "(22) the requested URL returned error: 503</flakyFailure>\n"
          "      <flakyFailure message=\"(28) timed out\" type=\"28\">(28) timed "
          "out</flakyFailure>\n"
          "    </testcase>\n"
          "    <testcase classname=\"http://h:80\" name=\"GET http://h/x\" time=\"0.013\">\n"
          "      <failure message=\"(22) expected status 2xx, got 503\" type=\"22\">"
          "(22) expected status 2xx, got 503</failure>\n"
          "    </testcase>\n"
          "    <testcase classname=\"http://h:80\" name=\"GET http://h/404\" time=\"0.013\">\n"
          "      <failure message=\"(22) 404\" type=\"22\">(22) 404</failure>\n"
          "    </testcase>\n"
          "    <testcase classname=\"kurl\" name=\"GET http://h:1/\" time=\"0.013\">\n"
          "      <error message=\"(7) connection refused\" type=\"7\">(7) connection "
          "refused</error>\n"
          "    </testcase>\n"
          "    <testcase classname=\"http://h:80\" name=\"GET http://h/later\" time=\"0.000\">\n"
          "      <skipped message=\"not started: --fail-early stopped the run\"/>\n"
          "    </testcase>\n"
          "    <testcase classname=\"kurl.run\" name=\"reuse ratio &gt;= 0.90\" time=\"0.000\">\n"
          "      <failure message=\"reuse ratio 0.31, expected at least 0.90\" type=\"threshold\">"
          "reuse ratio 0.31, expected at least 0.90</failure>\n"
          "    </testcase>\n"
          "    <testcase classname=\"kurl.run\" name=\"latency p99 &lt;= 250ms\" time=\"0.000\">\n"
          "    </testcase>\n"
          "  </testsuite>\n"
          "</testsuites>\n");
  CHECK(entries_in(dir.path) == 1);  // the temporary file was renamed, nothing else is left
}

TEST_CASE("junit: an existing report is replaced whole; an unwritable one fails before the run") {
  ScratchDir dir;
  std::string path = dir / "report.xml";
  std::ofstream(path) << "old report";
  {
    auto writer = JunitWriter::open(path, "2026-12-07T16:45:28", "h");
    REQUIRE(writer.ok());
    CHECK(read_file(path) == "old report");
    // Destroyed without finish(): the old report stays and no temporary file is left.
  }
  CHECK(read_file(path) == "old report");
  CHECK(entries_in(dir.path) == 1);
  auto missing = JunitWriter::open(dir / "no/such/dir.xml", "t", "h");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ExitCode::WriteError);
}

TEST_CASE("junit: timestamp and hostname helpers") {
  std::string now = kurl::junit_timestamp_now();
  REQUIRE(now.size() == 19);
  CHECK(now[4] == '-');
  CHECK(now[10] == 'T');
  CHECK(now[16] == ':');
  CHECK_FALSE(kurl::junit_hostname().empty());
}
