// Small pure string helpers shared by every layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kurl {

/// ASCII case-insensitive equality (HTTP header names, schemes, tokens).
bool iequals(std::string_view a, std::string_view b);

/// Lower-cases ASCII letters.
std::string to_lower(std::string_view s);

/// Strips spaces and tabs from both ends (HTTP optional white space).
std::string_view trim_ows(std::string_view s);

/// True when the comma-separated header value contains `token` (case-insensitive).
bool header_has_token(std::string_view value, std::string_view token);

/// Parses a non-negative decimal number of seconds ("15", "0.5"); nullopt when malformed.
std::optional<double> parse_seconds(std::string_view s);

/// Parses an unsigned decimal integer without sign or spaces; nullopt on overflow or junk.
std::optional<uint64_t> parse_uint(std::string_view s);

/// Appends `s` to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view s);

/// Formats seconds with six decimals, the way curl's -w prints times.
std::string format_seconds(double seconds);

}  // namespace kurl
