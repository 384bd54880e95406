// The miscellaneous curl flags scripts use (issue 14): plain data, as the command line says.
#pragma once

#include <string>

namespace kurl {

/// -D, ... (cli/misc_flags.cpp registers them).
struct MiscOptions {
  std::string dump_header;  ///< -D/--dump-header FILE, "-" = standard output, "" = none
};

}  // namespace kurl
