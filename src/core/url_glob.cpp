#include "core/url_glob.h"

#include <arpa/inet.h>

#include <limits>

namespace kurl {

namespace {

/// curl's GLOB_PATTERN_NUM: pieces (literal runs and globs) one URL may have.
constexpr size_t kMaxPieces = 100;

/// How many letters a character range may span, as curl allows: 'a' to 'z'.
constexpr unsigned kMaxCharSpan = 'z' - 'a';

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// A number read as strtoul reads it at `at`; `end` is where it stopped (== `at` when no
/// digits were found, as strtoul's endptr). `prefix` allows strtoul's leading blanks and sign.
struct Number {
  uint64_t value = 0;
  size_t end = 0;
  bool overflow = false;
};

Number read_number(std::string_view text, size_t at, bool prefix) {
  Number number;
  number.end = at;
  size_t i = at;
  bool negative = false;
  if (prefix) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  }
  size_t digits_start = i;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (number.value > (std::numeric_limits<uint64_t>::max() - digit) / 10) number.overflow = true;
    number.value = number.value * 10 + digit;
  }
  if (i == digits_start) return number;  // no digits: strtoul reports no conversion
  number.end = i;
  if (negative) number.value = 0 - number.value;  // strtoul negates in unsigned arithmetic
  return number;
}

/// The length of an IPv6 literal ("[::1]", "[fe80::1%25eth0]") starting at `at`, 0 if none:
/// curl leaves those alone rather than reading them as a range.
size_t ipv6_literal_length(std::string_view text, size_t at) {
  size_t close = text.find(']', at);
  if (close == std::string_view::npos) return 0;
  std::string_view inside = text.substr(at + 1, close - at - 1);
  std::string address(inside.substr(0, inside.find('%')));
  if (address.empty()) return 0;
  in6_addr parsed{};
  return inet_pton(AF_INET6, address.c_str(), &parsed) == 1 ? close - at + 1 : 0;
}

bool multiply_count(uint64_t& count, uint64_t by) {
  if (by != 0 && count > std::numeric_limits<uint64_t>::max() / by) return false;
  count *= by;
  return true;
}

}  // namespace

bool may_be_glob(std::string_view url) {
  return url.find_first_of("{}[]") != std::string_view::npos;
}

/// Walks the URL once, with curl's positions: 1-based, at the character being looked at.
struct UrlGlob::Parser {
  std::string_view url;
  UrlGlob& glob;
  size_t at = 0;

  Error fail(const char* what, size_t position) const {
    return Error(ExitCode::MalformedUrl,
                 std::string(what) + " in URL position " + std::to_string(position) + ": " +
                     std::string(url));
  }

  Error run() {
    while (at < url.size()) {
      Error error = url[at] == '{' ? set() : url[at] == '[' && !literal_bracket() ? range() : literal();
      if (!error.ok()) return error;
      if (glob.pieces_.size() >= kMaxPieces) return fail("too many globs", at + 1);
    }
    if (glob.count_ > kMaxGlobUrls) {
      return Error(ExitCode::MalformedUrl, "too many URLs in glob (more than " +
                                               std::to_string(kMaxGlobUrls) + "): " + std::string(url));
    }
    return Error();
  }

  // "[]" and an IPv6 address are literal text.
  size_t literal_bracket_length() const {
    size_t skip = ipv6_literal_length(url, at);
    if (skip == 0 && at + 1 < url.size() && url[at + 1] == ']') skip = 2;
    return skip;
  }
  bool literal_bracket() const { return literal_bracket_length() > 0; }

  Error literal() {
    Piece piece;
    std::string& text = piece.elements.emplace_back();
    while (at < url.size() && url[at] != '{') {
      if (url[at] == '[') {
        size_t skip = literal_bracket_length();
        if (skip == 0) break;
        text.append(url.substr(at, skip));
        at += skip;
        continue;
      }
      if (url[at] == '}' || url[at] == ']') return fail("unmatched close brace/bracket", at + 1);
      // Only the four glob characters can be escaped; any other backslash stays.
      if (url[at] == '\\' && at + 1 < url.size() &&
          std::string_view("{}[]").find(url[at + 1]) != std::string_view::npos) {
        ++at;
      }
      text.push_back(url[at++]);
    }
    glob.pieces_.push_back(std::move(piece));
    return Error();
  }

  Error set() {
    size_t open = at++;
    Piece piece;
    piece.kind = Piece::Kind::Set;
    std::string element;
    for (;;) {
      if (at >= url.size()) return fail("unmatched brace", open + 1);
      char c = url[at];
      if (c == '{' || c == '[') return fail("nested brace", at + 1);
      if (c == ']') return fail("unexpected close bracket", at + 1);
      if (c == '}' && at == open + 1) return fail("empty string within braces", at + 1);
      if (c == ',' || c == '}') {
        piece.elements.push_back(std::move(element));
        element.clear();
        ++at;
        if (c == '}') break;
        continue;
      }
      if (c == '\\' && at + 1 < url.size()) ++at;  // inside braces any character can be escaped
      element.push_back(url[at++]);
    }
    if (!multiply_count(glob.count_, piece.elements.size())) return fail("range overflow", at + 1);
    add_glob(std::move(piece));
    return Error();
  }

  void add_glob(Piece piece) {
    piece.value = piece.kind == Piece::Kind::Set ? 0 : piece.first;
    glob.pieces_.push_back(std::move(piece));
    ++glob.glob_count_;
  }

  Error range() {
    size_t start = ++at;
    if (at < url.size() && is_alpha(url[at])) return char_range(start);
    if (at < url.size() && is_digit(url[at])) return number_range(start);
    return fail("bad range specification", start + 1);
  }

  // "[a-z]" or "[a-z:2]", parsed as curl's sscanf("%c-%c%c") does.
  Error char_range(size_t start) {
    bool well_formed = start + 3 < url.size() && url[start + 1] == '-';
    uint64_t step = 1;
    size_t stop = start;
    if (well_formed && url[start + 3] == ':') {
      Number n = read_number(url, start + 4, true);
      if (n.overflow || n.end == start + 4 || n.end >= url.size() || url[n.end] != ']') {
        step = 0;
      } else {
        step = n.value;
        stop = n.end + 1;
      }
    } else if (well_formed && url[start + 3] == ']') {
      stop = start + 4;
    } else {
      well_formed = false;
    }
    at = stop;
    if (!well_formed) return fail("bad range", stop + 1);
    auto first = static_cast<unsigned char>(url[start]);
    auto last = static_cast<unsigned char>(url[start + 2]);
    bool bad = step == 0 || step > static_cast<uint64_t>(std::numeric_limits<int>::max()) ||
               (first == last && step != 1) ||
               (first != last && (first > last || step > static_cast<uint64_t>(last - first) ||
                                  static_cast<unsigned>(last - first) > kMaxCharSpan));
    if (bad) return fail("bad range", stop + 1);
    return add_range(Piece::Kind::CharRange, first, last, step, 0, stop);
  }

  // "[1-100]", "[001-100]" (zero-padded to the first number's digits), "[0-100:10]".
  Error number_range(size_t start) {
    unsigned pad = 0;
    if (url[start] == '0') {
      for (size_t i = start; i < url.size() && is_digit(url[i]); ++i) ++pad;
    }
    size_t stop = start;
    bool well_formed = false;
    Number first = read_number(url, start, false), last, step;
    if (!first.overflow && first.end < url.size() && url[first.end] == '-') {
      stop = first.end + 1;
      while (stop < url.size() && (url[stop] == ' ' || url[stop] == '\t')) ++stop;
      if (stop < url.size() && is_digit(url[stop])) {
        last = read_number(url, stop, false);
        size_t end = last.end;
        step.value = 1;
        if (!last.overflow && end < url.size() && url[end] == ':') {
          stop = end + 1;
          step = read_number(url, stop, true);
          end = step.end;
        }
        if (!last.overflow && !step.overflow && end < url.size() && url[end] == ']') {
          stop = end + 1;
          well_formed = true;
        }
      }
    }
    at = stop;
    bool bad = !well_formed || step.value == 0 || (first.value == last.value && step.value != 1) ||
               (first.value != last.value &&
                (first.value > last.value || step.value > last.value - first.value));
    if (bad) return fail("bad range", stop + 1);
    return add_range(Piece::Kind::NumRange, first.value, last.value, step.value, pad, stop);
  }

  Error add_range(Piece::Kind kind, uint64_t first, uint64_t last, uint64_t step, unsigned pad,
                  size_t stop) {
    uint64_t steps = (last - first) / step;
    if (steps == std::numeric_limits<uint64_t>::max() || !multiply_count(glob.count_, steps + 1)) {
      return fail("range overflow", stop + 1);
    }
    Piece piece;
    piece.kind = kind;
    piece.first = first;
    piece.last = last;
    piece.step = step;
    piece.pad_width = pad;
    add_glob(std::move(piece));
    return Error();
  }
};

Result<UrlGlob> UrlGlob::parse(std::string_view url) {
  UrlGlob glob;
  Parser parser{url, glob};
  Error error = parser.run();
  if (!error.ok()) return error;
  return glob;
}

void UrlGlob::append_value(const Piece& piece, std::string& out) const {
  switch (piece.kind) {
    case Piece::Kind::Literal:
      out += piece.elements.front();
      break;
    case Piece::Kind::Set:
      out += piece.elements[piece.value];
      break;
    case Piece::Kind::CharRange:
      out.push_back(static_cast<char>(piece.value));
      break;
    case Piece::Kind::NumRange: {
      std::string digits = std::to_string(piece.value);
      if (digits.size() < piece.pad_width) out.append(piece.pad_width - digits.size(), '0');
      out += digits;
      break;
    }
  }
}

void UrlGlob::current(std::string& out) const {
  out.clear();
  for (const Piece& piece : pieces_) append_value(piece, out);
}

bool UrlGlob::advance() {
  for (auto piece = pieces_.rbegin(); piece != pieces_.rend(); ++piece) {
    switch (piece->kind) {
      case Piece::Kind::Literal:
        continue;
      case Piece::Kind::Set:
        if (++piece->value < piece->elements.size()) return true;
        piece->value = 0;
        continue;
      case Piece::Kind::CharRange:
      case Piece::Kind::NumRange:
        if (piece->last - piece->value >= piece->step) {
          piece->value += piece->step;
          return true;
        }
        piece->value = piece->first;
        continue;
    }
  }
  return false;
}

std::string UrlGlob::expand_output(std::string_view pattern) const {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '#' || i + 1 >= pattern.size() || !is_digit(pattern[i + 1])) {
      out.push_back(pattern[i++]);
      continue;
    }
    Number n = read_number(pattern, i + 1, false);
    if (n.overflow || n.value == 0 || n.value > glob_count_) {
      out.push_back(pattern[i++]);  // "#9" with fewer globs: kept as written
      continue;
    }
    uint64_t wanted = n.value;
    for (const Piece& piece : pieces_) {
      if (piece.kind != Piece::Kind::Literal && --wanted == 0) append_value(piece, out);
    }
    i = n.end;
  }
  return out;
}

}  // namespace kurl
