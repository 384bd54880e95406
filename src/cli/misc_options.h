// The miscellaneous curl flags scripts use (issue 14): plain data, as the command line says.
#pragma once

#include <optional>
#include <string>

namespace kurl {

/// -D, -n, ... (cli/misc_flags.cpp registers them).
struct MiscOptions {
  std::string dump_header;      ///< -D/--dump-header FILE, "-" = standard output, "" = none
  std::string trace_ascii;      ///< --trace-ascii FILE, "-" = standard output, "" = none
  bool progress_bar = false;    ///< -#/--progress-bar: curl's bar for a single download
  bool netrc = false;           ///< -n/--netrc: credentials from ~/.netrc
  std::string netrc_file;       ///< --netrc-file FILE instead of ~/.netrc (implies -n)
  bool netrc_optional = false;  ///< --netrc-optional: as -n, a URL's own password kept
  std::optional<std::string> oauth2_bearer;  ///< --oauth2-bearer TOKEN ("" is a token too)
  bool basic = false;                        ///< --basic: HTTP Basic, the default
  bool location_trusted = false;             ///< --location-trusted: -L, credentials to all hosts
  bool post301 = false, post302 = false, post303 = false;  ///< --post301/302/303
  bool path_as_is = false;    ///< --path-as-is: "/./" and "/../" sent as given
  bool http10 = false;        ///< -0/--http1.0
  bool no_keepalive = false;  ///< --no-keepalive: no TCP keepalive probes, whatever --tcp-keepalive
};

}  // namespace kurl
