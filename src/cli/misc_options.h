// The miscellaneous curl flags scripts use (issue 14): plain data, as the command line says.
#pragma once

#include <string>

namespace kurl {

/// -D, -n, ... (cli/misc_flags.cpp registers them).
struct MiscOptions {
  std::string dump_header;      ///< -D/--dump-header FILE, "-" = standard output, "" = none
  bool netrc = false;           ///< -n/--netrc: credentials from ~/.netrc
  std::string netrc_file;       ///< --netrc-file FILE instead of ~/.netrc (implies -n)
  bool netrc_optional = false;  ///< --netrc-optional: as -n, a URL's own password kept
};

}  // namespace kurl
