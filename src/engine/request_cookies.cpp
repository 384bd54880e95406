#include "engine/request_cookies.h"

#include <ctime>

#include "core/text.h"

namespace kurl {

namespace {

bool edits_cookie(const std::vector<HeaderEdit>& edits) {
  for (const HeaderEdit& edit : edits) {
    if (iequals(edit.name, "Cookie")) return true;
  }
  return false;
}

// The host cookies are matched against: the Host header sent (a -H Host: included, as curl
// uses it), without its port and IPv6 brackets.
std::string_view cookie_host(const Request& request) {
  const Header* host = find_header(request.headers, "Host");
  if (host == nullptr || host->value.empty()) return request.url.host;
  std::string_view value = host->value;
  if (value.front() == '[') return value.substr(1, value.find(']') - 1);
  return value.substr(0, value.find(':'));
}

// Where a Cookie header goes: after the leading run of the headers kurl writes by default,
// before the body's and the user's added ones, as curl places it.
size_t cookie_header_position(const std::vector<Header>& headers) {
  static constexpr std::string_view kDefaults[] = {"Host",   "Authorization", "User-Agent",
                                                   "Accept", "Referer",       "Connection"};
  size_t position = 0;
  while (position < headers.size()) {
    bool is_default = false;
    for (std::string_view name : kDefaults)
      is_default = is_default || iequals(headers[position].name, name);
    if (!is_default) break;
    ++position;
  }
  return position;
}

}  // namespace

void add_cookie_header(const CookieSettings& cookies, const std::vector<HeaderEdit>& run_edits,
                       const std::vector<HeaderEdit>& line_edits, bool first_hop,
                       Request& request) {
  if (!cookies.active()) return;
  std::string value;
  if (cookies.jar != nullptr) {
    int64_t now = std::time(nullptr);
    if (first_hop && cookies.restore_file_cookies) cookies.jar->restore_file_cookies(now);
    std::string_view host = cookie_host(request);
    cookies.jar->append_cookie_header(
        host, request.url.target, is_secure_cookie_context(request.url.scheme, host), now, value);
  }
  if (!cookies.literal.empty() && !edits_cookie(run_edits) && !edits_cookie(line_edits)) {
    if (!value.empty()) value.append("; ");
    value.append(cookies.literal);
  }
  if (value.empty()) return;
  auto position = request.headers.begin() +
                  static_cast<std::ptrdiff_t>(cookie_header_position(request.headers));
  request.headers.insert(position, Header{"Cookie", std::move(value)});
}

void store_response_cookies(const CookieSettings& cookies, const Request& request,
                            const Response& response) {
  if (cookies.jar == nullptr) return;
  CookieOrigin origin;
  origin.host = cookie_host(request);
  origin.target = request.url.target;
  origin.secure = is_secure_cookie_context(request.url.scheme, origin.host);
  int64_t now = std::time(nullptr);
  size_t taken = 0;
  for (size_t i = 0; i < response.headers.size() && taken < kMaxSetCookiesPerResponse; ++i) {
    if (!iequals(response.headers.name(i), "Set-Cookie")) continue;
    if (cookies.jar->add_set_cookie(response.headers.value(i), origin, now)) ++taken;
  }
}

}  // namespace kurl
