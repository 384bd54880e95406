// Where a request's body goes: -o templates, -O remote names, --output-dir.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace kurl {

/// True when an -o value contains a placeholder ({n}, {host}, {path}, {basename}).
bool is_output_template(std::string_view pattern);

/// Expands {n} (1-based index), {host} and {path} (the URL's host and path, each made safe as
/// one file name: no '/', never "..", no leading dot) and {basename} (the last path segment,
/// "index.html" when empty) for one request, into `out` (its capacity kept: no allocation a
/// request once it is large enough).
void expand_output_template(std::string& out, std::string_view pattern, uint64_t index,
                            std::string_view host, std::string_view target);

/// The file name -O uses: the last segment of the URL path, without the query.
/// Errors: exit 23 when the URL has no file name part, as in curl.
Result<std::string> remote_file_name(std::string_view target);

/// The path a body is written to: `name` under --output-dir `dir` ("" = the working
/// directory). It stays inside that directory: an absolute name or one with a ".."
/// component is refused (exit 23), unless the user chose it freely: given on the command
/// line (`from_command_line`, i.e. -o, not a batch line's "output") with no --output-dir.
/// The path goes into `out`, in its own capacity.
Error confine_output_path(std::string_view dir, std::string_view name, bool from_command_line,
                          std::string& out);

}  // namespace kurl
