// The headers of a request's current hop: the run's defaults and -H edits, the batch line's
// headers, proxy credentials, and the credentials a redirect must drop.
#pragma once

#include "engine/engine_config.h"
#include "engine/transfer.h"

namespace kurl {

/// Fills transfer.request.headers for its current URL and settles how its body is framed.
/// `scratch` is used (and keeps its memory) only when this request's defaults differ from the
/// run's: URL credentials, netrc (-n), or credentials dropped after a redirect to another origin.
/// Fails (exit 3) when the head could not be written as valid HTTP/1.1: a method or header
/// name that is not a token, a value with CR, LF or NUL, or framing that contradicts the body;
/// exit 26 for a netrc file that cannot be parsed.
Error build_transfer_headers(const EngineConfig& config, Transfer& transfer,
                             HeaderDefaults& scratch);

}  // namespace kurl
