// URL globbing as curl 7.88 does it: "{one,two}" sets and "[1-100]", "[001-100]", "[a-z]",
// "[0-100:10]" ranges, expanded one URL at a time so any count runs in constant memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kurl {

/// The most URLs one glob may expand to; more is refused (curl only refuses an overflow).
inline constexpr uint64_t kMaxGlobUrls = 1'000'000'000;

/// True when `url` holds a character that starts or ends a glob ('{', '}', '[', ']'), so
/// parsing is needed at all.
bool may_be_glob(std::string_view url);

/// One URL pattern: literal pieces and globs. Iterates like an odometer whose last glob turns
/// fastest, as curl does: "{a,b}/[1-2]" gives a/1, a/2, b/1, b/2.
class UrlGlob {
 public:
  /// Parses `url` with curl's rules: "\{", "\[", "\}", "\]" are literal; "[]" and an IPv6
  /// literal such as "[::1]" are left alone. Errors (exit 3) read as curl's, naming the
  /// 1-based position: "bad range in URL position 25: URL".
  static Result<UrlGlob> parse(std::string_view url);

  /// The number of URLs it expands to (1 for a plain URL).
  uint64_t count() const { return count_; }
  /// The number of globs ("{...}" and "[...]") in it: #1..#globs() in -o refer to them.
  size_t globs() const { return glob_count_; }
  /// The current URL (the first until advance() is called).
  void current(std::string& out) const;
  /// Moves to the next URL; false (and back at the first) after the last one.
  bool advance();
  /// `pattern` (an -o value) with each "#N" replaced by the current value of the N-th glob.
  /// A "#N" naming no glob stays as written, as in curl.
  std::string expand_output(std::string_view pattern) const;

 private:
  struct Piece {
    enum class Kind { Literal, Set, CharRange, NumRange };
    Kind kind = Kind::Literal;
    std::vector<std::string> elements;  ///< Literal: one; Set: each element
    uint64_t first = 0, last = 0, step = 1;
    uint64_t value = 0;      ///< the current element (Set) or number or character (ranges)
    unsigned pad_width = 0;  ///< NumRange: zero-padded to this many digits ("[001-100]")
  };
  struct Parser;

  void append_value(const Piece& piece, std::string& out) const;

  std::vector<Piece> pieces_;
  uint64_t count_ = 1;
  size_t glob_count_ = 0;
};

}  // namespace kurl
