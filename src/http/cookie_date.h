// The cookie-date of an Expires attribute (RFC 6265 5.1.1), which reads all three HTTP date
// formats: "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT" and
// "Sun Nov  6 08:49:37 1994", and the variants servers send around them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kurl {

/// Seconds since the Unix epoch (UTC; negative before 1970), or nullopt when `text` is not a
/// cookie-date: a time, a day of month, a month and a year are all needed, and must be valid
/// (a two-digit year 70-99 is 19xx, 00-69 is 20xx; no year before 1601).
std::optional<int64_t> parse_cookie_date(std::string_view text);

}  // namespace kurl
