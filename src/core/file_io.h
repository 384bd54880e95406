// Whole-file reads for small inputs named on the command line (-d @file, -w @file).
#pragma once

#include <string>

#include "core/result.h"

namespace kurl {

/// Reads a whole file, or standard input for "-". Errors: exit 26 naming the file.
Result<std::string> read_whole_file(const std::string& path);

/// Reads a file that may be a pipe or FIFO without ever blocking longer than `timeout_ms`
/// (or past a signal), and refuses directories. For files read while the loop runs (CA
/// bundles, client certificates). Errors carry `failure_code`.
Result<std::string> read_file_bounded(const std::string& path, int timeout_ms,
                                      ExitCode failure_code);

}  // namespace kurl
