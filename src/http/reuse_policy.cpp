#include "http/reuse_policy.h"

#include "core/text.h"

namespace kurl {

std::optional<double> parse_keep_alive_timeout(std::string_view value) {
  ListItems items(value);
  while (std::optional<std::string_view> item = items.next()) {
    size_t eq = item->find('=');
    if (eq != std::string_view::npos && iequals(trim_ows(item->substr(0, eq)), "timeout")) {
      return parse_seconds(trim_ows(item->substr(eq + 1)));
    }
  }
  return std::nullopt;
}

namespace {

bool is_before_http11(const Response& response) {
  return response.http_major < 1 || (response.http_major == 1 && response.http_minor == 0);
}

// Why the connection may carry no further response: the first reason in this order names it.
ReuseVerdict why_not_keep_alive(const Response& response) {
  if (response.headers.has_token("Connection", "close")) return ReuseVerdict::ServerClose;
  if (is_before_http11(response) && !response.headers.has_token("Connection", "keep-alive")) {
    return ReuseVerdict::Http10;
  }
  if (response.close_delimited) return ReuseVerdict::CloseDelimited;
  return ReuseVerdict::ServerClose;  // Proxy-Connection, a close in the trailers, HTTP/2.0
}

}  // namespace

ReuseDecision decide_reuse(const Response& response, const ReuseContext& context) {
  ReuseDecision decision;
  bool says_close = response.headers.has_token("Connection", "close");
  // llhttp keeps an HTTP/1.0 connection that says both keep-alive and close: close wins.
  if (!response.keep_alive || says_close) {
    decision.verdict = why_not_keep_alive(response);
  } else if (context.request_body_unsent) {
    // The server would read the rest of the body as the next request.
    decision.verdict = ReuseVerdict::BodyUnsent;
  } else if (response.skipped_announced_body && context.requests_pipelined) {
    // If the server sends the announced body after all, its bytes would be read as the next
    // response: resend the pipelined requests on a connection whose framing is certain.
    decision.verdict = ReuseVerdict::UnsureFraming;
  } else if (context.trailing_bytes) {
    decision.verdict = ReuseVerdict::TrailingBytes;
  }
  decision.pipelining_ok = !says_close && !is_before_http11(response);
  if (auto keep_alive = response.headers.find("Keep-Alive")) {
    decision.server_idle_timeout = parse_keep_alive_timeout(*keep_alive);
  }
  return decision;
}

}  // namespace kurl
