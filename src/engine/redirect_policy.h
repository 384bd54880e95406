// The one place that decides how a redirect is followed (curl's -L rules).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/url.h"

namespace kurl {

/// True for the statuses -L follows when a Location header is present.
bool is_redirect_status(int status);

/// The next hop of a redirect.
struct RedirectPlan {
  Url url;
  std::string method;
  bool keep_body = true;    ///< 307/308 resend the body; 301/302/303 turn POST into GET
  bool same_origin = true;  ///< credentials from the command line go only to the first origin
};

/// A Location value as curl reads it before resolving it: a space is sent as %20 (as + after
/// the '?'), a byte outside ASCII as %xx, the host of an absolute or "//" location left
/// alone; "http:/host/path" and "http:///host/path" mean "http://host/path" (one to three
/// slashes, for http and https). Errors: exit 3 for none ("http:host") or more than three.
Result<std::string> location_as_curl_reads_it(std::string_view location);

/// Plans the hop from `current` (sent with `method`) after `status` with `location`.
/// Errors: exit 1 for a scheme other than http/https, exit 3 for a malformed location.
Result<RedirectPlan> plan_redirect(const Url& current, std::string_view method, int status,
                                   std::string_view location);

}  // namespace kurl
