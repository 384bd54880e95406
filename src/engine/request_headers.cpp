#include "engine/request_headers.h"

#include "core/text.h"
#include "http/head_check.h"

namespace kurl {

Error build_transfer_headers(const EngineConfig& config, Transfer& transfer,
                             HeaderDefaults& scratch) {
  Request& request = transfer.request;
  // Most requests use the run's defaults as they are: no copy on the hot path.
  const HeaderDefaults* defaults = &config.header_defaults;
  bool url_credentials = config.header_defaults.authorization.empty() && request.url.has_userinfo;
  if (transfer.credentials_dropped || url_credentials) {
    scratch = config.header_defaults;
    scratch.authorization = url_credentials ? basic_authorization(request.url) : std::string();
    defaults = &scratch;
  }
  build_request_headers(request.url, *defaults, config.header_edits, request.has_body,
                        request.body.size(), request.headers);
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
  }
  add_cookie_header(config.cookies, config.header_edits, transfer.spec.headers,
                    transfer.redirects == 0, request);
  settle_body_framing(request);
  if (std::optional<std::string> problem = request_head_problem(request)) {
    return Error(ExitCode::MalformedUrl, "refusing to send the request: " + *problem);
  }
  return Error();
}

}  // namespace kurl
