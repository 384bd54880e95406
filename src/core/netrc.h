// The netrc file (-n/--netrc, --netrc-file, --netrc-optional), read as curl 7.88 reads it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kurl {

/// The login and password a netrc entry gives one host (either may be empty).
struct NetrcEntry {
  std::string login;
  std::string password;
};

/// Finds the credentials for `host` in a netrc file's `text`, with curl 7.88's parser:
/// tokens separated by blanks and line ends; "machine NAME" (the name compared without
/// case), "default" (any host), "login", "password" and "macdef" (its body, up to the next
/// empty line, skipped); a token that starts with '#' makes the rest of its line a comment; a
/// value in double quotes may hold blanks and the escapes \n \r \t (a backslash keeps any
/// other character). The search ends at the first entry that gave both a login and a password,
/// so what follows is never read. An entry with a login and no password has an empty one.
/// nullopt when nothing fits `host`. Error (exit 26, naming `file` and the line): a quoted
/// value with no closing quote.
Result<std::optional<NetrcEntry>> netrc_lookup(std::string_view text, std::string_view host,
                                               std::string_view file);

}  // namespace kurl
