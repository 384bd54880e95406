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

/// The items of a comma-separated list, each without the optional whitespace around it
/// (RFC 9110 5.6.1), one at a time, empty items included; an empty list has none:
/// `ListItems items(value); while (auto item = items.next()) ...`. `separators` may add
/// more separating characters (no_proxy also splits at spaces).
class ListItems {
 public:
  explicit ListItems(std::string_view list, std::string_view separators = ",")
      : rest_(list), separators_(separators), done_(list.empty()) {}

  std::optional<std::string_view> next() {
    if (done_) return std::nullopt;
    size_t end = rest_.find_first_of(separators_);
    std::string_view item = trim_ows(rest_.substr(0, end));
    if (end == std::string_view::npos) {
      done_ = true;
    } else {
      rest_.remove_prefix(end + 1);
    }
    return item;
  }

 private:
  std::string_view rest_;
  std::string_view separators_;
  bool done_;
};

/// True when the comma-separated header value contains `token` (case-insensitive).
bool header_has_token(std::string_view value, std::string_view token);

/// Parses a non-negative decimal number of seconds ("15", "0.5"); nullopt when malformed.
std::optional<double> parse_seconds(std::string_view s);

/// Parses an unsigned decimal integer without sign or spaces; nullopt on overflow or junk.
std::optional<uint64_t> parse_uint(std::string_view s);

/// Parses a byte count with an optional binary suffix k, M or G ("512", "64k", "1M");
/// nullopt when malformed or above 2^64.
std::optional<uint64_t> parse_byte_count(std::string_view s);

/// True for a character of a URL scheme after its first letter (RFC 3986: ALPHA DIGIT + - .).
bool is_scheme_char(char c);

/// Appends `s` to `out` as a JSON string literal, quotes included, valid UTF-8 whatever `s`
/// holds: '"' and '\\' are escaped, control characters (C0, DEL and the C1 range U+0080 to
/// U+009F) become \uXXXX, and each byte that is not part of valid UTF-8 becomes \u00XX, the
/// byte's value read as Latin-1. Copies runs that need no escaping in one piece.
void append_json_string(std::string& out, std::string_view s);

/// Appends `s` as it is safe to print in a message, a log line or on a terminal: printable
/// ASCII and valid UTF-8 pass; CR, LF and TAB become \r \n \t; every other control byte
/// (C0, DEL), each byte of a C1 control (U+0080 to U+009F, which terminals read as ESC
/// sequences) and each byte that is not valid UTF-8 becomes \xHH. Copies `s` in one piece when
/// nothing needs escaping.
void append_printable(std::string& out, std::string_view s);

/// append_printable() into a new string.
std::string printable(std::string_view s);

/// Appends `number` in decimal, zero-padded to at least `min_digits` digits; allocates only
/// when `out` has no room.
void append_decimal(std::string& out, uint64_t number, int min_digits = 0);

/// Formats seconds with six decimals, the way curl's -w prints times.
std::string format_seconds(double seconds);

}  // namespace kurl
