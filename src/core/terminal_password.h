// -u USER without ":PASSWORD": the password typed on the terminal, as curl asks for it.
#pragma once

#include <string>

namespace kurl {

/// The most bytes of a typed password kept; the rest of the line is read and dropped.
inline constexpr size_t kMaxPasswordBytes = 4096;

/// Writes `prompt` to the terminal (/dev/tty, else stderr) and reads one line from it with
/// echo off, restored afterwards even when a signal ends kurl meanwhile. The read ends at
/// the end of the line, at EOF (Ctrl-D) or when the terminal closes.
std::string read_password_from_terminal(const std::string& prompt);

/// Completes a -u value: "USER" becomes "USER:PASSWORD" with the password asked for on the
/// terminal when standard input is one ("Enter host password for user 'USER':"), else
/// "USER:" (an empty password). A value with a ':' or an empty one is left as it is.
/// Called before the run starts, so the engine loop never waits on a person.
void ask_missing_password(std::string& user);

}  // namespace kurl
