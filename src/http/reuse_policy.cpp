#include "http/reuse_policy.h"

#include "core/text.h"

namespace kurl {

std::optional<double> parse_keep_alive_timeout(std::string_view value) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = trim_ows(value.substr(0, comma));
    size_t eq = item.find('=');
    if (eq != std::string_view::npos && iequals(trim_ows(item.substr(0, eq)), "timeout")) {
      return parse_seconds(trim_ows(item.substr(eq + 1)));
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return std::nullopt;
}

ReuseDecision decide_reuse(const Response& response, bool trailing_bytes) {
  ReuseDecision decision;
  bool says_close = response.headers.has_token("Connection", "close");
  bool says_keep_alive = response.headers.has_token("Connection", "keep-alive");
  bool is_http10 = response.http_major == 1 && response.http_minor == 0;
  if (says_close) {
    decision.verdict = ReuseVerdict::ServerClose;
  } else if (is_http10 && !says_keep_alive) {
    decision.verdict = ReuseVerdict::Http10;
  } else if (response.close_delimited) {
    decision.verdict = ReuseVerdict::CloseDelimited;
  } else if (trailing_bytes) {
    decision.verdict = ReuseVerdict::TrailingBytes;
  }
  if (auto keep_alive = response.headers.find("Keep-Alive")) {
    decision.server_idle_timeout = parse_keep_alive_timeout(*keep_alive);
  }
  return decision;
}

}  // namespace kurl
