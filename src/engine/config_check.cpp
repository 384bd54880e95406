#include "engine/config_check.h"

#include "core/text.h"
#include "http/head_check.h"

namespace kurl {

namespace {

Error usage(std::string_view flag, const std::string& problem) {
  return Error(ExitCode::Usage, std::string(flag) + ": " + problem);
}

}  // namespace

Error check_request_inputs(const EngineConfig& config, std::string_view user) {
  if (!config.method.empty()) {
    if (auto problem = method_problem(config.method)) return usage("-X", *problem);
  }
  for (const HeaderEdit& edit : config.header_edits) {
    if (auto problem = header_problem(edit.name, edit.value)) return usage("-H", *problem);
    std::optional<uint64_t> body_size = config.has_body ? config.body.size() : uint64_t{0};
    if (iequals(edit.name, "Content-Length") && !edit.remove && body_size) {
      if (auto problem = content_length_problem(edit.value, *body_size))
        return usage("-H", *problem);
    }
  }
  const HeaderDefaults& defaults = config.header_defaults;
  if (!is_field_value(defaults.user_agent))
    return usage("-A", "contains a control character (CR, LF, NUL...)");
  if (!is_field_value(defaults.referer))
    return usage("-e", "contains a control character (CR, LF, NUL...)");
  if (!is_field_value(user)) return usage("-u", "contains a control character (CR, LF, NUL...)");
  if (!is_field_value(config.cookies.literal))
    return usage("-b", "contains a control character (CR, LF, NUL...)");
  return Error();
}

}  // namespace kurl
