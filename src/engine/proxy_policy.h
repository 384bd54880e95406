// Which proxy, if any, a request goes through: -x, --noproxy and the *_proxy variables.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/url.h"

namespace kurl {

/// curl's default proxy port when the proxy URL names none.
inline constexpr uint16_t kDefaultProxyPort = 1080;

/// The proxy choices of a run; main fills the environment values in.
struct ProxySettings {
  std::optional<std::string> proxy;    ///< -x/--proxy; "" turns every proxy off
  std::optional<std::string> noproxy;  ///< --noproxy (overrides no_proxy)
  std::string http_proxy;              ///< http_proxy (or HTTP_PROXY)
  std::string https_proxy;             ///< https_proxy (or HTTPS_PROXY)
  std::string no_proxy;                ///< no_proxy (or NO_PROXY)
};

/// True when `host` is covered by a no_proxy list: "*", an exact name or address, or a
/// domain suffix ("example.com" and ".example.com" both cover "www.example.com").
bool no_proxy_matches(std::string_view list, std::string_view host);

/// Parses a proxy URL ("host:port", "http://user:pw@host:port"). Only http:// proxies are
/// supported (exit 1 otherwise); the default port is 1080 as in curl; malformed: exit 5.
Result<Url> parse_proxy_url(std::string_view text);

/// The proxy for `target`, or nullopt for a direct connection.
Result<std::optional<Url>> choose_proxy(const Url& target, const ProxySettings& settings);

}  // namespace kurl
