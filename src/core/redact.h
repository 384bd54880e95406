// Credentials never reach what kurl prints: the one rule for showing a URL (or any text that
// names URLs) in errors, -v, --report, -w and --stats.
#pragma once

#include <string>
#include <string_view>

namespace kurl {

/// Appends `text` with the user information of every URL in it removed, "user:password@"
/// and its '@' alike, as curl strips them from the effective URL: of the URL the text starts
/// with (with or without "scheme://", as parse_url() reads it) and of every "scheme://" later
/// in the text (a batch line quoted whole). The userinfo is what parse_url() would take: up
/// to the last '@' before the next '/', '?' or '#'. Copies `text` in one piece when it holds
/// no '@'.
void append_without_credentials(std::string& out, std::string_view text);

/// append_without_credentials() into a new string.
std::string without_credentials(std::string_view text);

}  // namespace kurl
