// -c/--cookie-jar: the run's cookies written out once it has ended, as curl writes its jar.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "http/cookie_jar.h"
#include "output/output_channel.h"

namespace kurl {

/// Writes the cookies of `jar` not expired at `now` to `path` in the Netscape format, with
/// curl's comment lines, even when there are none: to a temporary name beside the file,
/// renamed over it when complete (an existing jar is never left half-written); "-" writes to
/// `stdout_channel` after everything else (its failure is standard output's). Errors: exit 23
/// naming the file.
Error save_cookie_jar(CookieJar& jar, const std::string& path, int64_t now,
                      OutputChannel& stdout_channel);

}  // namespace kurl
