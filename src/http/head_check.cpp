#include "http/head_check.h"

#include <cstdio>

#include "core/text.h"

namespace kurl {

namespace {

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// RFC 9110 5.5: a field value is visible characters, spaces, tabs and obs-text; a control
// byte (CR, LF and NUL above all) could end the line or the head.
bool is_field_byte(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte == '\t' || (byte >= 0x20 && byte != 0x7f);
}

// The name of a byte for a message, without printing it.
std::string byte_name(char c) {
  switch (c) {
    case '\r':
      return "CR";
    case '\n':
      return "LF";
    case '\0':
      return "NUL";
    case ' ':
      return "a space";
    case '\t':
      return "a tab";
    default:
      break;
  }
  auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte >= 0x7f) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", byte);
    return std::string("byte ") + hex;
  }
  return std::string("'") + c + "'";
}

std::optional<std::string> token_problem(std::string_view what, std::string_view text) {
  if (text.empty()) return std::string(what) + " is empty";
  for (char c : text) {
    if (!is_tchar(c)) return std::string(what) + " contains " + byte_name(c);
  }
  return std::nullopt;
}

std::optional<std::string> framing_problem(const Request& request) {
  const Header* length = nullptr;
  const Header* coding = nullptr;
  for (const Header& h : request.headers) {
    bool is_length = iequals(h.name, "Content-Length");
    if (is_length && length) return std::string("more than one Content-Length header");
    if (is_length) length = &h;
    if (iequals(h.name, "Transfer-Encoding")) {
      if (coding) return std::string("more than one Transfer-Encoding header");
      coding = &h;
    }
  }
  if (coding && !iequals(trim_ows(coding->value), "chunked")) {
    return "Transfer-Encoding \"" + std::string(trim_ows(coding->value)) +
           "\": kurl encodes bodies as chunked only";
  }
  if (coding && length) return std::string("both Content-Length and Transfer-Encoding");
  if (length)
    return content_length_problem(length->value, request.has_body ? request.body_length : 0);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> content_length_problem(std::string_view value, uint64_t body_size) {
  std::optional<uint64_t> declared = parse_uint(trim_ows(value));
  if (declared && *declared == body_size) return std::nullopt;
  return "Content-Length \"" + std::string(trim_ows(value)) + "\" is not the body's " +
         std::to_string(body_size) + " bytes";
}

bool is_token(std::string_view text) {
  return !token_problem("", text);
}

bool is_field_value(std::string_view text) {
  for (char c : text) {
    if (!is_field_byte(c)) return false;
  }
  return true;
}

std::optional<std::string> method_problem(std::string_view method) {
  return token_problem("the method", method);
}

std::optional<std::string> header_problem(std::string_view name, std::string_view value) {
  if (auto problem = token_problem("a header name", name)) return problem;
  for (char c : value) {
    if (!is_field_byte(c))
      return "header " + std::string(name) + "'s value contains " + byte_name(c);
  }
  return std::nullopt;
}

std::optional<std::string> request_head_problem(const Request& request) {
  if (auto problem = method_problem(request.method)) return problem;
  for (char c : request.url.target) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return "the request target contains " + byte_name(c);
  }
  for (const Header& h : request.headers) {
    if (auto problem = header_problem(h.name, h.value)) return problem;
  }
  return framing_problem(request);
}

}  // namespace kurl
