// The run's request body from the command line (-d and its kin, -F, -T, -G), prepared before
// the loop starts: what curl reads whole is read, files sent later are only stat'ed (and
// counted, for -d @file's stripped newlines), and a missing file fails here, before any
// request.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"
#include "engine/engine_config.h"

namespace kurl {

/// Fills config.body, has_body, upload, the body's Content-Type and Accept, and the -G query
/// and -T file name. Errors: 26 naming an unreadable file, 2 for a malformed -F; `warnings`
/// gets curl's warnings (an unknown ;key= in -F).
Error make_run_body(const Options& options, EngineConfig& config,
                    std::vector<std::string>& warnings);

/// --data-urlencode's encoding, as curl 7.88's: a space as '+', all else but A-Z a-z 0-9
/// - . _ ~ as %XX.
std::string url_encode(std::string_view text);

}  // namespace kurl
