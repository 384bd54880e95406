// File helpers: whole-file reads of small inputs named on the command line (-d @file,
// -w @file), symlink resolution and anonymous temporary files for output.
#pragma once

#include <string>

#include "core/result.h"

namespace kurl {

/// Reads a whole file, or standard input for "-". Errors: exit 26 naming the file.
Result<std::string> read_whole_file(const std::string& path);

/// The user's home directory as curl finds it: $HOME, else the password database; "" when
/// neither says.
std::string home_directory();

/// Reads a file that may be a pipe or FIFO without ever blocking longer than `timeout_ms`
/// (or past a signal), and refuses directories. For files read while the loop runs (CA
/// bundles, client certificates). Errors carry `failure_code`.
Result<std::string> read_file_bounded(const std::string& path, int timeout_ms,
                                      ExitCode failure_code);

/// The file a write to `path` lands in: `path` itself, or the end of its chain of symlinks
/// (relative links resolved against their own directory). A path that does not exist, or a
/// dangling link's target, is the name to create. It goes into `out` (in its own capacity:
/// a path that is no link costs no allocation). Errors: exit 23 on a loop.
Error resolve_symlinks(const std::string& path, std::string& out);

/// Creates an empty file only this process can reach: made with mkstemp (O_EXCL, mode 0600)
/// in $TMPDIR (or /tmp) and unlinked at once, so no crash leaves it behind. Returns the
/// descriptor (the caller closes it); errors: exit 23 naming the directory.
Result<int> create_unlinked_temp_file(const char* purpose);

}  // namespace kurl
