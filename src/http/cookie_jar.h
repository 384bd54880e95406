// The cookie engine: the cookies of one run, what each request sends and what each response
// sets, with RFC 6265's rules as curl 7.88 applies them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "http/cookie.h"

namespace kurl {

/// Most cookies one Cookie header carries (curl's MAX_COOKIE_SEND_AMOUNT).
inline constexpr size_t kMaxCookiesSent = 150;
/// Longest Cookie header line; cookies past it are left out (curl's MAX_COOKIE_HEADER_LEN).
inline constexpr size_t kMaxCookieHeaderLength = 8190;
/// Most Set-Cookie lines one response may add (curl's MAX_SET_COOKIE_AMOUNT).
inline constexpr size_t kMaxSetCookiesPerResponse = 50;

/// The cookies of a run. Not thread-safe; the engine uses it from the loop thread only.
class CookieJar {
 public:
  /// -j/--junk-session-cookies: session cookies read from files are dropped.
  void set_junk_session_cookies(bool junk) { junk_session_cookies_ = junk; }

  /// Reads one Set-Cookie value from `origin` and stores the cookie it sets. False when the
  /// cookie is refused (see parse_set_cookie and add()).
  bool add_set_cookie(std::string_view value, const CookieOrigin& origin, int64_t now);

  /// Stores `cookie`, replacing the one with the same name, domain (and host-only flag) and
  /// path. Refused (false): a __Secure- name without Secure, a __Host- name that is not
  /// Secure, host-only and on "/", a domain that is a public suffix (unless it is the host),
  /// a file's cookie that would replace one received in this run, a session cookie from a
  /// file under -j, and (outside a secure context) a cookie that would overlay a Secure one.
  /// A cookie from a file that is stored is also remembered for restore_file_cookies().
  bool add(Cookie cookie, const CookieOrigin& origin, int64_t now);

  /// Adds the cookies read from files again, as curl reads its -b files again each time it
  /// writes its jar: one the server deleted comes back, one it replaced stays replaced
  /// (this run's cookies win).
  void restore_file_cookies(int64_t now);

  /// Appends to `out` the "name=value" pairs, joined by "; ", of the cookies a request to
  /// `host` for `target` (path and query) sends: not expired, Secure only when `secure`, the
  /// domain matching (host-only: equal; a domain cookie: the host or a subdomain; an address
  /// host: equal only) and the path matching (RFC 6265 5.1.4). In RFC 6265 5.4's order as curl
  /// sorts it: longer paths first, then longer domains, longer names, newer cookies (curl's
  /// tie-break; RFC 6265 puts older ones first).
  /// Returns how many were appended; stops at kMaxCookiesSent or kMaxCookieHeaderLength.
  size_t append_cookie_header(std::string_view host, std::string_view target, bool secure,
                              int64_t now, std::string& out);

  /// Drops expired cookies and returns the rest newest first, the order curl writes its jar,
  /// leaving out (as curl does) the domain-less cookies of a file's Set-Cookie lines.
  std::vector<const Cookie*> cookies_for_jar(int64_t now);

  size_t size() const { return cookies_.size(); }

 private:
  void remove_expired(int64_t now);
  bool overlays_secure_cookie(const Cookie& cookie) const;
  bool store(Cookie cookie, const CookieOrigin& origin, int64_t now);

  std::vector<Cookie> cookies_;
  std::vector<Cookie> file_cookies_;    ///< as read from the -b files, for restore_file_cookies
  std::vector<const Cookie*> matched_;  ///< scratch for append_cookie_header
  uint64_t next_created_ = 1;
  bool junk_session_cookies_ = false;
};

/// True when a cookie on `cookie_path` (as matched) goes with a request for `target`.
bool cookie_path_matches(std::string_view cookie_path, std::string_view target);

/// True when a cookie of `domain` (with `tailmatch`) goes to `host`.
bool cookie_domain_matches(std::string_view domain, bool tailmatch, std::string_view host);

}  // namespace kurl
