// Redirect locations as curl reads them (issue 12): encoding, and slashes after the scheme.
#include <catch2/catch.hpp>

#include "engine/redirect_policy.h"

namespace {

std::string read_as_curl(std::string_view location) {
  auto read = kurl::location_as_curl_reads_it(location);
  REQUIRE(read);
  return *read;
}

std::string followed(std::string_view location, const char* from = "http://a.test/dir/page") {
  auto plan = kurl::plan_redirect(*kurl::parse_url(from), "GET", 302, location);
  REQUIRE(plan);
  return plan->url.to_string();
}

}  // namespace

TEST_CASE("redirect location: spaces are %20 in the path and + in the query") {
  CHECK(read_as_curl("/a b/c d?x y=1 2") == "/a%20b/c%20d?x+y=1+2");
  CHECK(read_as_curl("  /padded  ") == "/padded");
  CHECK(followed("/new place?q=a b") == "http://a.test/new%20place?q=a+b");
  CHECK(followed("other file") == "http://a.test/dir/other%20file");
}

TEST_CASE("redirect location: bytes outside ASCII are percent-encoded, curl's lower case") {
  CHECK(read_as_curl("/caf\xc3\xa9") == "/caf%c3%a9");
  CHECK(followed("http://b.test/\xe2\x82\xac?\xff") == "http://b.test/%e2%82%ac?%ff");
  CHECK(read_as_curl("/already%20encoded") == "/already%20encoded");
}

TEST_CASE("redirect location: the host is never encoded") {
  CHECK(read_as_curl("http://h\xc3\xa9st/p q") == "http://h\xc3\xa9st/p%20q");
  CHECK(read_as_curl("//other.test/p q") == "//other.test/p%20q");
  CHECK_FALSE(
      kurl::plan_redirect(*kurl::parse_url("http://a.test/"), "GET", 302, "http://bad host/"));
}

TEST_CASE("redirect location: one to three slashes after http: mean two") {
  CHECK(followed("http:/b.test/path") == "http://b.test/path");
  CHECK(followed("http:///b.test/path") == "http://b.test/path");
  CHECK(followed("HTTPS:/b.test:8443/x") == "https://b.test:8443/x");
  CHECK(followed("http://b.test/p") == "http://b.test/p");
}

TEST_CASE("redirect location: no slash or four after http: is malformed (3)") {
  for (const char* location : {"http:b.test/path", "http:////b.test/", "https:"}) {
    auto plan = kurl::plan_redirect(*kurl::parse_url("http://a.test/"), "GET", 302, location);
    REQUIRE_FALSE(plan);
    CHECK(plan.error().code == kurl::ExitCode::MalformedUrl);
  }
}

TEST_CASE("redirect location: other schemes are left for the protocol check (1)") {
  auto plan = kurl::plan_redirect(*kurl::parse_url("http://a.test/"), "GET", 302, "ftp:/x y");
  REQUIRE_FALSE(plan);
  CHECK(plan.error().code == kurl::ExitCode::UnsupportedProtocol);
}
