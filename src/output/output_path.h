// Where a request's body goes: -o templates, -O remote names, --output-dir.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace kurl {

/// True when an -o value contains a placeholder ({n}, {host}, {path}, {basename}).
bool is_output_template(std::string_view pattern);

/// Expands {n} (1-based index), {host}, {path} (the URL path made safe as one file name)
/// and {basename} (the last path segment, "index.html" when empty) for one request.
std::string expand_output_template(std::string_view pattern, uint64_t index, std::string_view host,
                                   std::string_view target);

/// The file name -O uses: the last segment of the URL path, without the query.
/// Errors: exit 23 when the URL has no file name part, as in curl.
Result<std::string> remote_file_name(std::string_view target);

/// Joins --output-dir and a file name ("" dir leaves the name alone; absolute names win).
std::string join_output_dir(std::string_view dir, std::string_view name);

}  // namespace kurl
