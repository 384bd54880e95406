// The run-wide settings the engine works with (main maps the command-line options to these).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/connect_rules.h"
#include "engine/credentials.h"
#include "engine/expectations.h"
#include "engine/proxy_policy.h"
#include "engine/redirect_policy.h"
#include "engine/request_cookies.h"
#include "engine/retry_policy.h"
#include "engine/transfer_limits.h"
#include "http/body_plan.h"
#include "http/headers.h"
#include "http/request.h"
#include "net/tls_context.h"

namespace kurl {

/// Defaults live next to the flags in cli/options.h; these mirror them for the engine.
struct EngineConfig {
  // What to send.
  std::string method;                    ///< -X; "" = GET, or POST with a body, HEAD with -I
  bool head_only = false;                ///< -I
  std::vector<HeaderEdit> header_edits;  ///< -H, in order
  HeaderDefaults header_defaults;        ///< User-Agent, Referer, Authorization, Content-Type
  CredentialSettings credentials;  ///< -n, --netrc-file, --netrc-optional
  BodyPlan body;  ///< -d / --data-binary / --json / -F / -T: text, and files read as sent
  bool has_body = false;
  bool upload = false;  ///< -T: PUT unless -X, and Expect: 100-continue for any non-empty body
  std::string upload_name;  ///< -T FILE's base name, added to a URL whose path ends in '/'
  std::string get_query;    ///< -G: the -d data, added to every URL's query
  bool http10 = false;      ///< -0: HTTP/1.0 request lines
  CookieSettings cookies;   ///< -b, -c, -j: the cookie engine and the literal cookies

  // Redirects and failure.
  bool follow_redirects = false;    ///< -L
  int max_redirects = 50;           ///< --max-redirs; -1 = unlimited
  RedirectRules redirect;           ///< --location-trusted, --post301, --post302, --post303
  bool fail_on_http_error = false;  ///< -f
  bool fail_with_body = false;      ///< --fail-with-body

  // CI expectations (a batch line's own keys replace these for that line).
  Expectations expect;           ///< --expect-status, --expect-header, --expect-body, --expect-time
  size_t expect_body_limit = 0;  ///< --expect-body-limit: body bytes searched by --expect-body
  // Retries (curl's): --retry, --retry-delay, --retry-max-time, --retry-all-errors,
  // --retry-connrefused.
  RetrySettings retry;
  ReplayRule replay = ReplayRule::Idempotent;  ///< --replay

  LimitSettings limits;  ///< -r, -C, --limit-rate, --max-filesize

  // Time limits, seconds; 0 = none.
  double max_time = 0;         ///< -m
  double connect_timeout = 0;  ///< --connect-timeout

  // Connection reuse.
  double keepalive = 15;               ///< --keepalive; 0 = no reuse
  unsigned max_per_host = 6;           ///< --max-per-host
  uint64_t max_requests_per_conn = 0;  ///< 0 = no limit
  unsigned pipeline = 1;               ///< --pipeline
  bool parallel_immediate = false;     ///< --parallel-immediate: open before pipelining
  bool decode_bodies = false;          ///< --compressed: sinks get decoded bodies
  /// Connections idle at once in the whole run (no flag): past it, the least recently used
  /// idle connection is closed, counted as an idle timeout.
  size_t max_idle_connections = 1024;
  unsigned tcp_keepalive = 0;  ///< --tcp-keepalive seconds
  unsigned parallel = 1;       ///< -P
  double rate = 0;             ///< --rate, requests a second; 0 = unlimited

  // TLS and proxies.
  TlsSettings tls;
  ProxySettings proxy;
  ConnectRules connect;  ///< --resolve, --connect-to, --unix-socket, -4, -6

  /// How often on_tick fires, seconds; 0 = never (no progress line).
  double tick_interval = 0;
};

}  // namespace kurl
