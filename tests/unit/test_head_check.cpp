#include <catch2/catch.hpp>
#include <string>

#include "core/url.h"
#include "http/head_check.h"

namespace {

// The head check judges the body by its size alone.
kurl::Request request_with(std::vector<kurl::Header> headers, std::string_view body = "",
                           bool has_body = false) {
  kurl::Request request;
  request.url = *kurl::parse_url("http://h/p");
  request.headers = std::move(headers);
  request.body_length = body.size();
  request.has_body = has_body;
  return request;
}

}  // namespace

TEST_CASE("head check: tokens are RFC 9110 tchar runs") {
  for (const char* token : {"GET", "M-SEARCH", "x_y", "a!#$%&'*+-.^_`|~9"}) {
    INFO(token);
    CHECK(kurl::is_token(token));
  }
  for (std::string bad : {std::string(""), std::string("GET /x"), std::string("A:B"),
                          std::string("G\r\nE"), std::string("A\0B", 3), std::string("(x)"),
                          std::string("caf\xc3\xa9"), std::string("a\tb"), std::string("a\"b")}) {
    INFO(bad);
    CHECK_FALSE(kurl::is_token(bad));
  }
}

TEST_CASE("head check: a value may hold anything but control bytes other than tab") {
  CHECK(kurl::is_field_value(""));
  CHECK(kurl::is_field_value("text/html; q=0.9, \t\"x\" caf\xc3\xa9 \xff"));
  CHECK_FALSE(kurl::is_field_value("a\x01"));
  CHECK_FALSE(kurl::is_field_value("a\x7f"));
  CHECK_FALSE(kurl::is_field_value("a\x1b[31m"));
  CHECK_FALSE(kurl::is_field_value("a\rb"));
  CHECK_FALSE(kurl::is_field_value("a\nGET / HTTP/1.1"));
  CHECK_FALSE(kurl::is_field_value(std::string("a\0b", 3)));
}

TEST_CASE("head check: messages name the byte, never repeat it") {
  auto problem = kurl::header_problem("X-A", "1\r\nX-Smuggled: yes");
  REQUIRE(problem);
  CHECK(*problem == "header X-A's value contains CR");
  problem = kurl::header_problem("X\nB", "1");
  REQUIRE(problem);
  CHECK(*problem == "a header name contains LF");
  problem = kurl::method_problem("GET / HTTP/1.1\r\nHost: evil\r\n\r\nGET");
  REQUIRE(problem);
  CHECK(*problem == "the method contains a space");
  CHECK(kurl::method_problem("")->find("empty") != std::string::npos);
  CHECK_FALSE(kurl::method_problem("PROPFIND"));
  CHECK_FALSE(kurl::header_problem("X-Empty", ""));
}

TEST_CASE("head check: a whole request, its lines and its framing") {
  CHECK_FALSE(kurl::request_head_problem(request_with({{"Host", "h"}})));
  CHECK(kurl::request_head_problem(request_with({{"Host", "h"}, {"X", "a\r\nb"}})));

  kurl::Request bad_method = request_with({{"Host", "h"}});
  bad_method.method = "GET\r\n";
  CHECK(kurl::request_head_problem(bad_method));

  // One framing, agreeing with the body.
  CHECK_FALSE(kurl::request_head_problem(request_with({{"Content-Length", "3"}}, "abc", true)));
  CHECK(*kurl::request_head_problem(request_with({{"Content-Length", "0"}}, "abc", true)) ==
        "Content-Length \"0\" is not the body's 3 bytes");
  CHECK(kurl::request_head_problem(request_with({{"Content-Length", "5"}})));
  CHECK(kurl::request_head_problem(request_with({{"Content-Length", "x"}})));
  CHECK(kurl::request_head_problem(
      request_with({{"Content-Length", "3"}, {"Content-Length", "3"}}, "abc", true)));
  CHECK_FALSE(
      kurl::request_head_problem(request_with({{"Transfer-Encoding", "chunked"}}, "a", true)));
  CHECK(kurl::request_head_problem(request_with({{"Transfer-Encoding", "gzip, chunked"}})));
  CHECK(kurl::request_head_problem(
      request_with({{"Transfer-Encoding", "chunked"}, {"Content-Length", "1"}}, "a", true)));
}

TEST_CASE("head check: the target never carries a space or a control byte") {
  kurl::Request request = request_with({{"Host", "h"}});
  request.url.target = "/a b";
  CHECK(kurl::request_head_problem(request));
  request.url.target = "/a\r\nb";
  CHECK(kurl::request_head_problem(request));
  request.url.target = "/a%20b?x=%0D";
  CHECK_FALSE(kurl::request_head_problem(request));
}
