#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/url_shorthand.h"

using kurl::expand_localhost_shorthand;

TEST_CASE("localhost shorthand: HTTPie's forms") {
  CHECK(expand_localhost_shorthand(":8080/path") == "http://localhost:8080/path");
  CHECK(expand_localhost_shorthand(":/path") == "http://localhost/path");
  CHECK(expand_localhost_shorthand(":8080") == "http://localhost:8080");
  CHECK(expand_localhost_shorthand(":") == "http://localhost");
  CHECK(expand_localhost_shorthand(":3000?q=1") == "http://localhost:3000?q=1");
  CHECK(expand_localhost_shorthand(":3000/a[1-3]") == "http://localhost:3000/a[1-3]");
}

TEST_CASE("localhost shorthand: anything else is left as written") {
  for (const char* url : {"::1", ":foo", ":80x/", "http://a:80/", "localhost:80", "a", ""}) {
    CHECK(expand_localhost_shorthand(url) == url);
  }
}

TEST_CASE("localhost shorthand: positional and --url URLs, in order") {
  std::vector<const char*> argv = {"kurl", "-q", ":9/a", "--url", ":/b", "http://c/"};
  kurl::ParseOutcome outcome =
      kurl::parse_command_line(static_cast<int>(argv.size()), argv.data());
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  CHECK(outcome.options.urls ==
        std::vector<std::string>{"http://localhost:9/a", "http://localhost/b", "http://c/"});
}
