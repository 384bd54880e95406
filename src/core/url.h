// URL parsing for http and https, and the Origin that keys the connection pool.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kurl {

/// Longest URL kurl accepts; longer ones are malformed (exit 3).
inline constexpr size_t kMaxUrlLength = 64 * 1024;

/// A parsed absolute URL. Percent-encoding is kept as given; the fragment is dropped.
struct Url {
  std::string scheme;    ///< lower-case, "http" or "https" (others are rejected by the engine)
  std::string user;      ///< userinfo before ':' (still percent-encoded), empty when absent
  std::string password;  ///< userinfo after ':' (still percent-encoded)
  bool has_userinfo = false;
  std::string host;  ///< lower-case name or address; IPv6 without brackets
  bool host_is_ipv6 = false;
  uint16_t port = 0;           ///< explicit port, or the scheme's default
  bool port_explicit = false;  ///< the URL named the port
  std::string target;          ///< path and query as sent on the request line, at least "/"

  /// "host" or "[v6]" as it goes in a Host header, with ":port" when not the default.
  std::string host_header() const;
  /// Appends host_header() to `out` (no allocation when `out` has room).
  void append_host_header(std::string& out) const;
  /// Appends origin() to `out`.
  void append_origin(std::string& out) const;
  /// The URL without userinfo and fragment, as %{url_effective} shows it.
  std::string to_string() const;
  /// "scheme://host:port": the origin, always with the port.
  std::string origin() const;
  /// True for a scheme kurl can fetch.
  bool is_http_family() const { return scheme == "http" || scheme == "https"; }
};

/// The default port of a scheme, 0 when unknown.
uint16_t default_port(std::string_view scheme);

/// What becomes of "/./" and "/../" in a path: removed (RFC 3986 5.2.4, curl's default), or
/// kept as given (curl's --path-as-is).
enum class DotSegments { Remove, Keep };

/// Parses an absolute URL; a missing scheme means http, as in curl. Errors: exit 3 (malformed).
/// Unknown schemes parse fine; the engine rejects them with exit 1.
Result<Url> parse_url(std::string_view text, DotSegments dots = DotSegments::Remove);
/// parse_url into `url`'s own strings, so a Url reused request after request allocates
/// nothing once its strings are large enough. On an error `url` holds a partial parse.
Error parse_url_into(std::string_view text, Url& url, DotSegments dots = DotSegments::Remove);

/// Resolves a Location header value against `base` (RFC 3986 section 5.2).
Result<Url> resolve_reference(const Url& base, std::string_view reference,
                              DotSegments dots = DotSegments::Remove);

/// Decodes %XX escapes (used for userinfo before it becomes Basic credentials).
std::string percent_decode(std::string_view s);

/// "Basic ..." for the URL's userinfo (decoded), as an Authorization or Proxy-Authorization value.
std::string basic_authorization(const Url& url);

}  // namespace kurl
