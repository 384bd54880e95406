// The one place that decides how a redirect is followed (curl's -L rules).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/url.h"

namespace kurl {

/// True for the statuses -L follows when a Location header is present.
bool is_redirect_status(int status);

/// The user's redirect rules beyond -L (curl's flags), and how URLs are read.
struct RedirectRules {
  bool location_trusted = false;  ///< --location-trusted: -u and the like go to every host
  bool post301 = false;           ///< --post301: a POST stays a POST after a 301
  bool post302 = false;           ///< --post302: ... after a 302
  bool post303 = false;           ///< --post303: ... after a 303
  /// -X: as curl, the method given stays on every hop, even where a redirect turns POST into
  /// GET; only the body is dropped then.
  bool custom_method = false;
  /// --path-as-is: "/./" and "/../" stay in the URL's path and every Location's.
  DotSegments dots = DotSegments::Remove;
};

/// The next hop of a redirect.
struct RedirectPlan {
  Url url;
  std::string method;
  bool keep_body = true;    ///< 307/308 resend the body; 301/302/303 turn POST into GET
  bool same_origin = true;  ///< the hop stays on the origin it comes from
  /// Credentials from the command line (-u, --oauth2-bearer, -H Authorization and Cookie) go
  /// with this hop: on the same origin, or anywhere with --location-trusted.
  bool keep_credentials = true;
};

/// A Location value as curl reads it before resolving it: a space is sent as %20 (as + after
/// the '?'), a byte outside ASCII as %xx, the host of an absolute or "//" location left
/// alone; "http:/host/path" and "http:///host/path" mean "http://host/path" (one to three
/// slashes, for http and https). Errors: exit 3 for none ("http:host") or more than three.
Result<std::string> location_as_curl_reads_it(std::string_view location);

/// Plans the hop from `current` (sent with `method`) after `status` with `location`.
/// Errors: exit 1 for a scheme other than http/https, exit 3 for a malformed location.
Result<RedirectPlan> plan_redirect(const Url& current, std::string_view method, int status,
                                   std::string_view location, const RedirectRules& rules = {});

/// True when curl turns `method` into GET (dropping the body) after `status`: a POST after
/// 301 or 302 (unless --post301/--post302), any method but GET and HEAD after 303 (a POST
/// stays with --post303).
bool redirect_switches_to_get(int status, std::string_view method, const RedirectRules& rules);

}  // namespace kurl
