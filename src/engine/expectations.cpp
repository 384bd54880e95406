#include "engine/expectations.h"

#include "core/text.h"

namespace kurl {

namespace {

bool item_matches(std::string_view item, int status) {
  item = trim_ows(item);
  if (item.size() == 3 && (item[1] == 'x' || item[1] == 'X') &&
      (item[2] == 'x' || item[2] == 'X')) {
    return item[0] >= '1' && item[0] <= '5' && status / 100 == item[0] - '0';
  }
  std::optional<uint64_t> code = parse_uint(item);
  return code && *code == static_cast<uint64_t>(status);
}

}  // namespace

bool status_matches(std::string_view list, int status) {
  if (list.empty()) return true;
  while (true) {
    size_t comma = list.find(',');
    if (item_matches(list.substr(0, comma), status)) return true;
    if (comma == std::string_view::npos) return false;
    list.remove_prefix(comma + 1);
  }
}

Error status_expectation_failure(std::string_view list, int status) {
  return Error(ExitCode::HttpError,
               "expected status " + std::string(list) + ", got " +
                   (status == 0 ? std::string("no response") : std::to_string(status)));
}

}  // namespace kurl
