// output/progress_bar: curl's bar drawing and width rules.
#include <catch2/catch.hpp>
#include <string>

#include "output/progress_bar.h"

TEST_CASE("progress bar: '#' for the share received, then the percentage") {
  std::string out;
  kurl::append_progress_bar(out, 27, 50, 100);  // 20 columns of bar
  CHECK(out == "\r##########            50.0%");
  out.clear();
  kurl::append_progress_bar(out, 27, 100, 100);
  CHECK(out == "\r#################### 100.0%");
  out.clear();
  kurl::append_progress_bar(out, 27, 150, 100);  // more than announced: full
  CHECK(out == "\r#################### 100.0%");
  out.clear();
  kurl::append_progress_bar(out, 27, 1, 3);
  CHECK(out == "\r######                33.3%");
}

TEST_CASE("progress bar: the width from COLUMNS, else the terminal, else 79") {
  CHECK(kurl::progress_bar_width("60", -1) == 60);
  CHECK(kurl::progress_bar_width("1000", -1) == kurl::kMaxProgressBarWidth);
  CHECK(kurl::progress_bar_width("20", -1) == kurl::kDefaultProgressBarWidth);  // too narrow
  CHECK(kurl::progress_bar_width("60x", -1) == kurl::kDefaultProgressBarWidth);
  CHECK(kurl::progress_bar_width(nullptr, -1) == kurl::kDefaultProgressBarWidth);
}
