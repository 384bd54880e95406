// The engine's configuration from the parsed command line: every flag's value checked and
// turned into what the engine, its pool and its policies use. Reads no request's data; the
// files it must know before the run (netrc, -d @file sizes) are checked here.
#pragma once

#include "cli/options.h"
#include "core/result.h"
#include "engine/engine_config.h"

namespace kurl {

/// The engine's configuration for `options`. Errors: the usage or read error (2, 26, 49...)
/// of the first value that cannot be used, before any request.
Result<EngineConfig> make_engine_config(const Options& options);

}  // namespace kurl
