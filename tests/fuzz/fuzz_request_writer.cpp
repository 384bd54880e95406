// libFuzzer target: the request writer. Arbitrary methods, header names and values, targets
// and bodies (with and without Transfer-Encoding: chunked): the head kurl would write is
// either refused by request_head_problem() or parses back, with llhttp's request parser, to
// the same method, target, headers and body. Anything else aborts.
#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"
#include "core/url.h"
#include "http/head_check.h"
#include "http/request.h"

namespace {

// What llhttp read back.
struct Parsed {
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool complete = false;
  bool in_value = false;
};

Parsed& parsed_of(llhttp_t* p) {
  return *static_cast<Parsed*>(p->data);
}

int on_url(llhttp_t* p, const char* at, size_t n) {
  parsed_of(p).target.append(at, n);
  return 0;
}
int on_field(llhttp_t* p, const char* at, size_t n) {
  Parsed& parsed = parsed_of(p);
  if (parsed.headers.empty() || parsed.in_value) parsed.headers.emplace_back();
  parsed.in_value = false;
  parsed.headers.back().first.append(at, n);
  return 0;
}
int on_value(llhttp_t* p, const char* at, size_t n) {
  parsed_of(p).in_value = true;
  parsed_of(p).headers.back().second.append(at, n);
  return 0;
}
int on_body(llhttp_t* p, const char* at, size_t n) {
  parsed_of(p).body.append(at, n);
  return 0;
}
int on_complete(llhttp_t* p) {
  parsed_of(p).complete = true;
  return HPE_PAUSED;
}

// Splits the input at 0xFF bytes: method, target, body, then name, value pairs.
std::vector<std::string_view> fields_of(std::string_view input) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i <= input.size(); ++i) {
    if (i == input.size() || static_cast<unsigned char>(input[i]) == 0xFF) {
      fields.push_back(input.substr(start, i - start));
      start = i + 1;
    }
  }
  return fields;
}

void check_round_trip(const kurl::Request& request) {
  std::string wire;
  kurl::serialize_request_head(request, wire);
  size_t offset = 0;
  while (!kurl::serialize_body_piece(request, offset, wire)) {
  }
  llhttp_settings_t settings;
  llhttp_settings_init(&settings);
  settings.on_url = on_url;
  settings.on_header_field = on_field;
  settings.on_header_value = on_value;
  settings.on_body = on_body;
  settings.on_message_complete = on_complete;
  llhttp_t parser;
  llhttp_init(&parser, HTTP_REQUEST, &settings);
  Parsed parsed;
  parser.data = &parsed;
  llhttp_errno_t rc = llhttp_execute(&parser, wire.data(), wire.size());
  // llhttp knows only the registered methods; any other token is still valid HTTP.
  if (rc == HPE_INVALID_METHOD) return;
  if (rc != HPE_PAUSED || !parsed.complete) std::abort();
  // The whole message was taken: nothing was left for a second request.
  if (llhttp_get_error_pos(&parser) != wire.data() + wire.size()) std::abort();
  if (std::string_view(llhttp_method_name(static_cast<llhttp_method_t>(parser.method))) !=
      request.method)
    std::abort();
  if (parsed.target != request.url.target) std::abort();
  if (parsed.headers.size() != request.headers.size()) std::abort();
  for (size_t i = 0; i < parsed.headers.size(); ++i) {
    if (parsed.headers[i].first != request.headers[i].name) std::abort();
    // A field value's surrounding whitespace is not part of it (RFC 9110 5.5).
    if (kurl::trim_ows(parsed.headers[i].second) != kurl::trim_ows(request.headers[i].value))
      std::abort();
  }
  if (parsed.body != (request.has_body ? request.body : std::string_view())) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string_view> fields =
      fields_of(std::string_view(reinterpret_cast<const char*>(data), size));
  if (fields.size() < 3) return 0;
  kurl::Result<kurl::Url> url = kurl::parse_url("http://h/" + std::string(fields[1]));
  if (!url) return 0;
  kurl::Request request;
  request.method.assign(fields[0]);
  request.url = std::move(*url);
  request.body = fields[2];
  request.has_body = !fields[2].empty();
  request.headers.push_back({"Host", request.url.host_header()});
  for (size_t i = 3; i + 1 < fields.size(); i += 2) {
    request.headers.push_back({std::string(fields[i]), std::string(fields[i + 1])});
  }
  if (request.has_body && !kurl::find_header(request.headers, "Transfer-Encoding"))
    request.headers.push_back({"Content-Length", std::to_string(request.body.size())});
  kurl::settle_body_framing(request);
  if (kurl::request_head_problem(request)) return 0;
  check_round_trip(request);
  return 0;
}
