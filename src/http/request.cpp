#include "http/request.h"

#include <charconv>

#include "core/text.h"

namespace kurl {

namespace {

void set_header(std::vector<Header>& headers, size_t& used, std::string_view name,
                std::string_view value) {
  if (used < headers.size()) {
    headers[used].name.assign(name);
    headers[used].value.assign(value);
  } else {
    headers.push_back({std::string(name), std::string(value)});
  }
  ++used;
}

}  // namespace

void build_request_headers(const Url& url, const HeaderDefaults& defaults,
                           const std::vector<HeaderEdit>& edits, bool has_body, size_t body_length,
                           std::vector<Header>& out) {
  size_t used = 0;  // overwrite in place so a reused Transfer keeps its string capacity
  set_header(out, used, "Host", url.host_header());
  if (!defaults.authorization.empty())
    set_header(out, used, "Authorization", defaults.authorization);
  if (!defaults.user_agent.empty()) set_header(out, used, "User-Agent", defaults.user_agent);
  if (!defaults.accept.empty()) set_header(out, used, "Accept", defaults.accept);
  if (!defaults.referer.empty()) set_header(out, used, "Referer", defaults.referer);
  if (defaults.connection_close) set_header(out, used, "Connection", "close");
  if (has_body) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, body_length).ptr;
    if (!defaults.content_type.empty())
      set_header(out, used, "Content-Type", defaults.content_type);
    set_header(out, used, "Content-Length",
               std::string_view(digits, static_cast<size_t>(end - digits)));
  }
  out.resize(used);
  if (!edits.empty()) apply_header_edits(out, edits);
}

void serialize_request_head(const Request& request, std::string& out) {
  out.append(request.method);
  out.push_back(' ');
  if (request.absolute_form) {
    out.append(request.url.scheme);
    out.append("://");
    out.append(request.url.host_header());
  }
  out.append(request.url.target);
  out.append(" HTTP/1.1\r\n");
  for (const Header& h : request.headers) {
    out.append(h.name);
    out.append(h.value.empty() ? ":" : ": ");
    out.append(h.value);
    out.append("\r\n");
  }
  out.append("\r\n");
}

void settle_body_framing(Request& request) {
  request.chunked = find_header(request.headers, "Transfer-Encoding") != nullptr;
  if (request.chunked) {
    std::erase_if(request.headers,
                  [](const Header& h) { return iequals(h.name, "Content-Length"); });
  }
}

void serialize_request_body(const Request& request, std::string& out) {
  if (!request.chunked) {
    if (request.has_body) out.append(request.body);
    return;
  }
  if (request.has_body && !request.body.empty()) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, request.body.size(), 16).ptr;
    out.append(digits, static_cast<size_t>(end - digits));
    out.append("\r\n");
    out.append(request.body);
    out.append("\r\n");
  }
  out.append("0\r\n\r\n");
}

}  // namespace kurl
