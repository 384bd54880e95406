// The cookie flags and curl's --url, registered on the command line, and what they need
// once parsing is done.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"

namespace CLI {
class App;
}

namespace kurl {

/// Values CLI11 collects for these flags before finish_cookie_flags() sorts them.
struct CookieFlagValues {
  std::vector<std::string> cookie_arguments;  ///< -b, in order
  std::vector<std::string> url_flags;         ///< --url, in order
};

/// Registers -b/--cookie, -c/--cookie-jar, -j/--junk-session-cookies and --url.
void add_cookie_flags(CLI::App& app, Options& o, CookieFlagValues& values);

/// After parsing: splits the -b arguments into literal cookies and files as curl does (an
/// argument with '=' is cookies, unless it starts with '@'), and puts the --url values among
/// the positional URLs in command-line order. Returns a usage error, or "" when all is well.
std::string finish_cookie_flags(const CLI::App& app, const CookieFlagValues& values, Options& o);

}  // namespace kurl
