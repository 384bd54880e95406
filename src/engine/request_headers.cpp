#include "engine/request_headers.h"

#include <algorithm>

#include "core/text.h"
#include "engine/request_body.h"
#include "http/head_check.h"

namespace kurl {

namespace {

bool user_sets(const std::vector<HeaderEdit>& edits, std::string_view name) {
  return std::any_of(edits.begin(), edits.end(),
                     [name](const HeaderEdit& edit) { return iequals(edit.name, name); });
}

// -r / -C: Range goes right after Host, where curl puts it, unless -H set one (or removed it).
void add_range(const LimitSettings& limits, const std::vector<HeaderEdit>& run_edits,
               Transfer& transfer) {
  std::string range = range_for(limits, transfer);
  if (range.empty()) return;
  std::vector<Header>& headers = transfer.request.headers;
  if (user_sets(run_edits, "Range") || user_sets(transfer.spec.headers, "Range")) return;
  headers.insert(headers.begin() + (headers.empty() ? 0 : 1), Header{"Range", std::move(range)});
}

// What curl adds for a body: chunked framing when its size is unknown (standard input), and
// Expect: 100-continue where curl 7.88 sends it, unless the user's -H says otherwise.
void add_body_headers(const EngineConfig& config, Transfer& transfer) {
  Request& request = transfer.request;
  if (request.has_body && !request.body_length_known &&
      !user_sets(config.header_edits, "Transfer-Encoding")) {
    std::erase_if(request.headers,
                  [](const Header& h) { return iequals(h.name, "Content-Length"); });
    request.headers.push_back({"Transfer-Encoding", "chunked"});
  }
  if (wants_expect_continue(config.upload, request) && !transfer.expect_dropped &&
      !user_sets(config.header_edits, "Expect") &&
      !user_sets(transfer.spec.headers, "Expect")) {
    request.headers.push_back({"Expect", "100-continue"});
  }
}

}  // namespace

Error build_transfer_headers(const EngineConfig& config, Transfer& transfer,
                             HeaderDefaults& scratch) {
  Request& request = transfer.request;
  request.http10 = config.http10;
  // Most requests use the run's defaults as they are: no copy on the hot path.
  const HeaderDefaults* defaults = &config.header_defaults;
  // Without -u (or --oauth2-bearer), the hop's own credentials: its URL's, or netrc's for
  // its host.
  bool own_credentials =
      config.header_defaults.authorization.empty() &&
      (request.url.has_userinfo || config.credentials.netrc != CredentialSettings::Netrc::Off);
  if (transfer.credentials_dropped || own_credentials) {
    scratch = config.header_defaults;
    scratch.authorization.clear();
    if (own_credentials) {
      Result<std::string> authorization = hop_authorization(config.credentials, request.url);
      if (!authorization) return authorization.error();
      scratch.authorization = std::move(*authorization);
    }
    defaults = &scratch;
  }
  build_request_headers(request.url, *defaults, config.header_edits, request.has_body,
                        request.body_length, request.headers);
  add_body_headers(config, transfer);
  if (config.limits.any()) add_range(config.limits, config.header_edits, transfer);
  if (!transfer.spec.headers.empty()) apply_header_edits(request.headers, transfer.spec.headers);
  if (request.absolute_form && transfer.proxy.has_userinfo) {
    request.headers.push_back({"Proxy-Authorization", basic_authorization(transfer.proxy)});
  }
  if (transfer.credentials_dropped) {
    // Credentials from the command line go only to the first origin (and never to http
    // after https): drop them from the user's headers too.
    std::erase_if(request.headers, [](const Header& h) {
      return iequals(h.name, "Authorization") || iequals(h.name, "Cookie");
    });
    // The hop's own credentials (its URL's, or netrc's for its host) stay, after Host.
    if (!defaults->authorization.empty()) {
      request.headers.insert(request.headers.begin() + 1,
                             Header{"Authorization", defaults->authorization});
    }
  }
  add_cookie_header(config.cookies, config.header_edits, transfer.spec.headers,
                    transfer.redirects == 0, request);
  settle_body_framing(request);
  const Header* expect = find_header(request.headers, "Expect");
  request.expect_continue = expect && iequals(trim_ows(expect->value), "100-continue");
  if (std::optional<std::string> problem = request_head_problem(request)) {
    return Error(ExitCode::MalformedUrl, "refusing to send the request: " + *problem);
  }
  return Error();
}

}  // namespace kurl
