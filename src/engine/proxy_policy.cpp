#include "engine/proxy_policy.h"

#include "core/redact.h"
#include "core/text.h"

namespace kurl {

bool no_proxy_matches(std::string_view list, std::string_view host) {
  ListItems entries(list, ", ");
  while (std::optional<std::string_view> item = entries.next()) {
    std::string_view entry = *item;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (entry.front() == '.') entry.remove_prefix(1);
    if (entry.size() >= 2 && entry.front() == '[' && entry.back() == ']')
      entry = entry.substr(1, entry.size() - 2);
    if (iequals(host, entry)) return true;
    if (host.size() > entry.size() && host[host.size() - entry.size() - 1] == '.' &&
        iequals(host.substr(host.size() - entry.size()), entry)) {
      return true;
    }
  }
  return false;
}

Result<Url> parse_proxy_url(std::string_view text) {
  bool has_scheme = text.find("://") != std::string_view::npos;
  Result<Url> url = parse_url(text);
  if (!url)
    return Error(ExitCode::ProxyNotResolved,
                 "malformed proxy URL '" + without_credentials(text) + "'");
  if (has_scheme && url->scheme != "http") {
    return Error(ExitCode::UnsupportedProtocol,
                 "proxy scheme \"" + url->scheme + "\" not supported");
  }
  if (!url->port_explicit) url->port = kDefaultProxyPort;
  return url;
}

Result<std::optional<Url>> choose_proxy(const Url& target, const ProxySettings& settings) {
  std::string_view chosen;
  if (settings.proxy) {
    chosen = *settings.proxy;
  } else {
    chosen = target.scheme == "https" ? settings.https_proxy : settings.http_proxy;
  }
  if (chosen.empty()) return std::optional<Url>();
  std::string_view exclusions =
      settings.noproxy ? std::string_view(*settings.noproxy) : settings.no_proxy;
  if (no_proxy_matches(exclusions, target.host)) return std::optional<Url>();
  Result<Url> proxy = parse_proxy_url(chosen);
  if (!proxy) return proxy.error();
  return std::optional<Url>(std::move(*proxy));
}

}  // namespace kurl
