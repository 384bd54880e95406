#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/url_glob.h"

namespace {

using kurl::UrlGlob;

std::vector<std::string> expand_all(const std::string& url) {
  kurl::Result<UrlGlob> glob = UrlGlob::parse(url);
  REQUIRE(glob.ok());
  std::vector<std::string> urls;
  std::string current;
  do {
    glob->current(current);
    urls.push_back(current);
  } while (glob->advance());
  CHECK(urls.size() == glob->count());
  return urls;
}

std::string error_of(const std::string& url) {
  kurl::Result<UrlGlob> glob = UrlGlob::parse(url);
  REQUIRE_FALSE(glob.ok());
  CHECK(glob.error().code == kurl::ExitCode::MalformedUrl);
  return glob.error().message;
}

}  // namespace

TEST_CASE("url glob: a plain URL is itself, once") {
  CHECK(expand_all("http://h/a.html") == std::vector<std::string>{"http://h/a.html"});
  CHECK_FALSE(kurl::may_be_glob("http://h/a.html?x=1"));
  CHECK(kurl::may_be_glob("http://h/[1-2]"));
}

TEST_CASE("url glob: numeric ranges, zero padding and steps") {
  CHECK(expand_all("h/[1-3]") == std::vector<std::string>{"h/1", "h/2", "h/3"});
  CHECK(expand_all("h/[001-003]") == std::vector<std::string>{"h/001", "h/002", "h/003"});
  // The padding is the first number's digits; a zero-less first number pads nothing.
  CHECK(expand_all("h/[01-3]") == std::vector<std::string>{"h/01", "h/02", "h/03"});
  CHECK(expand_all("h/[1-03]") == std::vector<std::string>{"h/1", "h/2", "h/3"});
  CHECK(expand_all("h/[098-101]") == std::vector<std::string>{"h/098", "h/099", "h/100", "h/101"});
  CHECK(expand_all("h/[0-20:10]") == std::vector<std::string>{"h/0", "h/10", "h/20"});
  CHECK(expand_all("h/[0-25:10]") == std::vector<std::string>{"h/0", "h/10", "h/20"});
  CHECK(expand_all("h/[5-5]") == std::vector<std::string>{"h/5"});
  CHECK(expand_all("h/[1- 2]") == std::vector<std::string>{"h/1", "h/2"});
}

TEST_CASE("url glob: character ranges") {
  CHECK(expand_all("h/[a-c]") == std::vector<std::string>{"h/a", "h/b", "h/c"});
  CHECK(expand_all("h/[a-e:2]") == std::vector<std::string>{"h/a", "h/c", "h/e"});
  CHECK(expand_all("h/[X-Z].txt") == std::vector<std::string>{"h/X.txt", "h/Y.txt", "h/Z.txt"});
}

TEST_CASE("url glob: sets, empty elements and escapes") {
  CHECK(expand_all("h/{one,two}") == std::vector<std::string>{"h/one", "h/two"});
  CHECK(expand_all("h/{a}") == std::vector<std::string>{"h/a"});
  CHECK(expand_all("h/x{a,}") == std::vector<std::string>{"h/xa", "h/x"});
  CHECK(expand_all("h/{a,\\}b}") == std::vector<std::string>{"h/a", "h/}b"});
  CHECK(expand_all("h/\\[x\\]\\{y\\}") == std::vector<std::string>{"h/[x]{y}"});
  // A backslash before anything else stays.
  CHECK(expand_all("h/a\\b") == std::vector<std::string>{"h/a\\b"});
}

TEST_CASE("url glob: brackets that are not ranges") {
  CHECK(expand_all("http://[::1]:8080/[1-2]") ==
        std::vector<std::string>{"http://[::1]:8080/1", "http://[::1]:8080/2"});
  CHECK(expand_all("http://[fe80::1%25eth0]/") ==
        std::vector<std::string>{"http://[fe80::1%25eth0]/"});
  CHECK(expand_all("h/[]") == std::vector<std::string>{"h/[]"});
}

TEST_CASE("url glob: several globs multiply, the last turning fastest (curl's order)") {
  CHECK(expand_all("h/{a,b}/[1-2]") ==
        std::vector<std::string>{"h/a/1", "h/a/2", "h/b/1", "h/b/2"});
  CHECK(expand_all("h/[1-2]{a,b,}") ==
        std::vector<std::string>{"h/1a", "h/1b", "h/1", "h/2a", "h/2b", "h/2"});
  kurl::Result<UrlGlob> big = UrlGlob::parse("h/[1-1000][1-1000][1-1000]");
  REQUIRE(big.ok());
  CHECK(big->count() == 1000000000);
  CHECK(big->globs() == 3);
}

TEST_CASE("url glob: iteration holds no list, so ten million URLs cost nothing up front") {
  kurl::Result<UrlGlob> glob = UrlGlob::parse("h/[1-10000000]");
  REQUIRE(glob.ok());
  CHECK(glob->count() == 10000000);
  std::string url;
  glob->current(url);
  CHECK(url == "h/1");
  uint64_t advanced = 0;
  while (advanced < 9999999 && glob->advance()) ++advanced;
  CHECK(advanced == 9999999);
  glob->current(url);
  CHECK(url == "h/10000000");
  CHECK_FALSE(glob->advance());
}

TEST_CASE("url glob: #N in -o takes each glob's current value") {
  kurl::Result<UrlGlob> glob = UrlGlob::parse("h/{x,y}/[008-009]");
  REQUIRE(glob.ok());
  CHECK(glob->expand_output("p#1-#2.html") == "px-008.html");
  REQUIRE(glob->advance());
  CHECK(glob->expand_output("#2#1") == "009x");
  REQUIRE(glob->advance());
  CHECK(glob->expand_output("#1/#2") == "y/008");
  // No such glob, #0 and a bare '#': kept as written.
  CHECK(glob->expand_output("#3-#0-#") == "#3-#0-#");
  CHECK(glob->expand_output("#12") == "#12");
}

TEST_CASE("url glob: bad ranges name curl's message and position") {
  CHECK(error_of("http://127.0.0.1:1/[3-1]") ==
        "bad range in URL position 25: http://127.0.0.1:1/[3-1]");
  CHECK(error_of("http://127.0.0.1:1/[1-3") == "bad range in URL position 23: http://127.0.0.1:1/[1-3");
  CHECK(error_of("http://127.0.0.1:1/[a-9]") ==
        "bad range in URL position 25: http://127.0.0.1:1/[a-9]");
  CHECK(error_of("http://127.0.0.1:1/[1-3:0]") ==
        "bad range in URL position 27: http://127.0.0.1:1/[1-3:0]");
  CHECK(error_of("http://127.0.0.1:1/[1-3:1000]") ==
        "bad range in URL position 30: http://127.0.0.1:1/[1-3:1000]");
  CHECK(error_of("http://127.0.0.1:1/[1-3:-1]") ==
        "bad range in URL position 28: http://127.0.0.1:1/[1-3:-1]");
  CHECK(error_of("http://127.0.0.1:1/[5]") == "bad range in URL position 21: http://127.0.0.1:1/[5]");
  CHECK(error_of("http://127.0.0.1:1/[A-c]") ==
        "bad range in URL position 25: http://127.0.0.1:1/[A-c]");
  CHECK(error_of("http://127.0.0.1:1/[-1-3]") ==
        "bad range specification in URL position 21: http://127.0.0.1:1/[-1-3]");
  CHECK(error_of("http://127.0.0.1:1/[ 1-3]") ==
        "bad range specification in URL position 21: http://127.0.0.1:1/[ 1-3]");
  CHECK(error_of("h/[1-99999999999999999999]").find("bad range") == 0);
}

TEST_CASE("url glob: unmatched and nested braces") {
  CHECK(error_of("http://127.0.0.1:1/{a,b") ==
        "unmatched brace in URL position 20: http://127.0.0.1:1/{a,b");
  CHECK(error_of("http://127.0.0.1:1/{}") ==
        "empty string within braces in URL position 21: http://127.0.0.1:1/{}");
  CHECK(error_of("http://127.0.0.1:1/{a,{b}}") ==
        "nested brace in URL position 23: http://127.0.0.1:1/{a,{b}}");
  CHECK(error_of("http://127.0.0.1:1/[1-2]]") ==
        "unmatched close brace/bracket in URL position 25: http://127.0.0.1:1/[1-2]]");
  CHECK(error_of("http://127.0.0.1:1/a}") ==
        "unmatched close brace/bracket in URL position 21: http://127.0.0.1:1/a}");
  CHECK(error_of("h/{a]}") == "unexpected close bracket in URL position 5: h/{a]}");
}

TEST_CASE("url glob: more than 10^9 URLs, or an overflow, is refused") {
  CHECK(error_of("h/[1-1000][1-1000][1-1001]") ==
        "too many URLs in glob (more than 1000000000): h/[1-1000][1-1000][1-1001]");
  CHECK(error_of("h/[0-18446744073709551615][1-2]").find("range overflow") == 0);
  std::string many = "h/";
  for (int i = 0; i < 60; ++i) many += "{a}b";
  CHECK(error_of(many).find("too many globs in URL position") == 0);
}
