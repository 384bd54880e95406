// Whole-file reads for small inputs named on the command line (-d @file, -w @file).
#pragma once

#include <string>

#include "core/result.h"

namespace kurl {

/// Reads a whole file, or standard input for "-". Errors: exit 26 naming the file.
Result<std::string> read_whole_file(const std::string& path);

}  // namespace kurl
