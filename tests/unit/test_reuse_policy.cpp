#include <catch2/catch.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "http/response_parser.h"
#include "http/reuse_policy.h"

namespace {

using kurl::Response;
using kurl::ReuseVerdict;

using HeaderList = std::initializer_list<std::pair<std::string_view, std::string_view>>;

class IgnoreParts final : public kurl::ResponseListener {
 public:
  void on_response_head(const Response&) override {}
  void on_response_body(std::string_view) override {}
};

// Parses a whole response through the real parser, so the parser's own verdict is in it.
Response parse(std::string_view wire, bool head_request = false) {
  IgnoreParts listener;
  kurl::ResponseParser parser(listener);
  Response r;
  parser.expect(r, head_request);
  auto result = parser.feed(wire);
  if (result.status == kurl::ResponseParser::Status::NeedMore) result = parser.finish();
  REQUIRE(result.status == kurl::ResponseParser::Status::Complete);
  return r;
}

// A 200 with `headers`; a Content-Length of 0 is added unless the body is close-delimited.
Response response(int minor, HeaderList headers, bool close_delimited = false) {
  std::string wire = "HTTP/1." + std::to_string(minor) + " 200 OK\r\n";
  for (const auto& [name, value] : headers) {
    wire.append(name).append(": ").append(value).append("\r\n");
  }
  bool has_length = false;
  for (const auto& header : headers) has_length = has_length || header.first == "Content-Length";
  if (!close_delimited && !has_length) wire += "Content-Length: 0\r\n";
  wire += "\r\n";
  return parse(wire);
}

ReuseVerdict verdict(const Response& r, bool trailing_bytes = false) {
  kurl::ReuseContext context;
  context.trailing_bytes = trailing_bytes;
  return kurl::decide_reuse(r, context).verdict;
}

kurl::ReuseDecision decide(const Response& r, bool trailing_bytes = false) {
  kurl::ReuseContext context;
  context.trailing_bytes = trailing_bytes;
  return kurl::decide_reuse(r, context);
}

}  // namespace

TEST_CASE("reuse: an HTTP/1.1 response is reusable by default") {
  auto decision = decide(parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"));
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
    auto decision = decide(response(1, {{"Connection", value}}));
    CHECK(decision.verdict == ReuseVerdict::ServerClose);
    CHECK_FALSE(decision.reusable());
  }
  CHECK(verdict(response(1, {{"connection", "close"}})) == ReuseVerdict::ServerClose);
  CHECK(verdict(response(1, {{"Connection", "closed"}})) == ReuseVerdict::Reusable);
  CHECK(verdict(response(1, {{"X-Connection", "close"}})) == ReuseVerdict::Reusable);
}

// llhttp stops reading after these; reusing the connection left the next request hanging
// until -m (issue 12).
TEST_CASE("reuse: whatever makes the parser stop ends reuse") {
  CHECK(verdict(response(1, {{"Proxy-Connection", "close"}})) == ReuseVerdict::ServerClose);
  CHECK(verdict(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "1\r\na\r\n0\r\nConnection: close\r\n\r\n")) == ReuseVerdict::ServerClose);
  CHECK(verdict(parse("HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")) ==
        ReuseVerdict::ServerClose);
  CHECK(verdict(parse("HTTP/0.9 200 OK\r\nContent-Length: 0\r\n\r\n")) == ReuseVerdict::Http10);
}

TEST_CASE("reuse: a bodiless response that announced a body, with requests pipelined behind") {
  Response head = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true);
  CHECK(head.skipped_announced_body);
  kurl::ReuseContext alone;
  CHECK(kurl::decide_reuse(head, alone).reusable());
  kurl::ReuseContext pipelined;
  pipelined.requests_pipelined = true;
  CHECK(kurl::decide_reuse(head, pipelined).verdict == ReuseVerdict::UnsureFraming);
  Response no_content = parse("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n");
  CHECK(kurl::decide_reuse(no_content, pipelined).verdict == ReuseVerdict::UnsureFraming);
  Response empty_head = parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true);
  CHECK(kurl::decide_reuse(empty_head, pipelined).reusable());
}

TEST_CASE("reuse: HTTP/1.0, even kept alive, and a close end pipelining") {
  CHECK_FALSE(decide(response(0, {})).pipelining_ok);
  CHECK_FALSE(decide(response(1, {{"Connection", "close"}})).pipelining_ok);
  CHECK(decide(response(1, {})).pipelining_ok);
  CHECK_FALSE(decide(response(0, {{"Connection", "keep-alive"}})).pipelining_ok);
}

// A "close" on a second Connection line counts: RFC 9110 5.3 makes several lines one list.
TEST_CASE("reuse: Connection: close on a second Connection line") {
  CHECK(verdict(response(1, {{"Connection", "keep-alive"}, {"Connection", "close"}})) ==
        ReuseVerdict::ServerClose);
}

TEST_CASE("reuse: HTTP/1.0 needs Connection: keep-alive") {
  CHECK(verdict(parse("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc")) == ReuseVerdict::Http10);
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
  CHECK_FALSE(decide(response(1, {}), true).reusable());
}

TEST_CASE("reuse: the first reason wins") {
  // close > HTTP/1.0 > close-delimited > trailing bytes.
  CHECK(verdict(response(0, {{"Connection", "close"}}, true), true) == ReuseVerdict::ServerClose);
  CHECK(verdict(response(0, {}, true), true) == ReuseVerdict::Http10);
  CHECK(verdict(response(1, {}, true), true) == ReuseVerdict::CloseDelimited);
}

TEST_CASE("reuse: Keep-Alive timeout comes with the decision") {
  auto decision = decide(response(1, {{"Keep-Alive", "timeout=5, max=100"}}));
  CHECK(decision.reusable());
  REQUIRE(decision.server_idle_timeout.has_value());
  CHECK(*decision.server_idle_timeout == 5.0);

  auto http10 = decide(response(0, {{"Connection", "Keep-Alive"}, {"keep-alive", "timeout=2"}}));
  CHECK(http10.reusable());
  CHECK(http10.server_idle_timeout == 2.0);

  auto closing = decide(response(1, {{"Connection", "close"}, {"Keep-Alive", "timeout=abc"}}));
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
