#include "engine/redirect_policy.h"

#include "core/text.h"

namespace kurl {

namespace {

// The length of "http:" or "https:" opening `location` (any case), 0 for anything else.
size_t http_scheme_length(std::string_view location) {
  size_t colon = location.find(':');
  if (colon == std::string_view::npos) return 0;
  std::string scheme = to_lower(location.substr(0, colon));
  return scheme == "http" || scheme == "https" ? colon + 1 : 0;
}

// Where the part to encode starts: after the authority of an absolute or "//" location (a
// host is never percent-encoded), else at the start.
size_t after_authority(std::string_view location, size_t authority_start) {
  size_t end = location.find_first_of("/?#", authority_start);
  return end == std::string_view::npos ? location.size() : end;
}

void append_encoded(std::string_view part, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";  // curl's lower-case escapes
  bool in_query = false;
  for (unsigned char c : part) {
    if (c == '?') in_query = true;
    if (c == ' ') {
      out.append(in_query ? "+" : "%20");
    } else if (c >= 0x80) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
}

}  // namespace

bool is_redirect_status(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Result<std::string> location_as_curl_reads_it(std::string_view location) {
  location = trim_ows(location);
  // A location past the length limit is left for resolve_reference to refuse, unencoded.
  if (location.size() > kMaxUrlLength) return std::string(location);
  std::string out;
  size_t rest = 0;
  if (size_t scheme = http_scheme_length(location)) {
    size_t slashes = 0;
    while (scheme + slashes < location.size() && location[scheme + slashes] == '/' && slashes < 4)
      ++slashes;
    if (slashes == 0 || slashes > 3) {
      return Error(ExitCode::MalformedUrl, "malformed URL: redirect location with " +
                                               std::to_string(slashes) +
                                               " slashes after the scheme");
    }
    out.append(location.substr(0, scheme)).append("//");
    rest = after_authority(location, scheme + slashes);
    out.append(location.substr(scheme + slashes, rest - scheme - slashes));
  } else if (location.starts_with("//")) {
    rest = after_authority(location, 2);
    out.append(location.substr(0, rest));
  }
  append_encoded(location.substr(rest), out);
  return out;
}

bool redirect_switches_to_get(int status, std::string_view method, const RedirectRules& rules) {
  bool post = method == "POST";
  switch (status) {
    case 301:
      return post && !rules.post301;
    case 302:
      return post && !rules.post302;
    case 303:
      return method != "GET" && method != "HEAD" && !(post && rules.post303);
    default:
      return false;
  }
}

Result<RedirectPlan> plan_redirect(const Url& current, std::string_view method, int status,
                                   std::string_view location, const RedirectRules& rules) {
  Result<std::string> readable = location_as_curl_reads_it(location);
  if (!readable) return readable.error();
  Result<Url> target = resolve_reference(current, *readable, rules.dots);
  if (!target) return target.error();
  if (!target->is_http_family()) {
    return Error(ExitCode::UnsupportedProtocol,
                 "protocol \"" + target->scheme + "\" not supported (redirect refused)");
  }
  RedirectPlan plan;
  plan.url = std::move(*target);
  plan.method = std::string(method);
  if (redirect_switches_to_get(status, method, rules)) {
    if (!rules.custom_method) plan.method = "GET";
    plan.keep_body = false;
  }
  plan.same_origin = plan.url.origin() == current.origin();
  plan.keep_credentials = plan.same_origin || rules.location_trusted;
  return plan;
}

}  // namespace kurl
