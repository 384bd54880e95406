#include "http/cookie_jar.h"

#include <algorithm>

#include "core/text.h"
#include "http/public_suffix.h"
#include "http/set_cookie.h"

namespace kurl {

namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// The cookie prefixes (RFC 6265bis 4.1.3), which curl enforces on every cookie.
bool prefix_rules_hold(const Cookie& cookie) {
  if (starts_with_ignoring_case(cookie.name, "__Secure-")) return cookie.secure;
  if (starts_with_ignoring_case(cookie.name, "__Host-")) {
    return cookie.secure && cookie.has_path && cookie.path == "/" && !cookie.tailmatch;
  }
  return true;
}

bool same_key(const Cookie& a, const Cookie& b) {
  return iequals(a.name, b.name) && iequals(a.domain, b.domain) && a.tailmatch == b.tailmatch &&
         iequals(a.match_path, b.match_path);
}

// RFC 6265 5.4 step 2 as curl 7.88 sorts: path length, domain length, name length (all
// longer first), then the newer cookie first (RFC 6265 would put the older first).
bool sends_before(const Cookie* a, const Cookie* b) {
  if (a->path.size() != b->path.size()) return a->path.size() > b->path.size();
  if (a->domain.size() != b->domain.size()) return a->domain.size() > b->domain.size();
  if (a->name.size() != b->name.size()) return a->name.size() > b->name.size();
  return a->created > b->created;
}

}  // namespace

bool cookie_path_matches(std::string_view cookie_path, std::string_view target) {
  if (cookie_path.empty() || cookie_path == "/") return true;
  std::string_view path = target.substr(0, target.find('?'));
  if (path.empty() || path.front() != '/') path = "/";
  if (!path.starts_with(cookie_path)) return false;  // case-sensitive, as RFC 6265 says
  return path.size() == cookie_path.size() || path[cookie_path.size()] == '/';
}

bool cookie_domain_matches(std::string_view domain, bool tailmatch, std::string_view host) {
  if (domain.empty()) return true;  // a file's Set-Cookie line without Domain
  if (!tailmatch || is_ip_address(host)) return iequals(domain, host);
  if (host.size() < domain.size() || !iequals(host.substr(host.size() - domain.size()), domain))
    return false;
  return host.size() == domain.size() || host[host.size() - domain.size() - 1] == '.';
}

bool CookieJar::add_set_cookie(std::string_view value, const CookieOrigin& origin, int64_t now) {
  std::optional<Cookie> cookie = parse_set_cookie(value, origin, now);
  return cookie && add(std::move(*cookie), origin, now);
}

bool CookieJar::add(Cookie cookie, const CookieOrigin& origin, int64_t now) {
  if (!origin.from_file) return store(std::move(cookie), origin, now);
  Cookie copy = cookie;
  if (!store(std::move(cookie), origin, now)) return false;
  file_cookies_.push_back(std::move(copy));
  return true;
}

void CookieJar::restore_file_cookies(int64_t now) {
  CookieOrigin file = cookie_file_origin();
  for (const Cookie& cookie : file_cookies_) store(cookie, file, now);
}

bool CookieJar::store(Cookie cookie, const CookieOrigin& origin, int64_t now) {
  if (!prefix_rules_hold(cookie)) return false;
  if (origin.from_file && junk_session_cookies_ && cookie.expires == 0) return false;
  if (!origin.from_file && !is_ip_address(cookie.domain) &&
      !cookie_domain_acceptable(to_lower(origin.host), to_lower(cookie.domain))) {
    return false;  // Domain=com, Domain=co.uk: a public suffix
  }
  if (!origin.secure && !cookie.secure && overlays_secure_cookie(cookie)) return false;
  remove_expired(now);
  for (Cookie& old : cookies_) {
    if (!same_key(old, cookie)) continue;
    if (old.live && !cookie.live) return false;  // this run's cookie beats a file's
    cookie.created = old.created;
    old = std::move(cookie);
    return true;
  }
  cookie.created = next_created_++;
  cookies_.push_back(std::move(cookie));
  return true;
}

// A cookie set without Secure may not shadow a Secure one of the same name and domain
// whose path's first segment it shares (curl: "would overlay an existing cookie").
bool CookieJar::overlays_secure_cookie(const Cookie& cookie) const {
  for (const Cookie& old : cookies_) {
    if (!old.secure || !iequals(old.name, cookie.name) || !iequals(old.domain, cookie.domain) ||
        old.match_path.empty() || cookie.match_path.empty()) {
      continue;
    }
    size_t segment = old.match_path.find('/', 1);
    std::string_view first = std::string_view(old.match_path).substr(0, segment);
    if (starts_with_ignoring_case(cookie.match_path, first)) return true;
  }
  return false;
}

void CookieJar::remove_expired(int64_t now) {
  std::erase_if(cookies_, [now](const Cookie& c) { return c.expires != 0 && c.expires < now; });
}

size_t CookieJar::append_cookie_header(std::string_view host, std::string_view target, bool secure,
                                       int64_t now, std::string& out) {
  matched_.clear();
  for (const Cookie& cookie : cookies_) {
    if ((cookie.expires == 0 || cookie.expires > now) && (!cookie.secure || secure) &&
        cookie_domain_matches(cookie.domain, cookie.tailmatch, host) &&
        cookie_path_matches(cookie.match_path, target)) {
      matched_.push_back(&cookie);
    }
  }
  std::sort(matched_.begin(), matched_.end(), sends_before);
  size_t count = 0;
  for (const Cookie* cookie : matched_) {
    size_t grown = out.size() + cookie->name.size() + cookie->value.size() + 1;
    if (count == kMaxCookiesSent || grown >= kMaxCookieHeaderLength) break;
    if (count++ > 0) out.append("; ");
    out.append(cookie->name).append("=").append(cookie->value);
  }
  return count;
}

std::vector<const Cookie*> CookieJar::cookies_for_jar(int64_t now) {
  remove_expired(now);
  std::vector<const Cookie*> newest_first;
  for (const Cookie& cookie : cookies_) {
    if (!cookie.domain.empty()) newest_first.push_back(&cookie);  // curl writes no domain-less one
  }
  std::sort(newest_first.begin(), newest_first.end(),
            [](const Cookie* a, const Cookie* b) { return a->created > b->created; });
  return newest_first;
}

}  // namespace kurl
