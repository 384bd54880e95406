// Registers the flags of ConnectOptions on the command line.
#pragma once

#include "cli/options.h"

namespace CLI {
class App;
}

namespace kurl {

/// Adds --resolve, --connect-to, --unix-socket, --abstract-unix-socket, -4, -6 (where to
/// connect) and -r, -C, --limit-rate, --max-filesize (ranges and limits), group Connections.
void add_connect_flags(CLI::App& app, Options& o);

/// A size as curl's --limit-rate and --max-filesize read it: digits with an optional unit
/// K, M, G (powers of 1024) or B (bytes); nullopt when malformed.
std::optional<uint64_t> parse_size_with_unit(std::string_view text);

}  // namespace kurl
