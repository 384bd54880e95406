// Cookie files as curl reads and writes them: the Netscape/Mozilla cookie-jar format (seven
// TAB-separated fields, "#HttpOnly_" before the domain of an HttpOnly cookie) and files of
// "Set-Cookie:" header lines, mixed freely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/cookie_jar.h"

namespace kurl {

/// One Netscape line: domain, include-subdomains TRUE/FALSE, path, secure TRUE/FALSE,
/// expires (Unix seconds, 0 = session), name, value (may be missing: empty). As curl reads
/// it: runs of TABs count as one, a leading '.' on the domain is dropped, a path field that
/// reads TRUE or FALSE is the secure field of the old six-field format (path "/").
/// nullopt for a comment, a blank line or a malformed line.
std::optional<Cookie> parse_netscape_cookie_line(std::string_view line);

/// Reads a cookie file's text into `jar`, line by line: "Set-Cookie:" lines (any case) as
/// headers with no request (no default domain or path), other lines as Netscape lines.
/// Lines curl cannot use (garbage, too few fields, a bad expiry) are skipped without a word,
/// as curl skips them.
void read_cookie_text(std::string_view text, CookieJar& jar, int64_t now);

/// Loads each -b file into `jar`, "-" from standard input. A file that cannot be read is
/// skipped without a word, as curl skips it.
void load_cookie_files(const std::vector<std::string>& files, CookieJar& jar, int64_t now);

/// The jar file curl writes: its three comment lines and a blank line, then one Netscape
/// line per cookie in the order given.
std::string render_cookie_jar(const std::vector<const Cookie*>& cookies);

}  // namespace kurl
