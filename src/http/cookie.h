// One cookie as kurl keeps it (curl's model of RFC 6265 cookies), and where a cookie came
// from, which decides the rules it is held to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kurl {

/// A stored cookie. Names and domains compare case-insensitively, as curl compares them.
struct Cookie {
  std::string name;
  std::string value;
  /// The host or domain it belongs to, as given (no leading dot); "" = every host (a
  /// Set-Cookie line of a cookie file without Domain, as curl reads it).
  std::string domain;
  bool tailmatch = false;  ///< a domain cookie (its subdomains too); false = host-only
  /// The path as given or defaulted (written to the jar); has_path false = none ("/").
  std::string path;
  bool has_path = false;
  std::string match_path;  ///< `path` without quotes and trailing '/': what requests match
  bool secure = false;     ///< sent only in a secure context
  bool http_only = false;  ///< kept and written as #HttpOnly_ (kurl runs no script)
  int64_t expires = 0;     ///< Unix seconds; 0 = a session cookie
  bool live = false;       ///< received in this run: a file's cookie never replaces it
  uint64_t created = 0;    ///< creation order, kept when a cookie is replaced
};

/// Where a cookie comes from.
struct CookieOrigin {
  /// The request's host (lower-case, IPv6 without brackets); "" for a cookie file.
  std::string_view host;
  /// The request target (path and query) for the default path; "" for a cookie file.
  std::string_view target;
  /// A secure context (https, or localhost / 127.0.0.1 / ::1 as curl and browsers treat
  /// them): only then may a response set a Secure cookie. Files always may.
  bool secure = false;
  bool from_file = false;  ///< read from a -b file before the run
};

/// The origin of a cookie read from a -b file.
inline CookieOrigin cookie_file_origin() {
  CookieOrigin origin;
  origin.secure = true;
  origin.from_file = true;
  return origin;
}

/// True for curl's secure contexts: https, or the loopback names localhost, 127.0.0.1, ::1.
bool is_secure_cookie_context(std::string_view scheme, std::string_view host);

/// True when `host` is an IPv4 or IPv6 address: such hosts get host-only cookies only.
bool is_ip_address(std::string_view host);

}  // namespace kurl
