// output/binary_check: a NUL or bytes that are not UTF-8 in a body's first 2000 bytes.
#include <catch2/catch.hpp>
#include <string>

#include "output/binary_check.h"

namespace {

bool binary(std::string_view body, size_t split = std::string_view::npos) {
  kurl::BinaryCheck check;
  if (split == std::string_view::npos || split > body.size()) return check.feed(body);
  check.feed(body.substr(0, split));
  return check.feed(body.substr(split));
}

}  // namespace

TEST_CASE("binary check: text and UTF-8 are text") {
  CHECK_FALSE(binary("hello\r\n\tworld\x1b[0m"));
  CHECK_FALSE(binary("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(binary(""));
}

TEST_CASE("binary check: a NUL byte, as curl looks for") {
  CHECK(binary(std::string("ab\0cd", 5)));
  CHECK(binary(std::string("\x1f\x8b\x08\x00", 4)));  // a gzip header
}

TEST_CASE("binary check: bytes that are not UTF-8") {
  CHECK(binary("caf\xe9 noir"));      // Latin-1
  CHECK(binary("\x89PNG"));           // a lone continuation-range lead
  CHECK(binary("\xc0\xaf"));          // overlong
  CHECK(binary("\xed\xa0\x80"));      // a surrogate
  CHECK(binary("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK(binary("\xc3\xa9\xc3x"));     // a sequence cut by a plain byte
  CHECK(binary("\xff\xfe"));
}

TEST_CASE("binary check: the verdict is the same for every split of the bytes") {
  std::string text = "ab \xe2\x82\xac cd \xf0\x9f\x98\x80";
  std::string bad = std::string("ab \xe2\x82", 5) + "x" + std::string("\0", 1);
  for (size_t split = 0; split <= text.size(); ++split) {
    INFO(split);
    CHECK_FALSE(binary(text, split));
  }
  for (size_t split = 0; split <= bad.size(); ++split) {
    INFO(split);
    CHECK(binary(bad, split));
  }
}

TEST_CASE("binary check: only the first 2000 bytes count") {
  std::string late(kurl::kBinaryCheckBytes, 'a');
  late += std::string("\0\xff", 2);
  CHECK_FALSE(binary(late));
  CHECK_FALSE(binary(late, 1000));
  std::string edge(kurl::kBinaryCheckBytes - 1, 'a');
  edge += std::string("\0", 1);
  CHECK(binary(edge, 1999));
  // A sequence cut by the end of the window is not held against the body.
  std::string cut(kurl::kBinaryCheckBytes - 1, 'a');
  cut += "\xe2\x82\xac";
  CHECK_FALSE(binary(cut));
}
