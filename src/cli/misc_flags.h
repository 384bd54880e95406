// Registers the miscellaneous curl flags (cli/misc_options.h) with the command line.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/options.h"

namespace kurl {

/// Adds -D, ... to `app`, filling `o.misc`; each flag joins the help group it belongs to.
void add_misc_flags(CLI::App& app, Options& o);

/// After parsing: of -v and --trace-ascii, the one given last wins, as in curl.
void settle_misc_flags(const CLI::App& app, Options& o);

}  // namespace kurl
