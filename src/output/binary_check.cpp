#include "output/binary_check.h"

namespace kurl {

namespace {

/// How a UTF-8 sequence starting with `lead` goes on: how many continuation bytes and the
/// range of the first one (which rules out overlong forms, surrogates and past U+10FFFF).
/// -1 when `lead` cannot start a sequence.
int continuation_after(unsigned char lead, unsigned char& lowest, unsigned char& highest) {
  lowest = 0x80;
  highest = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) {
    if (lead == 0xe0) lowest = 0xa0;
    if (lead == 0xed) highest = 0x9f;
    return 2;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (lead == 0xf0) lowest = 0x90;
    if (lead == 0xf4) highest = 0x8f;
    return 3;
  }
  return -1;
}

}  // namespace

bool BinaryCheck::feed(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size() && seen_ < kBinaryCheckBytes && !binary_; ++i, ++seen_) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    if (continuation_ > 0) {
      binary_ = byte < lowest_ || byte > highest_;
      lowest_ = 0x80;
      highest_ = 0xbf;
      --continuation_;
    } else if (byte == 0) {
      binary_ = true;
    } else if (byte >= 0x80) {
      continuation_ = continuation_after(byte, lowest_, highest_);
      binary_ = continuation_ < 0;
    }
  }
  return binary_;
}

}  // namespace kurl
