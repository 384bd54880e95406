// Does a body look binary? Asked only for bodies bound for a terminal (output/terminal_body).
#pragma once

#include <cstddef>
#include <string_view>

namespace kurl {

/// The body bytes looked at, as curl looks at the first 2000 bytes for a NUL.
inline constexpr size_t kBinaryCheckBytes = 2000;

/// Watches the first kBinaryCheckBytes of a body as they arrive, in any split: a NUL byte or
/// bytes that are not UTF-8 there mean binary (a sequence cut by the end of that window, or
/// of the body, is given the benefit of the doubt). Text in a legacy 8-bit encoding counts as
/// binary too.
class BinaryCheck {
 public:
  /// Looks at what of `bytes` falls within the window; true once the body looks binary.
  bool feed(std::string_view bytes);
  bool binary() const { return binary_; }
  void reset() { *this = BinaryCheck(); }

 private:
  size_t seen_ = 0;
  int continuation_ = 0;  ///< continuation bytes the current UTF-8 sequence still needs
  unsigned char lowest_ = 0x80, highest_ = 0xbf;  ///< the range allowed for the next one
  bool binary_ = false;
};

}  // namespace kurl
