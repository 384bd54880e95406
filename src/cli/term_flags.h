// Registers --color and --pretty (cli/term_options.h) with the command line.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/options.h"

namespace kurl {

/// Adds --color and --pretty to `app`'s "Output" group, filling `o.term`.
void add_term_flags(CLI::App& app, Options& o);

}  // namespace kurl
