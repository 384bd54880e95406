#include "cli/url_shorthand.h"

namespace kurl {

std::string expand_localhost_shorthand(const std::string& url) {
  if (!url.starts_with(':')) return url;
  size_t digits_end = url.find_first_not_of("0123456789", 1);
  size_t rest = digits_end == std::string::npos ? url.size() : digits_end;
  // After the port only the path, query or fragment may follow: ":foo" is no shorthand.
  if (rest < url.size() && url[rest] != '/' && url[rest] != '?' && url[rest] != '#') return url;
  std::string expanded = "http://localhost";
  if (rest > 1) expanded += ":" + url.substr(1, rest - 1);
  return expanded + url.substr(rest);
}

void expand_localhost_shorthands(std::vector<std::string>& urls) {
  for (std::string& url : urls) url = expand_localhost_shorthand(url);
}

}  // namespace kurl
