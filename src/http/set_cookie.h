// Reading one Set-Cookie header value (RFC 6265 5.2, as curl 7.88 reads it).
#pragma once

#include <optional>
#include <string_view>

#include "http/cookie.h"

namespace kurl {

/// Longest Set-Cookie value read; a longer one is dropped whole (curl's MAX_COOKIE_LINE).
inline constexpr size_t kMaxSetCookieLength = 5000;
/// Longest name or value, and name and value together (curl's MAX_NAME, as browsers).
inline constexpr size_t kMaxCookieNameValue = 4096;

/// The cookie `value` sets, with its defaults filled in (host-only for the origin's host,
/// the default-path of its target, Max-Age and Expires turned into `expires` against `now`),
/// or nullopt when it is refused: no "name=" first, a control byte in the name or value, a
/// TAB in the value, oversized, Secure outside a secure context, or a Domain the host is not
/// within (an address host only for itself). Public suffixes are checked by the jar.
std::optional<Cookie> parse_set_cookie(std::string_view value, const CookieOrigin& origin,
                                       int64_t now);

/// `path` as requests match it: quotes stripped, "/" when it does not start with '/', a
/// trailing '/' removed.
std::string cookie_match_path(std::string_view path);

}  // namespace kurl
