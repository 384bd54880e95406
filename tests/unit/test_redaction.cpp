// Nothing leaked: credentials never shown (core/redact), printed text always safe
// (append_printable) and JSON always valid (append_json_string), in every sink that prints.
#include <simdjson.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "core/redact.h"
#include "core/text.h"
#include "engine/transfer.h"
#include "engine/transfer_result.h"
#include "output/report_writer.h"
#include "output/run_outcome.h"
#include "output/stats.h"
#include "output/verbose_log.h"
#include "output/write_out.h"

namespace {

using kurl::append_json_string;
using kurl::printable;
using kurl::without_credentials;

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// `s` as the one element of a JSON array.
std::string json_array(std::string_view s) {
  std::string document = "[";
  append_json_string(document, s);
  document += "]";
  return document;
}

// simdjson validates UTF-8 strictly: a document it parses is valid UTF-8 JSON.
bool parses_as_json(const std::string& document) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  return parser.parse(document).get(element) == simdjson::SUCCESS;
}

// The JSON string literal `s` becomes, parsed back by a strict parser.
std::string json_round_trip(std::string_view s) {
  std::string document = json_array(s);
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  REQUIRE(parser.parse(document).get(element) == simdjson::SUCCESS);
  std::string_view text;
  REQUIRE(element.at(0).get(text) == simdjson::SUCCESS);
  return std::string(text);
}

// True when `s` holds no byte a terminal acts on (C0, DEL) and no byte >= 0x80 at all: what
// append_printable() leaves of text that is not valid UTF-8.
bool is_plain_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

// What an observer wrote to a FILE*, read back.
std::string read_all(std::FILE* file) {
  std::string text;
  std::rewind(file);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0) text.append(buf, n);
  return text;
}

}  // namespace

TEST_CASE("redact: the userinfo of a URL is removed, user and password alike") {
  CHECK(without_credentials("http://user:secret@example.com/a?b") == "http://example.com/a?b");
  CHECK(without_credentials("https://token@example.com/") == "https://example.com/");
  CHECK(without_credentials("http://:secret@h:8080") == "http://h:8080");
  CHECK(without_credentials("HTTP://u:p@h/") == "HTTP://h/");
  // parse_url takes the userinfo up to the last '@' of the authority.
  CHECK(without_credentials("http://a@b:c@host/x@y") == "http://host/x@y");
  CHECK(without_credentials("http://u:p%40w@host/") == "http://host/");
  // Without a scheme the URL is http, as parse_url reads it: proxies are often written so.
  CHECK(without_credentials("user:secret@proxy:3128") == "proxy:3128");
  CHECK(without_credentials("u:p@[::1]:8080/x") == "[::1]:8080/x");
  // Unsupported schemes and malformed URLs are shown too, so they are cleaned the same way.
  CHECK(without_credentials("ftp://u:p@h/x") == "ftp://h/x");
  CHECK(without_credentials("http://u:sec ret@ho st/") == "http://ho st/");
  CHECK(without_credentials("http://u:p@") == "http://");
}

TEST_CASE("redact: '@' outside the authority is kept") {
  CHECK(without_credentials("http://example.com/path@x") == "http://example.com/path@x");
  CHECK(without_credentials("http://example.com?mail=a@b") == "http://example.com?mail=a@b");
  CHECK(without_credentials("http://example.com#a@b") == "http://example.com#a@b");
  CHECK(without_credentials("http://example.com/") == "http://example.com/");
  CHECK(without_credentials("") == "");
  CHECK(without_credentials("no url here") == "no url here");
}

TEST_CASE("redact: every URL quoted in a longer text loses its userinfo") {
  // A malformed batch line is quoted whole in the report.
  CHECK(without_credentials(R"({"url":"http://u:p@h/","method":"G T"})") ==
        R"({"url":"http://h/","method":"G T"})");
  CHECK(without_credentials("GET http://a:b@h1/ http://c:d@h2/x") == "GET http://h1/ http://h2/x");
  CHECK(without_credentials("http://h/?next=http://u:p@other/") == "http://h/?next=http://other/");
  CHECK(without_credentials("u:p@h/?next=https://v:q@o/") == "h/?next=https://o/");
}

TEST_CASE("redact: appending reuses the buffer and copies clean text whole") {
  std::string out = "(";
  kurl::append_without_credentials(out, "http://h/");
  kurl::append_without_credentials(out, "http://u:p@h/");
  CHECK(out == "(http://h/http://h/");
}

TEST_CASE("printable: printable ASCII and valid UTF-8 pass unchanged") {
  CHECK(printable("http://example.com/a b?c=d&e=%41") == "http://example.com/a b?c=d&e=%41");
  CHECK(printable("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(printable("\xC2\xA0") == "\xC2\xA0");  // U+00A0, the first character after C1
  CHECK(printable("back\\slash") == "back\\slash");
  CHECK(printable("") == "");
}

TEST_CASE("printable: control characters cannot forge a line or steer a terminal") {
  CHECK(printable("a\r\nkurl: (0) forged") == "a\\r\\nkurl: (0) forged");
  CHECK(printable("tab\there") == "tab\\there");
  CHECK(printable("\x1b[31mred") == "\\x1b[31mred");
  CHECK(printable(std::string_view("nul\0x", 5)) == "nul\\x00x");
  CHECK(printable("del\x7f") == "del\\x7f");
  CHECK(printable("bell\x07") == "bell\\x07");
  // C1 controls: the 8-bit CSI byte and U+009B in UTF-8 both start an escape sequence.
  CHECK(printable("\x9bK") == "\\x9bK");  // CSI K: erase the line
  CHECK(printable("\xC2\x9BK") == "\\xc2\\x9bK");
  CHECK(printable("\xC2\x85") == "\\xc2\\x85");  // NEL, a line break to some readers
}

TEST_CASE("printable: bytes that are not valid UTF-8 become \\xHH") {
  CHECK(printable("caf\xE9") == "caf\\xe9");                       // Latin-1
  CHECK(printable("\xC0\xAF") == "\\xc0\\xaf");                    // overlong '/'
  CHECK(printable("\xE0\x80\xAF") == "\\xe0\\x80\\xaf");           // overlong, 3 bytes
  CHECK(printable("\xED\xA0\x80") == "\\xed\\xa0\\x80");           // a UTF-16 surrogate
  CHECK(printable("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  CHECK(printable("\xE2\x82") == "\\xe2\\x82");                    // cut short
  CHECK(printable("\xE2\x82x") == "\\xe2\\x82x");
  CHECK(printable("\xFF\xFE") == "\\xff\\xfe");
  for (int c = 0; c < 256; ++c) {
    std::string lone(1, static_cast<char>(c));
    if (c >= 0x80) CHECK(is_plain_ascii(printable(lone)));
  }
}

TEST_CASE("json: strings stay valid UTF-8 JSON whatever the bytes") {
  CHECK(json("caf\xC3\xA9") == "\"caf\xC3\xA9\"");  // valid UTF-8 passes through
  CHECK(json("caf\xE9") == "\"caf\\u00e9\"");       // an invalid byte: \u00XX of the byte
  CHECK(json("\xFF") == "\"\\u00ff\"");
  CHECK(json("\xED\xA0\x80") == "\"\\u00ed\\u00a0\\u0080\"");
  CHECK(json("\x7f") == "\"\\u007f\"");
  CHECK(json("\xC2\x9B") == "\"\\u009b\"");  // a C1 control keeps its code point
  CHECK(json("\x1b[0m") == "\"\\u001b[0m\"");
  CHECK(json("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
  // Every single byte and every pair of bytes gives a document a strict parser accepts.
  std::string bytes(2, '\0');
  for (int a = 0; a < 256; ++a) {
    bytes[0] = static_cast<char>(a);
    REQUIRE(parses_as_json(json_array(std::string_view(bytes).substr(0, 1))));
    for (int b = 0x80; b < 256; b += 7) {
      bytes[1] = static_cast<char>(b);
      REQUIRE(parses_as_json(json_array(bytes)));
    }
  }
}

TEST_CASE("json: valid text round-trips through a strict parser") {
  for (std::string_view s :
       {"plain", "caf\xC3\xA9", "\xF0\x9F\x98\x80", "a\"b\\c", "\n\r\t\x01", "\xE2\x80\xA8"}) {
    CHECK(json_round_trip(s) == s);
  }
  CHECK(json_round_trip("\x7f\xC2\x9B") == "\x7f\xC2\x9B");
  CHECK(json_round_trip("caf\xE9") == "caf\xC3\xA9");  // the byte read as Latin-1
}

TEST_CASE("transfer result: the URL as given reaches the sinks without credentials") {
  kurl::Transfer transfer;
  transfer.spec.index = 1;
  transfer.spec.url = "http://user:secret@127.0.0.1:1/x";
  kurl::TransferResult result;
  kurl::describe_transfer(
      transfer, kurl::Verdict{kurl::Error(kurl::ExitCode::ConnectFailed, "refused")}, "", result);
  CHECK(result.url == "http://127.0.0.1:1/x");
  // No request was built: url_effective falls back to the URL as given, cleaned too.
  CHECK(result.url_effective == "http://127.0.0.1:1/x");
}

TEST_CASE("failure line: the message and the URL are printed escaped, on one line") {
  kurl::TransferResult result;
  result.url = "http://h/\x1b[2J";
  result.line = 3;
  result.error = kurl::Error(kurl::ExitCode::BadServerReply, "proxy replied: HTTP/1.1 403 \r\nx");
  CHECK(kurl::failure_line(result) ==
        "kurl: (8) line 3: proxy replied: HTTP/1.1 403 \\r\\nx (http://h/\\x1b[2J)");
  result.url = std::string(400, 'a');
  CHECK(kurl::failure_line(result).ends_with("(" + std::string(300, 'a') + "...)"));
}

TEST_CASE("report line: bytes that are not UTF-8 keep the line valid JSON") {
  kurl::TransferResult result;
  result.url = "http://h/caf\xE9?\xFF";
  result.method = "GET";
  result.error = kurl::Error(kurl::ExitCode::BadServerReply, "bad \x1b value \xC0");
  result.output = "out\xFE.bin";
  std::string line;
  kurl::append_report_line(result, line);
  CHECK(parses_as_json(line));
  CHECK(line.find("\"url\":\"http://h/caf\\u00e9?\\u00ff\"") != std::string::npos);
}

TEST_CASE("write-out: text values are escaped, %{json} stays valid") {
  kurl::Response response;
  response.status = 200;
  response.http_major = 1;
  response.http_minor = 1;
  response.headers.append_name("X-Evil");
  response.headers.append_value("a\x1b[31m\xFF");
  response.headers.finish_header();
  response.headers.append_name("Content-Type");
  response.headers.append_value("text/\xC2\x9B");
  response.headers.finish_header();
  kurl::TransferResult result;
  result.url = "http://h/\xE9";
  result.url_effective = "http://h/\xE9";
  result.response = &response;
  std::string out, err;
  kurl::WriteOutFormat::parse("%{url}|%header{X-Evil}|%{content_type}").render(result, out, err);
  CHECK(out == "http://h/\\xe9|a\\x1b[31m\\xff|text/\\xc2\\x9b");
  out.clear();
  kurl::WriteOutFormat::parse("%{json}").render(result, out, err);
  CHECK(parses_as_json(out));
  CHECK(out.find("\"content_type\":\"text/\\u009b\"") != std::string::npos);
}

TEST_CASE("verbose: server bytes in the response head are escaped") {
  kurl::Response response;
  response.status = 200;
  response.http_major = 1;
  response.http_minor = 1;
  response.reason = "OK\x1b]0;title\x07";
  response.headers.append_name("Location");
  response.headers.append_value("/next\xC2\x9BK\xFF");
  response.headers.finish_header();
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  kurl::VerboseLog log(file);
  kurl::ResponseHead head;
  head.response = &response;
  log.on_response_head(head);
  kurl::ConnectionEvent closed;
  closed.kind = kurl::ConnectionEvent::Kind::Closed;
  closed.reason = kurl::CloseReason::Error;
  closed.detail = "proxy replied: 407 \x1b[8m";
  log.on_connection_event(closed);
  std::string text = read_all(file);
  std::fclose(file);
  CHECK(text ==
        "< HTTP/1.1 200 OK\\x1b]0;title\\x07\n"
        "< Location: /next\\xc2\\x9bK\\xff\n"
        "<\n"
        "* Closing connection #0 (error: proxy replied: 407 \\x1b[8m)\n");
}

TEST_CASE("stats: host keys are printed escaped in text and valid in JSON") {
  kurl::Stats stats([] { return 0.0; });
  kurl::ConnectionEvent connected;
  connected.kind = kurl::ConnectionEvent::Kind::Connected;
  connected.origin = "http://h\xE9:80";
  stats.on_connection_event(connected);
  CHECK(stats.render_text().find("host http://h\\xe9:80:") != std::string::npos);
  CHECK(parses_as_json(stats.render_json()));
}
