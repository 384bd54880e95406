// The cookie flags (-b, -c, -j) as plain data.
#pragma once

#include <string>
#include <vector>

namespace kurl {

/// What -b, -c and -j said.
struct CookieOptions {
  /// -b arguments with '=' (and no leading '@'): literal cookies, joined with ';' as curl
  /// joins them, sent on every request.
  std::vector<std::string> literal;
  /// -b arguments without '=' (or "@FILE"): cookie files to load ("-" = standard input).
  std::vector<std::string> files;
  std::string jar;            ///< -c/--cookie-jar FILE ("-" = standard output); "" = none
  bool junk_session = false;  ///< -j/--junk-session-cookies

  /// True when the cookie engine runs: received cookies are kept and sent (-b FILE or -c).
  bool engine() const { return !files.empty() || !jar.empty(); }
};

}  // namespace kurl
