#include "engine/redirect_policy.h"

namespace kurl {

bool is_redirect_status(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Result<RedirectPlan> plan_redirect(const Url& current, std::string_view method, int status,
                                   std::string_view location) {
  Result<Url> target = resolve_reference(current, location);
  if (!target) return target.error();
  if (!target->is_http_family()) {
    return Error(ExitCode::UnsupportedProtocol,
                 "protocol \"" + target->scheme + "\" not supported (redirect refused)");
  }
  RedirectPlan plan;
  plan.url = std::move(*target);
  plan.method = std::string(method);
  // curl: 301 and 302 turn POST into GET; 303 turns anything but HEAD into GET.
  bool to_get =
      (status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST");
  if (to_get) {
    plan.method = "GET";
    plan.keep_body = false;
  }
  plan.same_origin = plan.url.origin() == current.origin();
  return plan;
}

}  // namespace kurl
