#include <simdjson.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/base64.h"
#include "core/histogram.h"
#include "core/text.h"

namespace {

using kurl::LatencyHistogram;

// A histogram bucket spans 1/32 of its power of two, so a percentile read from the bucket's
// upper edge is at most 1/32 (3.125%) above the true value.
constexpr double kHistogramError = 1.0 / 32 + 1e-9;

bool within_histogram_error(double actual, double expected) {
  return actual >= expected * (1 - 1e-9) && actual <= expected * (1 + kHistogramError);
}

}  // namespace

TEST_CASE("text: iequals compares ASCII case-insensitively") {
  CHECK(kurl::iequals("Content-Length", "content-length"));
  CHECK(kurl::iequals("CONNECTION", "connection"));
  CHECK(kurl::iequals("", ""));
  CHECK(kurl::iequals("a1-_", "A1-_"));
  CHECK_FALSE(kurl::iequals("Content-Length", "Content-Lengt"));
  CHECK_FALSE(kurl::iequals("a", "b"));
  CHECK_FALSE(kurl::iequals("close", "closed"));
  CHECK_FALSE(kurl::iequals("", "x"));
  // Only A-Z fold: '@' / '`' and '[' / '{' differ by 0x20 but are not letters.
  CHECK_FALSE(kurl::iequals("@", "`"));
  CHECK_FALSE(kurl::iequals("[", "{"));
  CHECK_FALSE(kurl::iequals("\xC4", "\xE4"));  // non-ASCII bytes compare exactly
}

TEST_CASE("text: to_lower and trim_ows") {
  CHECK(kurl::to_lower("HeLLo-World_1") == "hello-world_1");
  CHECK(kurl::to_lower("\xC4") == "\xC4");
  CHECK(kurl::trim_ows(" \t value \t ") == "value");
  CHECK(kurl::trim_ows("a b") == "a b");
  CHECK(kurl::trim_ows("   ").empty());
  CHECK(kurl::trim_ows("").empty());
  CHECK(kurl::trim_ows("\r\nx") == "\r\nx");  // only spaces and tabs are OWS
}

TEST_CASE("text: header_has_token") {
  CHECK(kurl::header_has_token("close", "close"));
  CHECK(kurl::header_has_token("Close", "close"));
  CHECK(kurl::header_has_token("keep-alive, close", "close"));
  CHECK(kurl::header_has_token("keep-alive,close", "close"));
  CHECK(kurl::header_has_token("  close  ", "close"));
  CHECK(kurl::header_has_token("\tclose\t, x", "close"));
  CHECK(kurl::header_has_token("a,,close", "close"));
  CHECK(kurl::header_has_token("Keep-Alive, Upgrade", "keep-alive"));
  CHECK_FALSE(kurl::header_has_token("", "close"));
  CHECK_FALSE(kurl::header_has_token("closed", "close"));
  CHECK_FALSE(kurl::header_has_token("not-close", "close"));
  CHECK_FALSE(kurl::header_has_token("keep-alive, upgrade", "close"));
  CHECK_FALSE(kurl::header_has_token("close-ish, x", "close"));
  CHECK_FALSE(kurl::header_has_token(",", "close"));
}

TEST_CASE("text: parse_seconds") {
  CHECK(kurl::parse_seconds("15") == 15.0);
  CHECK(kurl::parse_seconds("0") == 0.0);
  CHECK(kurl::parse_seconds("0.5") == 0.5);
  CHECK(kurl::parse_seconds("2.25") == 2.25);
  CHECK(kurl::parse_seconds("1e3") == 1000.0);
  CHECK_FALSE(kurl::parse_seconds("-1").has_value());
  CHECK_FALSE(kurl::parse_seconds("-0.5").has_value());
  CHECK_FALSE(kurl::parse_seconds("abc").has_value());
  CHECK_FALSE(kurl::parse_seconds("").has_value());
  CHECK_FALSE(kurl::parse_seconds("1.5s").has_value());
  CHECK_FALSE(kurl::parse_seconds(" 1").has_value());
  CHECK_FALSE(kurl::parse_seconds("1 ").has_value());
  CHECK_FALSE(kurl::parse_seconds("+1").has_value());
  CHECK_FALSE(kurl::parse_seconds("inf").has_value());
  CHECK_FALSE(kurl::parse_seconds("nan").has_value());
  CHECK_FALSE(kurl::parse_seconds("1e999").has_value());
  CHECK_FALSE(kurl::parse_seconds("1,5").has_value());
}

TEST_CASE("text: parse_uint") {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  CHECK(kurl::parse_uint("0") == uint64_t{0});
  CHECK(kurl::parse_uint("42") == uint64_t{42});
  CHECK(kurl::parse_uint("007") == uint64_t{7});
  CHECK(kurl::parse_uint("18446744073709551615") == kMax);
  CHECK_FALSE(kurl::parse_uint("18446744073709551616").has_value());  // max + 1
  CHECK_FALSE(kurl::parse_uint("99999999999999999999999").has_value());
  CHECK_FALSE(kurl::parse_uint("").has_value());
  CHECK_FALSE(kurl::parse_uint("-1").has_value());
  CHECK_FALSE(kurl::parse_uint("+1").has_value());
  CHECK_FALSE(kurl::parse_uint(" 1").has_value());
  CHECK_FALSE(kurl::parse_uint("1 ").has_value());
  CHECK_FALSE(kurl::parse_uint("12a").has_value());
  CHECK_FALSE(kurl::parse_uint("0x10").has_value());
  CHECK_FALSE(kurl::parse_uint("1.0").has_value());
}

TEST_CASE("text: append_json_string escapes") {
  std::string out = "prefix:";
  kurl::append_json_string(out, "plain");
  CHECK(out == "prefix:\"plain\"");

  auto json = [](std::string_view s) {
    std::string out;
    kurl::append_json_string(out, s);
    return out;
  };
  CHECK(json("") == "\"\"");
  CHECK(json("a\"b") == "\"a\\\"b\"");
  CHECK(json("a\\b") == "\"a\\\\b\"");
  CHECK(json("\n\r\t") == "\"\\n\\r\\t\"");
  CHECK(json("\x01") == "\"\\u0001\"");
  CHECK(json("\x1f") == "\"\\u001f\"");
  CHECK(json("\b\f") == "\"\\u0008\\u000c\"");
  CHECK(json(std::string_view("\0", 1)) == "\"\\u0000\"");
  CHECK(json("\x7f") == "\"\\u007f\"");  // DEL is a control character too
  CHECK(json("/") == "\"/\"");
  CHECK(json("caf\xC3\xA9") == "\"caf\xC3\xA9\"");  // UTF-8 passes through
}

TEST_CASE("text: append_json_string round-trips every ASCII byte through a JSON parser") {
  std::string raw;
  for (int c = 0; c < 0x80; ++c) raw.push_back(static_cast<char>(c));
  std::string doc = "{\"s\":";
  kurl::append_json_string(doc, raw);
  doc += "}";
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  REQUIRE(parser.parse(doc).get(element) == simdjson::SUCCESS);
  std::string_view parsed;
  REQUIRE(element["s"].get(parsed) == simdjson::SUCCESS);
  CHECK(parsed == raw);
}

TEST_CASE("text: format_seconds prints six decimals") {
  CHECK(kurl::format_seconds(0) == "0.000000");
  CHECK(kurl::format_seconds(1.5) == "1.500000");
  CHECK(kurl::format_seconds(0.1234567) == "0.123457");
}

TEST_CASE("base64: RFC 4648 section 10 test vectors") {
  CHECK(kurl::base64_encode("") == "");
  CHECK(kurl::base64_encode("f") == "Zg==");
  CHECK(kurl::base64_encode("fo") == "Zm8=");
  CHECK(kurl::base64_encode("foo") == "Zm9v");
  CHECK(kurl::base64_encode("foob") == "Zm9vYg==");
  CHECK(kurl::base64_encode("fooba") == "Zm9vYmE=");
  CHECK(kurl::base64_encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64: binary bytes and Basic credentials") {
  CHECK(kurl::base64_encode(std::string_view("\0", 1)) == "AA==");
  CHECK(kurl::base64_encode(std::string_view("\0\0\0", 3)) == "AAAA");
  CHECK(kurl::base64_encode("\xff\xff\xff") == "////");
  CHECK(kurl::base64_encode("\xfb\xff") == "+/8=");
  CHECK(kurl::base64_encode("\x80") == "gA==");
  CHECK(kurl::base64_encode("user:pass") == "dXNlcjpwYXNz");
  CHECK(kurl::base64_encode("Aladdin:open sesame") == "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST_CASE("histogram: empty histogram reads 0") {
  LatencyHistogram h;
  CHECK(h.count() == 0);
  CHECK(h.percentile_ms(50) == 0.0);
  CHECK(h.percentile_ms(99) == 0.0);
  CHECK(h.max_ms() == 0.0);
}

TEST_CASE("histogram: uniform 1..1000 ms") {
  LatencyHistogram h;
  for (int ms = 1; ms <= 1000; ++ms) h.record(ms / 1000.0);
  CHECK(h.count() == 1000);
  CHECK(h.max_ms() == Approx(1000.0));
  CHECK(within_histogram_error(h.percentile_ms(50), 500.0));
  CHECK(within_histogram_error(h.percentile_ms(90), 900.0));
  CHECK(within_histogram_error(h.percentile_ms(99), 990.0));
  CHECK(h.percentile_ms(100) == Approx(1000.0));  // capped at the maximum
  CHECK(h.percentile_ms(0) <= h.percentile_ms(50));
  INFO("p50 " << h.percentile_ms(50) << " p90 " << h.percentile_ms(90) << " p99 "
              << h.percentile_ms(99));
  CHECK(h.percentile_ms(50) <= h.percentile_ms(90));
  CHECK(h.percentile_ms(90) <= h.percentile_ms(99));
  CHECK(h.percentile_ms(99) <= h.max_ms());
}

TEST_CASE("histogram: a constant latency reads back exactly") {
  LatencyHistogram h;
  for (int i = 0; i < 500; ++i) h.record(0.1);
  CHECK(h.percentile_ms(1) == Approx(100.0));
  CHECK(h.percentile_ms(50) == Approx(100.0));
  CHECK(h.percentile_ms(99) == Approx(100.0));
  CHECK(h.max_ms() == Approx(100.0));
}

TEST_CASE("histogram: bimodal 85% fast, 15% slow") {
  LatencyHistogram h;
  for (int i = 0; i < 850; ++i) h.record(0.010);
  for (int i = 0; i < 150; ++i) h.record(2.0);
  CHECK(within_histogram_error(h.percentile_ms(50), 10.0));
  CHECK(within_histogram_error(h.percentile_ms(80), 10.0));
  CHECK(within_histogram_error(h.percentile_ms(90), 2000.0));
  CHECK(within_histogram_error(h.percentile_ms(99), 2000.0));
  CHECK(h.max_ms() == Approx(2000.0));
}

TEST_CASE("histogram: log-uniform latencies over six decades") {
  // 10^(k/100) microseconds for k = 200..800: 100 us to 100 s, median 10^5 us = 100 ms.
  LatencyHistogram h;
  for (int k = 200; k <= 800; ++k) h.record(std::pow(10.0, k / 100.0) / 1e6);
  CHECK(within_histogram_error(h.percentile_ms(50), 100.0));
  CHECK(within_histogram_error(h.percentile_ms(90), std::pow(10.0, 7.4) / 1000));
  CHECK(within_histogram_error(h.percentile_ms(99), std::pow(10.0, 7.94) / 1000));
  CHECK(h.max_ms() == Approx(100000.0));
}

TEST_CASE("histogram: max, negative and very long latencies") {
  LatencyHistogram h;
  h.record(0.0123);
  CHECK(h.max_ms() == Approx(12.3));
  h.record(-1.0);  // a clock step backwards counts as 0
  CHECK(h.count() == 2);
  CHECK(h.max_ms() == Approx(12.3));
  h.record(2 * 3600.0);  // two hours: still inside the buckets
  CHECK(h.count() == 3);
  CHECK(h.max_ms() == Approx(2 * 3600 * 1000.0));
  CHECK(within_histogram_error(h.percentile_ms(100), 2 * 3600 * 1000.0));
  h.record(3 * 24 * 3600.0);  // three days: past the last bucket, still counted
  CHECK(h.count() == 4);
  CHECK(h.max_ms() == Approx(3 * 24 * 3600 * 1000.0));
  CHECK(h.percentile_ms(100) <= h.max_ms());
}

TEST_CASE("histogram: merge equals recording everything in one") {
  LatencyHistogram a, b, all;
  for (int i = 1; i <= 300; ++i) {
    double seconds = i * 0.0007;
    a.record(seconds);
    all.record(seconds);
  }
  for (int i = 1; i <= 700; ++i) {
    double seconds = 0.05 + i * 0.003;
    b.record(seconds);
    all.record(seconds);
  }
  LatencyHistogram merged = a;
  merged.merge(b);
  CHECK(merged.count() == 1000);
  CHECK(merged.max_ms() == all.max_ms());
  for (double p : {1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 99.0, 99.9, 100.0}) {
    INFO("p" << p);
    CHECK(merged.percentile_ms(p) == all.percentile_ms(p));
  }

  LatencyHistogram empty;
  LatencyHistogram into_empty;
  into_empty.merge(a);
  CHECK(into_empty.percentile_ms(50) == a.percentile_ms(50));
  a.merge(empty);
  CHECK(a.count() == 300);
}

TEST_CASE("ListItems yields each comma-separated item, trimmed, empty ones included", "[text]") {
  auto all = [](std::string_view list, std::string_view separators = ",") {
    std::vector<std::string> out;
    kurl::ListItems items(list, separators);
    while (auto item = items.next()) out.emplace_back(*item);
    return out;
  };
  CHECK(all("").empty());
  CHECK(all("a") == std::vector<std::string>{"a"});
  CHECK(all(" a ,\tb") == std::vector<std::string>{"a", "b"});
  CHECK(all("a,,b,") == std::vector<std::string>{"a", "", "b", ""});
  CHECK(all("a b,c", ", ") == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("text: append_decimal appends, pads and keeps what was there") {
  std::string out = "n=";
  kurl::append_decimal(out, 0);
  CHECK(out == "n=0");
  kurl::append_decimal(out, 7, 3);
  CHECK(out == "n=0007");
  out.clear();
  kurl::append_decimal(out, 18446744073709551615ull);
  CHECK(out == "18446744073709551615");
  out.clear();
  kurl::append_decimal(out, 12345, 2);  // a wider number is not cut
  CHECK(out == "12345");
}
