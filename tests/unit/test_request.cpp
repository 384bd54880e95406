#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/headers.h"
#include "http/request.h"

namespace {

using kurl::Header;
using kurl::HeaderDefaults;
using kurl::HeaderEdit;
using kurl::Request;
using kurl::Url;

using Lines = std::vector<std::pair<std::string, std::string>>;

Url url_of(std::string_view text) {
  auto url = kurl::parse_url(text);
  REQUIRE(url.ok());
  return *url;
}

Lines lines(const std::vector<Header>& headers) {
  Lines out;
  for (const Header& h : headers) out.emplace_back(h.name, h.value);
  return out;
}

std::vector<HeaderEdit> edits(std::initializer_list<const char*> texts) {
  std::vector<HeaderEdit> out;
  for (const char* text : texts) {
    auto edit = kurl::parse_header_edit(text);
    INFO("edit: " << text);
    REQUIRE(edit.has_value());
    out.push_back(*edit);
  }
  return out;
}

HeaderDefaults curl_like_defaults() {
  HeaderDefaults defaults;
  defaults.user_agent = "kurl/0.1.0";
  return defaults;
}

std::vector<Header> build(std::string_view url, const HeaderDefaults& defaults,
                          const std::vector<HeaderEdit>& header_edits = {}, bool has_body = false,
                          size_t body_length = 0) {
  std::vector<Header> out;
  kurl::build_request_headers(url_of(url), defaults, header_edits, has_body, body_length, out);
  return out;
}

}  // namespace

TEST_CASE("request: default headers are Host, User-Agent, Accept") {
  CHECK(lines(build("http://example.com/", curl_like_defaults())) ==
        Lines{{"Host", "example.com"}, {"User-Agent", "kurl/0.1.0"}, {"Accept", "*/*"}});
}

TEST_CASE("request: Host carries the port only when it is not the default") {
  HeaderDefaults d = curl_like_defaults();
  CHECK(build("http://example.com:80/", d)[0].value == "example.com");
  CHECK(build("http://example.com:8080/", d)[0].value == "example.com:8080");
  CHECK(build("https://example.com:443/", d)[0].value == "example.com");
  CHECK(build("https://example.com:8443/", d)[0].value == "example.com:8443");
  CHECK(build("http://[::1]:8080/", d)[0].value == "[::1]:8080");
  CHECK(build("http://[::1]/", d)[0].value == "[::1]");
  CHECK(build("http://EXAMPLE.com/", d)[0].value == "example.com");
}

TEST_CASE("request: optional defaults in curl's order") {
  HeaderDefaults d = curl_like_defaults();
  d.authorization = "Basic dXNlcjpwYXNz";
  d.referer = "http://from.example/";
  d.connection_close = true;
  d.content_type = "application/x-www-form-urlencoded";
  CHECK(lines(build("http://example.com/", d, {}, true, 5)) ==
        Lines{{"Host", "example.com"},
              {"Authorization", "Basic dXNlcjpwYXNz"},
              {"User-Agent", "kurl/0.1.0"},
              {"Accept", "*/*"},
              {"Referer", "http://from.example/"},
              {"Connection", "close"},
              {"Content-Type", "application/x-www-form-urlencoded"},
              {"Content-Length", "5"}});
}

TEST_CASE("request: body headers") {
  HeaderDefaults d = curl_like_defaults();
  SECTION("no body: no Content-Type or Content-Length") {
    d.content_type = "application/json";
    auto headers = build("http://h/", d, {}, false, 0);
    CHECK(kurl::find_header(headers, "Content-Type") == nullptr);
    CHECK(kurl::find_header(headers, "Content-Length") == nullptr);
  }
  SECTION("an empty body still sends Content-Length: 0") {
    auto headers = build("http://h/", d, {}, true, 0);
    REQUIRE(kurl::find_header(headers, "Content-Length") != nullptr);
    CHECK(kurl::find_header(headers, "Content-Length")->value == "0");
    CHECK(kurl::find_header(headers, "Content-Type") == nullptr);
  }
  SECTION("a large body length") {
    auto headers = build("http://h/", d, {}, true, 12345678901ULL);
    CHECK(kurl::find_header(headers, "content-length")->value == "12345678901");
  }
}

TEST_CASE("request: empty defaults are not sent") {
  HeaderDefaults d;
  d.accept = "";
  CHECK(lines(build("http://h/", d)) == Lines{{"Host", "h"}});
}

TEST_CASE("request: parse_header_edit follows curl's -H syntax") {
  SECTION("Name: value sets") {
    auto edit = kurl::parse_header_edit("X-Thing: some value");
    REQUIRE(edit);
    CHECK(edit->name == "X-Thing");
    CHECK(edit->value == "some value");
    CHECK_FALSE(edit->remove);
  }
  SECTION("white space around the value is trimmed, inner ':' kept") {
    auto edit = kurl::parse_header_edit("X-Thing:   a: b  ");
    REQUIRE(edit);
    CHECK(edit->value == "a: b");
    auto tight = kurl::parse_header_edit("X-Thing:v");
    REQUIRE(tight);
    CHECK(tight->value == "v");
  }
  SECTION("Name: with nothing after removes") {
    for (const char* text : {"Accept:", "Accept:   ", "Accept:\t"}) {
      INFO(text);
      auto edit = kurl::parse_header_edit(text);
      REQUIRE(edit);
      CHECK(edit->name == "Accept");
      CHECK(edit->remove);
    }
  }
  SECTION("Name; sends an empty header") {
    auto edit = kurl::parse_header_edit("X-Empty;");
    REQUIRE(edit);
    CHECK(edit->name == "X-Empty");
    CHECK(edit->value.empty());
    CHECK_FALSE(edit->remove);
  }
  SECTION("bad edits") {
    for (const char* text : {"", "NoSeparator", ":value", ";", "   : v", "X-Thing; value"}) {
      INFO("edit: '" << text << "'");
      CHECK_FALSE(kurl::parse_header_edit(text).has_value());
    }
  }
}

TEST_CASE("request: a user header overrides a default in place, case-insensitively") {
  auto headers = build("http://example.com/", curl_like_defaults(),
                       edits({"accept: text/html", "host: other.example"}));
  CHECK(lines(headers) ==
        Lines{{"host", "other.example"}, {"User-Agent", "kurl/0.1.0"}, {"accept", "text/html"}});
}

TEST_CASE("request: 'Name:' removes a default") {
  auto headers =
      build("http://example.com/", curl_like_defaults(), edits({"User-Agent:", "ACCEPT:"}));
  CHECK(lines(headers) == Lines{{"Host", "example.com"}});
}

TEST_CASE("request: removing a header that is not there changes nothing") {
  auto headers = build("http://example.com/", curl_like_defaults(), edits({"X-Absent:"}));
  CHECK(lines(headers) == lines(build("http://example.com/", curl_like_defaults())));
}

TEST_CASE("request: a semicolon edit adds an empty header, new headers go last in order") {
  auto headers =
      build("http://h/", curl_like_defaults(), edits({"X-Empty;", "X-First: 1", "X-Second: 2"}));
  CHECK(lines(headers) == Lines{{"Host", "h"},
                                {"User-Agent", "kurl/0.1.0"},
                                {"Accept", "*/*"},
                                {"X-Empty", ""},
                                {"X-First", "1"},
                                {"X-Second", "2"}});
}

TEST_CASE("request: user headers override body headers and Authorization") {
  HeaderDefaults d = curl_like_defaults();
  d.authorization = "Basic abc";
  d.content_type = "application/x-www-form-urlencoded";
  auto headers =
      build("http://h/", d, edits({"Content-Type: application/json", "Authorization: Bearer t"}),
            true, 2);
  CHECK(lines(headers) == Lines{{"Host", "h"},
                                {"Authorization", "Bearer t"},
                                {"User-Agent", "kurl/0.1.0"},
                                {"Accept", "*/*"},
                                {"Content-Type", "application/json"},
                                {"Content-Length", "2"}});
}

TEST_CASE("request: apply_header_edits replaces every header of the name") {
  std::vector<Header> headers = {{"X-A", "1"}, {"Other", "o"}, {"x-a", "2"}};
  kurl::apply_header_edits(headers, edits({"X-A: 3"}));
  CHECK(lines(headers) == Lines{{"X-A", "3"}, {"Other", "o"}});

  std::vector<Header> removing = {{"X-A", "1"}, {"Other", "o"}, {"x-a", "2"}};
  kurl::apply_header_edits(removing, edits({"x-A:"}));
  CHECK(lines(removing) == Lines{{"Other", "o"}});
}

// The head and the body, as a connection writes them.
static void serialize(const Request& request, std::string& out) {
  kurl::serialize_request_head(request, out);
  uint64_t sent = 0;
  for (int pieces = 0; pieces < 100; ++pieces) {
    if (kurl::serialize_body_piece(request, sent, out) != kurl::BodyStep::More) return;
  }
}

// Points the request at `text` (which must outlive it), as the engine does for -d data.
static void set_body(Request& request, kurl::StringBody& body, std::string_view text) {
  body.reset(text);
  request.body = &body;
  request.body_length = text.size();
  request.has_body = true;
}

TEST_CASE("request: a user Transfer-Encoding: chunked means kurl chunk-encodes the body") {
  Request request;
  request.method = "POST";
  request.url = url_of("http://h/up");
  kurl::StringBody body;
  set_body(request, body, "hello world");
  kurl::build_request_headers(request.url, HeaderDefaults{}, edits({"Transfer-Encoding: chunked"}),
                              true, request.body_length, request.headers);
  kurl::settle_body_framing(request);
  CHECK(request.chunked);
  CHECK(kurl::find_header(request.headers, "Content-Length") == nullptr);
  std::string out;
  serialize(request, out);
  CHECK(out ==
        "POST /up HTTP/1.1\r\nHost: h\r\nAccept: */*\r\nTransfer-Encoding: chunked\r\n\r\n"
        "b\r\nhello world\r\n0\r\n\r\n");

  set_body(request, body, "");
  out.clear();
  uint64_t sent = 0;
  CHECK(kurl::serialize_body_piece(request, sent, out) == kurl::BodyStep::Done);
  CHECK(out == "0\r\n\r\n");  // an empty chunked body is its last chunk alone
}

TEST_CASE("request: a large body goes in pieces, chunked or not, and adds up") {
  std::string body(kurl::kBodyPieceBytes * 2 + 10, 'x');
  for (bool chunked : {false, true}) {
    Request request;
    kurl::StringBody source;
    set_body(request, source, body);
    request.chunked = chunked;
    std::string wire;
    size_t pieces = 0;
    uint64_t sent = 0;
    bool done = false;
    while (!done && pieces < 10) {
      size_t before = wire.size();
      done = kurl::serialize_body_piece(request, sent, wire) == kurl::BodyStep::Done;
      CHECK(wire.size() - before <= kurl::kBodyPieceBytes + 16);
      ++pieces;
    }
    CHECK(pieces == 3);  // the last byte's piece ends the body: no empty round after it
    CHECK(sent == body.size());
    if (chunked) {
      CHECK(wire.substr(0, 7) == "40000\r\n");
      CHECK(wire.ends_with("x\r\na\r\nxxxxxxxxxx\r\n0\r\n\r\n"));
    } else {
      CHECK(wire == body);
    }
  }
}

TEST_CASE("request: without Transfer-Encoding the body keeps its Content-Length") {
  Request request;
  request.method = "PUT";
  request.url = url_of("http://h/");
  kurl::StringBody body;
  set_body(request, body, "abc");
  kurl::build_request_headers(request.url, HeaderDefaults{}, {}, true, 3, request.headers);
  kurl::settle_body_framing(request);
  CHECK_FALSE(request.chunked);
  REQUIRE(kurl::find_header(request.headers, "Content-Length") != nullptr);
  CHECK(kurl::find_header(request.headers, "Content-Length")->value == "3");
}

TEST_CASE("request: find_header") {
  std::vector<Header> headers = {{"Host", "h"}, {"X-A", "1"}, {"x-a", "2"}};
  REQUIRE(kurl::find_header(headers, "x-A") != nullptr);
  CHECK(kurl::find_header(headers, "x-A")->value == "1");
  CHECK(kurl::find_header(headers, "X-B") == nullptr);
}

TEST_CASE("request: serialize_request_head writes exact bytes") {
  Request request;
  request.url = url_of("http://example.com:8080/p?q=1#frag");
  kurl::build_request_headers(request.url, curl_like_defaults(), {}, false, 0, request.headers);
  std::string out;
  serialize(request, out);
  CHECK(out ==
        "GET /p?q=1 HTTP/1.1\r\n"
        "Host: example.com:8080\r\n"
        "User-Agent: kurl/0.1.0\r\n"
        "Accept: */*\r\n"
        "\r\n");
}

TEST_CASE("request: serialize_request_body appends the body after the head") {
  Request request;
  request.method = "POST";
  request.url = url_of("http://example.com/submit");
  kurl::StringBody body;
  set_body(request, body, "a=1&b=2");
  HeaderDefaults d = curl_like_defaults();
  d.content_type = "application/x-www-form-urlencoded";
  kurl::build_request_headers(request.url, d, edits({"X-Empty;"}), true, request.body_length,
                              request.headers);
  std::string out = "previous bytes|";
  serialize(request, out);
  CHECK(out ==
        "previous bytes|"
        "POST /submit HTTP/1.1\r\n"
        "Host: example.com\r\n"
        "User-Agent: kurl/0.1.0\r\n"
        "Accept: */*\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 7\r\n"
        "X-Empty:\r\n"
        "\r\n"
        "a=1&b=2");

  std::string head;
  kurl::serialize_request_head(request, head);
  CHECK(head == out.substr(std::string("previous bytes|").size(),
                           out.size() - std::string("previous bytes|").size() - 7));
}

TEST_CASE("request: a body is sent only with has_body") {
  Request request;
  request.url = url_of("http://h/");
  kurl::StringBody body;
  set_body(request, body, "ignored");
  request.has_body = false;
  request.headers = {{"Host", "h"}};
  std::string out;
  serialize(request, out);
  CHECK(out == "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
}

TEST_CASE("request: absolute_form puts the whole URL on the request line") {
  Request request;
  request.method = "HEAD";
  request.url = url_of("http://user:pw@Example.com:8080/a/b?c=d#e");
  request.absolute_form = true;
  request.headers = {{"Host", request.url.host_header()}};
  std::string out;
  serialize(request, out);
  CHECK(out == "HEAD http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");
  CHECK(request.is_head());

  request.url = url_of("http://example.com/");
  request.headers = {{"Host", request.url.host_header()}};
  out.clear();
  serialize(request, out);
  CHECK(out == "HEAD http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n");
}

TEST_CASE("request: rebuilding headers into a reused vector gives the same result") {
  HeaderDefaults big = curl_like_defaults();
  big.authorization = "Basic xyz";
  big.referer = "http://r/";
  big.connection_close = true;
  big.content_type = "text/plain";
  std::vector<Header> reused;
  kurl::build_request_headers(url_of("http://first.example:81/"), big,
                              edits({"X-Extra: 1", "X-More: 2", "Accept:"}), true, 99, reused);
  REQUIRE(reused.size() == 9);

  struct Build {
    const char* url;
    HeaderDefaults defaults;
    std::vector<HeaderEdit> edits;
    bool has_body;
    size_t body_length;
  };
  const std::vector<Build> builds = {
      {"http://second.example/", curl_like_defaults(), {}, false, 0},
      {"https://third.example:8443/x", big, edits({"host: h"}), true, 3},
      {"http://fourth.example/", curl_like_defaults(), edits({"X-Empty;", "User-Agent:"}), false,
       0},
      {"http://first.example:81/", big, edits({"X-Extra: 1", "X-More: 2", "Accept:"}), true, 99},
  };
  for (const Build& b : builds) {
    INFO("url: " << b.url);
    std::vector<Header> fresh;
    kurl::build_request_headers(url_of(b.url), b.defaults, b.edits, b.has_body, b.body_length,
                                fresh);
    kurl::build_request_headers(url_of(b.url), b.defaults, b.edits, b.has_body, b.body_length,
                                reused);
    CHECK(lines(reused) == lines(fresh));
  }
}

TEST_CASE("request: HeaderBlock joins split names and values and trims values") {
  kurl::HeaderBlock block;
  block.append_name("Content-");
  block.append_name("Type");
  block.append_value(" text/");
  block.append_value("plain  ");
  block.finish_header();
  block.append_name("X-Empty");
  block.finish_header();
  block.append_name("content-type");
  block.append_value("second");
  block.finish_header();
  REQUIRE(block.size() == 3);
  CHECK(block.name(0) == "Content-Type");
  CHECK(block.value(0) == "text/plain");
  CHECK(block.name(1) == "X-Empty");
  CHECK(block.value(1).empty());
  CHECK(block.find("CONTENT-TYPE") == std::optional<std::string_view>("text/plain"));
  CHECK(block.count("content-type") == 2);
  CHECK_FALSE(block.find("Missing").has_value());

  block.clear();
  CHECK(block.size() == 0);
  CHECK(block.bytes() == 0);
  CHECK_FALSE(block.find("Content-Type").has_value());
}
