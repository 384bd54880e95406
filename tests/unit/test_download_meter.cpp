// output/download_meter and output/terminal_setup: the bar's text and --color's rule.
#include <catch2/catch.hpp>
#include <string>

#include "output/download_meter.h"
#include "output/terminal_setup.h"

TEST_CASE("download meter: bytes in binary units") {
  CHECK(kurl::human_bytes(0) == "0 B");
  CHECK(kurl::human_bytes(1023) == "1023 B");
  CHECK(kurl::human_bytes(1536) == "1.5 KiB");
  CHECK(kurl::human_bytes(3u << 20) == "3.0 MiB");
}

TEST_CASE("download meter: bar, share, bytes, rate and time left") {
  std::string out;
  kurl::append_meter(out, 80, 50 * 1024, 100 * 1024, 2.0);
  CHECK(out.find("50%  50.0 KiB / 100.0 KiB  25.0 KiB/s  2 s left") != std::string::npos);
  CHECK(out.front() == '[');
  CHECK(out.size() == 79);  // the last column stays free, so the line never wraps
  out.clear();
  kurl::append_meter(out, 30, 50 * 1024, 100 * 1024, 2.0);  // too narrow for a bar
  CHECK(out == "50%  50.0 KiB / 100.0 KiB  25.0 KiB/s  2 s left");
  out.clear();
  kurl::append_meter(out, 80, 2048, 0, 2.0);  // no total: no bar, no time left
  CHECK(out == "2.0 KiB  1.0 KiB/s");
  out.clear();
  kurl::append_meter(out, 80, 6000, 6'000'000, 1.0);  // 999 s
  CHECK(out.find("16:39 left") != std::string::npos);
}

TEST_CASE("color flag: always, never, and auto by the terminal, NO_COLOR and TERM") {
  using kurl::When;
  CHECK(kurl::colour_wanted(When::Always, false, "1", "dumb"));
  CHECK_FALSE(kurl::colour_wanted(When::Never, true, nullptr, "xterm"));
  CHECK(kurl::colour_wanted(When::Auto, true, nullptr, "xterm"));
  CHECK(kurl::colour_wanted(When::Auto, true, "", nullptr));  // an empty NO_COLOR is unset
  CHECK_FALSE(kurl::colour_wanted(When::Auto, true, "1", "xterm"));
  CHECK_FALSE(kurl::colour_wanted(When::Auto, true, nullptr, "dumb"));
  CHECK_FALSE(kurl::colour_wanted(When::Auto, false, nullptr, "xterm"));
}
