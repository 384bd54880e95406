#include <catch2/catch.hpp>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "http/reuse_policy.h"

namespace {

using kurl::Response;
using kurl::ReuseVerdict;

using HeaderList = std::initializer_list<std::pair<std::string_view, std::string_view>>;

Response response(int minor, HeaderList headers, bool close_delimited = false) {
  Response r;
  r.status = 200;
  r.http_major = 1;
  r.http_minor = minor;
  r.close_delimited = close_delimited;
  for (const auto& [name, value] : headers) {
    r.headers.append_name(name);
    r.headers.append_value(value);
    r.headers.finish_header();
  }
  return r;
}

ReuseVerdict verdict(const Response& r, bool trailing_bytes = false) {
  return kurl::decide_reuse(r, trailing_bytes).verdict;
}

}  // namespace

TEST_CASE("reuse: an HTTP/1.1 response is reusable by default") {
  auto decision = kurl::decide_reuse(response(1, {{"Content-Length", "5"}}), false);
  CHECK(decision.verdict == ReuseVerdict::Reusable);
  CHECK(decision.reusable());
  CHECK_FALSE(decision.server_idle_timeout.has_value());
  CHECK(verdict(response(1, {})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(1, {{"Connection", "keep-alive"}})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(1, {{"Connection", "Upgrade"}})) == ReuseVerdict::Reusable);
}

TEST_CASE("reuse: Connection: close from the server, in any case and in a token list") {
  for (std::string_view value : {"close", "Close", "CLOSE", " close ", "keep-alive, close",
                                 "close, keep-alive", "Upgrade,CLOSE"}) {
    INFO("Connection: " << value);
    auto decision = kurl::decide_reuse(response(1, {{"Connection", value}}), false);
    CHECK(decision.verdict == ReuseVerdict::ServerClose);
    CHECK_FALSE(decision.reusable());
  }
  CHECK(verdict(response(1, {{"connection", "close"}})) == ReuseVerdict::ServerClose);
  CHECK(verdict(response(1, {{"Connection", "closed"}})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(1, {{"X-Connection", "close"}})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(1, {{"Proxy-Connection", "close"}})) == ReuseVerdict::Reusable);
}

// BUG (src/http/reuse_policy.cpp decide_reuse): only the first Connection header line is read
// (HeaderBlock::find); RFC 9110 5.3 makes several lines one comma-separated list, so a
// "close" on a second Connection line is missed and the connection goes back to the pool.
TEST_CASE("reuse: Connection: close on a second Connection line") {
  CHECK(verdict(response(1, {{"Connection", "keep-alive"}, {"Connection", "close"}})) ==
        ReuseVerdict::ServerClose);
}

TEST_CASE("reuse: HTTP/1.0 needs Connection: keep-alive") {
  CHECK(verdict(response(0, {{"Content-Length", "3"}})) == ReuseVerdict::Http10);
  CHECK(verdict(response(0, {{"Connection", "keep-alive"}})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(0, {{"Connection", "Keep-Alive"}})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(0, {{"connection", "foo, keep-alive"}})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(0, {{"Keep-Alive", "timeout=5"}})) == ReuseVerdict::Http10);
  CHECK(verdict(response(0, {{"Connection", "close"}})) == ReuseVerdict::ServerClose);
  CHECK(verdict(response(0, {{"Connection", "keep-alive, close"}})) == ReuseVerdict::ServerClose);
}

TEST_CASE("reuse: a close-delimited body ends reuse") {
  CHECK(verdict(response(1, {}, true)) == ReuseVerdict::CloseDelimited);
  CHECK(verdict(response(1, {{"Connection", "keep-alive"}}, true)) == ReuseVerdict::CloseDelimited);
  CHECK(verdict(response(0, {{"Connection", "keep-alive"}}, true)) == ReuseVerdict::CloseDelimited);
}

TEST_CASE("reuse: bytes after the response end reuse") {
  CHECK(verdict(response(1, {}), true) == ReuseVerdict::TrailingBytes);
  CHECK_FALSE(kurl::decide_reuse(response(1, {}), true).reusable());
}

TEST_CASE("reuse: the first reason wins") {
  // close > HTTP/1.0 > close-delimited > trailing bytes.
  CHECK(verdict(response(0, {{"Connection", "close"}}, true), true) == ReuseVerdict::ServerClose);
  CHECK(verdict(response(0, {}, true), true) == ReuseVerdict::Http10);
  CHECK(verdict(response(1, {}, true), true) == ReuseVerdict::CloseDelimited);
}

TEST_CASE("reuse: Keep-Alive timeout comes with the decision") {
  auto decision = kurl::decide_reuse(response(1, {{"Keep-Alive", "timeout=5, max=100"}}), false);
  CHECK(decision.reusable());
  REQUIRE(decision.server_idle_timeout.has_value());
  CHECK(*decision.server_idle_timeout == 5.0);

  auto http10 = kurl::decide_reuse(
      response(0, {{"Connection", "Keep-Alive"}, {"keep-alive", "timeout=2"}}), false);
  CHECK(http10.reusable());
  CHECK(http10.server_idle_timeout == 2.0);

  auto closing = kurl::decide_reuse(
      response(1, {{"Connection", "close"}, {"Keep-Alive", "timeout=abc"}}), false);
  CHECK(closing.verdict == ReuseVerdict::ServerClose);
  CHECK_FALSE(closing.server_idle_timeout.has_value());
}

TEST_CASE("reuse: parse_keep_alive_timeout") {
  CHECK(kurl::parse_keep_alive_timeout("timeout=5, max=100") == 5.0);
  CHECK(kurl::parse_keep_alive_timeout("max=100, timeout=7") == 7.0);
  CHECK(kurl::parse_keep_alive_timeout("timeout = 2") == 2.0);
  CHECK(kurl::parse_keep_alive_timeout("  timeout=3  ") == 3.0);
  CHECK(kurl::parse_keep_alive_timeout("TIMEOUT=4") == 4.0);
  CHECK(kurl::parse_keep_alive_timeout("timeout=1.5") == 1.5);
  CHECK(kurl::parse_keep_alive_timeout("timeout=0.25,max=3") == 0.25);
  CHECK(kurl::parse_keep_alive_timeout("timeout=0") == 0.0);
  CHECK_FALSE(kurl::parse_keep_alive_timeout("").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("max=100").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("timeout").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("timeout=").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("timeout=abc").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("timeout=-1").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("timeout=5s").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("timeouts=5").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout("x-timeout=5").has_value());
  CHECK_FALSE(kurl::parse_keep_alive_timeout(",,,").has_value());
}
