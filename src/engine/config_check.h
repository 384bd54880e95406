// Checks, before any request is sent, that what the command line puts into every request
// head can be written as valid HTTP/1.1 (a usage error otherwise, exit 2).
#pragma once

#include <string_view>

#include "core/error.h"
#include "engine/engine_config.h"

namespace kurl {

/// -X must be a token; -H names tokens and values without control bytes (CR, LF, NUL...);
/// -A, -e, -u and -b cookie data without them either (`user` is -u as given, before it is
/// encoded); a -H
/// Content-Length must match the body of -d. curl lets -H inject header lines; kurl refuses.
Error check_request_inputs(const EngineConfig& config, std::string_view user);

}  // namespace kurl
