#include "http/set_cookie.h"

#include <charconv>
#include <limits>
#include <string>

#include "core/text.h"
#include "http/cookie_date.h"

namespace kurl {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// curl refuses a name or value with a control byte other than TAB (and DEL).
bool has_invalid_octets(std::string_view text) {
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// True when `host` is `domain` or ends in "." + `domain` (case-insensitive).
bool tail_matches(std::string_view domain, std::string_view host) {
  if (host.size() < domain.size() || !iequals(host.substr(host.size() - domain.size()), domain))
    return false;
  return host.size() == domain.size() || host[host.size() - domain.size() - 1] == '.';
}

// Max-Age as curl reads it: an optional quote, digits; zero, negative or junk expire the
// cookie at once (1 is long past), an overflow means "never".
int64_t max_age_expiry(std::string_view text, int64_t now) {
  if (!text.empty() && text.front() == '"') text.remove_prefix(1);
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  int64_t seconds = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  if (error == std::errc::result_out_of_range && !text.starts_with('-')) return kNever;
  if (error != std::errc() || seconds <= 0 || text.starts_with('-')) return 1;
  return seconds > kNever - now ? kNever : now + seconds;
}

// Expires as curl takes it: a date it cannot read leaves a session cookie; the epoch itself
// becomes 1 (expired, not "session"); a date before 1970 leaves a session cookie.
int64_t expires_expiry(std::string_view text) {
  std::optional<int64_t> date = parse_cookie_date(text);
  if (!date || *date < 0) return 0;
  return *date == 0 ? 1 : *date;
}

// The default-path (curl's): the target up to its last '/' before any query, that '/'
// included; none when the target has no '/'.
void set_default_path(std::string_view target, Cookie& cookie) {
  std::string_view path = target.substr(0, target.find('?'));
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return;
  cookie.path.assign(path.substr(0, slash + 1));
  cookie.has_path = true;
  cookie.match_path = cookie_match_path(cookie.path);
}

// Domain=: accepted when the request's host lies within it (an address only for itself).
bool apply_domain(std::string_view value, const CookieOrigin& origin, Cookie& cookie) {
  if (!value.empty() && value.front() == '.') value.remove_prefix(1);
  if (origin.from_file) {
    cookie.domain.assign(value);
    cookie.tailmatch = !is_ip_address(value);
    return true;
  }
  if (is_ip_address(origin.host)) {
    if (value != origin.host) return false;
    cookie.domain.assign(value);
    cookie.tailmatch = false;
    return true;
  }
  if (!tail_matches(value, origin.host)) return false;
  cookie.domain.assign(value);
  cookie.tailmatch = true;
  return true;
}

// One attribute after the name=value pair; false when it makes the whole cookie refused.
bool apply_attribute(std::string_view name, std::string_view value, bool has_equals,
                     const CookieOrigin& origin, int64_t now, Cookie& cookie) {
  if (value.empty() && iequals(name, "secure")) {
    if (!origin.secure && !origin.from_file) return false;
    cookie.secure = true;
  } else if (value.empty() && iequals(name, "httponly")) {
    cookie.http_only = true;
  } else if (value.empty() && !has_equals) {
    // Any other lone word (SameSite without a value, typos) is ignored.
  } else if (iequals(name, "path")) {
    cookie.path.assign(value);
    cookie.has_path = true;
    cookie.match_path = cookie_match_path(value);
  } else if (iequals(name, "domain") && !value.empty()) {
    return apply_domain(value, origin, cookie);
  } else if (iequals(name, "max-age")) {
    cookie.expires = max_age_expiry(value, now);
  } else if (iequals(name, "expires") && cookie.expires == 0) {
    cookie.expires = expires_expiry(value);  // Max-Age, when given, wins
  }
  // SameSite, Version, Priority and unknown attributes are accepted and ignored.
  return true;
}

}  // namespace

std::string cookie_match_path(std::string_view path) {
  if (!path.empty() && path.front() == '"') path.remove_prefix(1);
  if (!path.empty() && path.back() == '"') path.remove_suffix(1);
  if (path.empty() || path.front() != '/') return "/";
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

std::optional<Cookie> parse_set_cookie(std::string_view text, const CookieOrigin& origin,
                                       int64_t now) {
  if (text.size() > kMaxSetCookieLength) return std::nullopt;
  text = text.substr(0, text.find_first_of("\r\n"));
  Cookie cookie;
  bool named = false;
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && is_blank(text[pos])) ++pos;
    size_t name_end = text.find_first_of(";\t=", pos);
    if (name_end == std::string_view::npos) name_end = text.size();
    std::string_view name = trim_blanks(text.substr(pos, name_end - pos));
    pos = name_end;
    bool has_equals = pos < text.size() && text[pos] == '=';
    std::string_view value;
    if (has_equals) {
      size_t value_end = text.find(';', ++pos);
      if (value_end == std::string_view::npos) value_end = text.size();
      value = trim_blanks(text.substr(pos, value_end - pos));
      pos = value_end;
    }
    if (!name.empty()) {
      if (name.size() >= kMaxCookieNameValue - 1 || value.size() >= kMaxCookieNameValue - 1 ||
          name.size() + value.size() > kMaxCookieNameValue) {
        return std::nullopt;
      }
      if (!named) {
        // The first pair is the cookie itself: it needs '=', and no TAB in its value.
        if (!has_equals || value.find('\t') != std::string_view::npos || has_invalid_octets(name) ||
            has_invalid_octets(value)) {
          return std::nullopt;
        }
        cookie.name.assign(name);
        cookie.value.assign(value);
        named = true;
      } else if (!apply_attribute(name, value, has_equals, origin, now, cookie)) {
        return std::nullopt;
      }
    } else if (!named) {
      return std::nullopt;  // "=value" or an empty header: no cookie name
    }
    while (pos < text.size() && is_blank(text[pos])) ++pos;
    if (pos >= text.size() || text[pos] != ';') break;
    ++pos;
  }
  if (cookie.domain.empty() && !origin.from_file) cookie.domain.assign(origin.host);
  if (!cookie.has_path && !origin.from_file) set_default_path(origin.target, cookie);
  if (!cookie.has_path) cookie.match_path.clear();
  cookie.live = !origin.from_file;
  return cookie;
}

}  // namespace kurl
