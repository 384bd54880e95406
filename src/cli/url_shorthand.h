// HTTPie's localhost shorthand for command-line URLs: ":8080/path" is
// "http://localhost:8080/path", ":/path" is "http://localhost/path".
#pragma once

#include <string>
#include <vector>

namespace kurl {

/// The URL a shorthand means; any other text (":foo", "::1", a full URL) is returned unchanged.
std::string expand_localhost_shorthand(const std::string& url);

/// Expands each shorthand among the command-line URLs (a batch's lines are taken as written).
void expand_localhost_shorthands(std::vector<std::string>& urls);

}  // namespace kurl
