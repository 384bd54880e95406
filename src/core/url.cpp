#include "core/url.h"

#include <cctype>

#include "core/base64.h"
#include "core/text.h"

namespace kurl {

namespace {

Error malformed(std::string_view why) {
  return Error(ExitCode::MalformedUrl, "malformed URL: " + std::string(why));
}

bool has_forbidden_char(std::string_view s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool is_valid_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '%' || c == '~';
}

bool is_valid_ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '%';
}

// Into the string's own capacity: a Url reused request after request allocates nothing.
void assign_lower(std::string& out, std::string_view text) {
  out.assign(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Splits "scheme://" off into `scheme` (lower-case), or "http" when there is none.
void take_scheme(std::string_view& rest, std::string& scheme) {
  size_t colon = rest.find("://");
  if (colon != std::string_view::npos && colon > 0) {
    bool ok = std::isalpha(static_cast<unsigned char>(rest[0]));
    for (size_t i = 0; ok && i < colon; ++i) ok = is_scheme_char(rest[i]);
    if (ok) {
      assign_lower(scheme, rest.substr(0, colon));
      rest.remove_prefix(colon + 3);
      return;
    }
  }
  scheme.assign("http");
}

Result<bool> parse_authority(std::string_view authority, Url& url) {
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    url.user.assign(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) url.password.assign(userinfo.substr(colon + 1));
    url.has_userinfo = true;
    authority.remove_prefix(at + 1);
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return malformed("unterminated IPv6 address");
    std::string_view v6 = authority.substr(1, close - 1);
    if (v6.empty()) return malformed("empty IPv6 address");
    for (char c : v6) {
      if (!is_valid_ipv6_char(c)) return malformed("bad IPv6 address");
    }
    assign_lower(url.host, v6);
    url.host_is_ipv6 = true;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return malformed("junk after IPv6 address");
      port_text = after.substr(1);
      url.port_explicit = true;
    }
  } else {
    size_t colon = authority.rfind(':');
    std::string_view host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      url.port_explicit = true;
    }
    if (host.empty()) return malformed("no host name");
    for (char c : host) {
      if (!is_valid_host_char(c)) return malformed("bad character in host name");
    }
    assign_lower(url.host, host);
  }
  url.port = default_port(url.scheme);
  if (url.port_explicit) {
    if (port_text.empty()) {
      url.port_explicit = false;  // "host:" means the default port, as in curl
    } else {
      auto port = parse_uint(port_text);
      if (!port || *port == 0 || *port > 65535) return malformed("bad port number");
      url.port = static_cast<uint16_t>(*port);
    }
  }
  if (url.port == 0) return malformed("no port for scheme " + url.scheme);
  return true;
}

// RFC 3986 5.2.4: appends `path` to `out` without its "." and ".." segments; a ".." never
// removes what `out` held before.
void append_without_dot_segments(std::string_view path, std::string& out) {
  const size_t base = out.size();
  while (!path.empty()) {
    if (path.starts_with("../")) {
      path.remove_prefix(3);
    } else if (path.starts_with("./")) {
      path.remove_prefix(2);
    } else if (path.starts_with("/./")) {
      path.remove_prefix(2);
    } else if (path == "/.") {
      path = "/";
    } else if (path.starts_with("/../") || path == "/..") {
      path = path.size() == 3 ? std::string_view("/") : path.substr(3);
      size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos || slash < base ? base : slash);
    } else if (path == "." || path == "..") {
      path = {};
    } else {
      size_t next = path.find('/', path.front() == '/' ? 1 : 0);
      out.append(path.substr(0, next));
      path = next == std::string_view::npos ? std::string_view() : path.substr(next);
    }
  }
}

void set_target(Url& url, std::string_view path_and_query, DotSegments dots) {
  size_t query = path_and_query.find('?');
  std::string_view path = path_and_query.substr(0, query);
  url.target.clear();
  if (dots == DotSegments::Keep) {
    url.target.append(path);
  } else {
    append_without_dot_segments(path, url.target);
  }
  if (url.target.empty() || url.target.front() != '/') url.target.insert(0, 1, '/');
  if (query != std::string_view::npos) url.target.append(path_and_query.substr(query));
}

std::string_view strip_fragment(std::string_view s) {
  return s.substr(0, s.find('#'));
}

}  // namespace

namespace {
Result<Url> resolve_reference_unchecked(const Url& base, std::string_view reference,
                                        DotSegments dots);
}  // namespace

uint16_t default_port(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return 0;
}

namespace {

void append_host(const Url& url, std::string& out) {
  if (url.host_is_ipv6) out.push_back('[');
  out.append(url.host);
  if (url.host_is_ipv6) out.push_back(']');
}

void append_port(uint16_t port, std::string& out) {
  out.push_back(':');
  append_decimal(out, port);
}

}  // namespace

void Url::append_host_header(std::string& out) const {
  append_host(*this, out);
  if (port != default_port(scheme)) append_port(port, out);
}

void Url::append_origin(std::string& out) const {
  out.append(scheme);
  out.append("://");
  append_host(*this, out);
  append_port(port, out);
}

std::string Url::host_header() const {
  std::string out;
  append_host_header(out);
  return out;
}

std::string Url::to_string() const {
  std::string out;
  out.append(scheme);
  out.append("://");
  append_host_header(out);
  out.append(target);
  return out;
}

std::string Url::origin() const {
  std::string out;
  append_origin(out);
  return out;
}

Error parse_url_into(std::string_view text, Url& url, DotSegments dots) {
  if (text.size() > kMaxUrlLength) return malformed("longer than 64 KiB");
  if (text.empty()) return malformed("empty URL");
  if (has_forbidden_char(text)) return malformed("contains a space or control character");
  url.user.clear();
  url.password.clear();
  url.has_userinfo = false;
  url.host_is_ipv6 = false;
  url.port = 0;
  url.port_explicit = false;
  std::string_view rest = strip_fragment(text);
  take_scheme(rest, url.scheme);
  size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  if (!url.is_http_family()) {
    // Keep enough to name it in the "unsupported protocol" error (file:///x has no host).
    url.host.assign(authority);
    url.target.assign("/");
    return Error();
  }
  if (authority.empty()) return malformed("no host name");
  auto ok = parse_authority(authority, url);
  if (!ok) return ok.error();
  set_target(url,
             path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start),
             dots);
  return Error();
}

Result<Url> parse_url(std::string_view text, DotSegments dots) {
  Url url;
  Error error = parse_url_into(text, url, dots);
  if (!error.ok()) return error;
  return url;
}

Result<Url> resolve_reference(const Url& base, std::string_view reference, DotSegments dots) {
  Result<Url> resolved = resolve_reference_unchecked(base, reference, dots);
  if (resolved &&
      resolved->host.size() + resolved->target.size() + resolved->scheme.size() > kMaxUrlLength) {
    return malformed("redirect location longer than 64 KiB");
  }
  return resolved;
}

namespace {

Result<Url> resolve_reference_unchecked(const Url& base, std::string_view reference,
                                        DotSegments dots) {
  if (reference.size() > kMaxUrlLength) return malformed("redirect location longer than 64 KiB");
  reference = trim_ows(reference);
  if (reference.empty()) return malformed("empty redirect location");
  if (has_forbidden_char(reference)) return malformed("redirect location contains a space");
  reference = strip_fragment(reference);
  if (reference.empty()) return base;  // "#fragment" alone: the same resource
  // An absolute reference has a scheme before any '/', '?' or '#'.
  size_t colon = reference.find(':');
  size_t delimiter = reference.find_first_of("/?");
  if (colon != std::string_view::npos && colon > 0 &&
      (delimiter == std::string_view::npos || colon < delimiter)) {
    bool is_scheme = std::isalpha(static_cast<unsigned char>(reference[0]));
    for (size_t i = 0; is_scheme && i < colon; ++i) is_scheme = is_scheme_char(reference[i]);
    if (is_scheme) {
      std::string scheme = to_lower(reference.substr(0, colon));
      if (!reference.substr(colon + 1).starts_with("//")) {
        Url other;
        other.scheme = scheme;
        other.host = std::string(reference.substr(colon + 1));
        other.target = "/";
        return other;
      }
      return parse_url(reference, dots);
    }
  }
  if (reference.starts_with("//"))
    return parse_url(base.scheme + ":" + std::string(reference), dots);
  Url url = base;
  if (reference.front() == '/') {
    set_target(url, reference, dots);
  } else if (reference.front() == '?') {
    std::string path = base.target.substr(0, base.target.find('?'));
    url.target = path + std::string(reference);
  } else {
    std::string base_path = base.target.substr(0, base.target.find('?'));
    std::string merged = base_path.substr(0, base_path.rfind('/') + 1) + std::string(reference);
    set_target(url, merged, dots);
  }
  return url;
}

}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string basic_authorization(const Url& url) {
  return "Basic " + base64_encode(percent_decode(url.user) + ":" + percent_decode(url.password));
}

}  // namespace kurl
