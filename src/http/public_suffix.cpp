#include "http/public_suffix.h"

#include <algorithm>
#include <iterator>

namespace kurl {

namespace {

// The multi-label suffixes most registrations and hosting sites live under: country
// second levels and the shared hosting domains browsers list. Looked up only when a
// response sets a cookie with a Domain attribute.
constexpr std::string_view kMultiLabelSuffixes[] = {
    "ac.in",           "ac.jp",          "ac.kr",         "ac.nz",
    "ac.uk",           "ac.za",          "appspot.com",   "azurewebsites.net",
    "blogspot.com",    "cloudfront.net", "co.at",         "co.id",
    "co.il",           "co.in",          "co.jp",         "co.ke",
    "co.kr",           "co.nz",          "co.th",         "co.uk",
    "co.za",           "com.ar",         "com.au",        "com.br",
    "com.cn",          "com.co",         "com.eg",        "com.es",
    "com.hk",          "com.mx",         "com.my",        "com.ng",
    "com.ph",          "com.pk",         "com.pl",        "com.sa",
    "com.sg",          "com.tr",         "com.tw",        "com.ua",
    "com.vn",          "edu.au",         "edu.br",        "edu.cn",
    "firebaseapp.com", "firm.in",        "fly.dev",       "github.io",
    "gitlab.io",       "go.jp",          "go.kr",         "gob.mx",
    "gov.au",          "gov.br",         "gov.cn",        "gov.in",
    "gov.uk",          "gov.za",         "herokuapp.com", "ltd.uk",
    "me.uk",           "ne.jp",          "ne.kr",         "net.au",
    "net.br",          "net.cn",         "net.in",        "net.nz",
    "netlify.app",     "nhs.uk",         "or.jp",         "or.kr",
    "org.au",          "org.br",         "org.cn",        "org.in",
    "org.nz",          "org.uk",         "org.za",        "pages.dev",
    "plc.uk",          "police.uk",      "res.in",        "s3.amazonaws.com",
    "sch.uk",          "vercel.app",     "web.app",       "workers.dev",
};

bool in_list(std::string_view domain) {
  return std::find(std::begin(kMultiLabelSuffixes), std::end(kMultiLabelSuffixes), domain) !=
         std::end(kMultiLabelSuffixes);
}

// The longest public suffix `host` ends in: its last label at least.
std::string_view longest_public_suffix(std::string_view host) {
  std::string_view longest = host.substr(host.rfind('.') + 1);
  for (size_t dot = host.find('.'); dot != std::string_view::npos; dot = host.find('.', dot + 1)) {
    std::string_view tail = host.substr(dot + 1);
    if (tail.size() > longest.size() && in_list(tail)) return tail;  // first found is longest
  }
  return longest;
}

}  // namespace

bool is_public_suffix(std::string_view domain) {
  return domain.find('.') == std::string_view::npos || in_list(domain);
}

bool cookie_domain_acceptable(std::string_view host, std::string_view domain) {
  if (host == domain) return true;  // a host may always set a cookie for itself
  if (domain.size() >= host.size() || !host.ends_with(domain) ||
      host[host.size() - domain.size() - 1] != '.') {
    return false;
  }
  return domain.size() > longest_public_suffix(host).size();
}

}  // namespace kurl
