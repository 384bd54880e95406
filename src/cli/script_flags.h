// CLI11 set-up for the ScriptOptions flags (see script_options.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/options.h"

namespace kurl {

/// Adds -g/--globoff, -Z, --parallel[=N], --parallel-max, --parallel-immediate, --compressed.
void add_script_flags(CLI::App& app, Options& o);

/// After parsing: settles the requests in flight from -P N, --parallel=N, -Z and
/// --parallel-max. Returns a usage error, "" when all is well.
std::string finish_script_flags(const CLI::App& app, Options& o);

}  // namespace kurl
