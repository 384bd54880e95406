#include "core/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kurl {

namespace {
char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool header_has_token(std::string_view value, std::string_view token) {
  ListItems items(value);
  while (std::optional<std::string_view> item = items.next()) {
    if (iequals(*item, token)) return true;
  }
  return false;
}

std::optional<double> parse_seconds(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  if (!std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

std::optional<uint64_t> parse_uint(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<uint64_t> parse_byte_count(std::string_view s) {
  unsigned shift = 0;
  if (!s.empty()) {
    switch (s.back()) {
      case 'k':
      case 'K':
        shift = 10;
        break;
      case 'm':
      case 'M':
        shift = 20;
        break;
      case 'g':
      case 'G':
        shift = 30;
        break;
      default:
        break;
    }
  }
  if (shift != 0) s.remove_suffix(1);
  std::optional<uint64_t> n = parse_uint(s);
  if (!n || *n > (UINT64_MAX >> shift)) return std::nullopt;
  return *n << shift;
}

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

namespace {

constexpr char kHex[] = "0123456789abcdef";

// One character of a byte string, as the escapers see it.
struct Unit {
  size_t length = 1;  ///< bytes: 1 for ASCII and for a byte that is not valid UTF-8
  bool safe = false;  ///< printable ASCII, or a UTF-8 sequence that is not a C1 control
};

// The length of the valid multi-byte UTF-8 sequence `s` starts with, 0 when there is none
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
size_t utf8_sequence_length(std::string_view s) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char lead = at(0);
  size_t length = 0;
  unsigned char second_low = 0x80, second_high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) second_low = 0xa0;   // overlong
    if (lead == 0xed) second_high = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) second_low = 0x90;   // overlong
    if (lead == 0xf4) second_high = 0x8f;  // above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < length || at(1) < second_low || at(1) > second_high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (at(i) < 0x80 || at(i) > 0xbf) return 0;
  }
  return length;
}

Unit next_unit(std::string_view s) {
  auto lead = static_cast<unsigned char>(s[0]);
  if (lead < 0x80) return {1, lead >= 0x20 && lead != 0x7f};
  size_t length = utf8_sequence_length(s);
  if (length == 0) return {1, false};
  bool c1_control = lead == 0xc2 && static_cast<unsigned char>(s[1]) <= 0x9f;
  return {length, !c1_control};
}

void append_hex_byte(std::string& out, const char* prefix, unsigned char c) {
  out.append(prefix);
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xf]);
}

// A short form for the common control characters, or nullptr.
const char* short_escape(char c) {
  switch (c) {
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return nullptr;
  }
}

void escape_json_unit(std::string& out, std::string_view unit) {
  auto first = static_cast<unsigned char>(unit[0]);
  if (unit.size() == 2) {  // a C1 control: its code point is the second byte
    append_hex_byte(out, "\\u00", static_cast<unsigned char>(unit[1]));
  } else if (first == '"' || first == '\\') {
    out.push_back('\\');
    out.push_back(static_cast<char>(first));
  } else if (const char* shorter = short_escape(unit[0])) {
    out.append(shorter);
  } else {
    append_hex_byte(out, "\\u00", first);
  }
}

void escape_printable_unit(std::string& out, std::string_view unit) {
  if (const char* shorter = short_escape(unit[0])) {
    out.append(shorter);
    return;
  }
  for (char c : unit) append_hex_byte(out, "\\x", static_cast<unsigned char>(c));
}

enum class Escaping { Json, Printable };

// Walks `s`, appending each run of units that need no escaping whole and escaping the others.
void append_escaped(std::string& out, std::string_view s, Escaping escaping) {
  size_t run = 0;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    bool json_special = escaping == Escaping::Json && (c == '"' || c == '\\');
    if (c >= 0x20 && c < 0x7f && !json_special) {  // printable ASCII: the common case, fast
      ++i;
      continue;
    }
    Unit unit = next_unit(s.substr(i));
    if (unit.safe && !json_special) {
      i += unit.length;
      continue;
    }
    out.append(s.substr(run, i - run));
    std::string_view bytes = s.substr(i, unit.length);
    if (escaping == Escaping::Json) {
      escape_json_unit(out, bytes);
    } else {
      escape_printable_unit(out, bytes);
    }
    i += unit.length;
    run = i;
  }
  out.append(s.substr(run));
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  append_escaped(out, s, Escaping::Json);
  out.push_back('"');
}

void append_decimal(std::string& out, uint64_t number, int min_digits) {
  char digits[24];  // holds any uint64_t
  char* end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  for (auto count = end - digits; count < min_digits; ++count) out.push_back('0');
  out.append(digits, end);
}

void append_printable(std::string& out, std::string_view s) {
  append_escaped(out, s, Escaping::Printable);
}

std::string printable(std::string_view s) {
  std::string out;
  append_printable(out, s);
  return out;
}

std::string format_seconds(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", seconds);
  return buf;
}

}  // namespace kurl
