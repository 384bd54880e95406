// --compressed: decodes a response body's Content-Encoding (gzip, deflate, br, zstd) piece by
// piece as it arrives, in bounded memory, and refuses decompression bombs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace kurl {

/// What --compressed asks for, as curl 7.88 built with zlib, brotli and zstd sends it.
inline constexpr const char* kAcceptEncoding = "deflate, gzip, br, zstd";
/// A body that decodes to more than this many bytes...
inline constexpr uint64_t kBombMinDecodedBytes = 10ull << 20;
/// ...and to more than this many times its encoded size is refused as a decompression bomb.
inline constexpr uint64_t kBombMaxRatio = 1000;
/// Codings one response may stack ("gzip, br"), as curl allows.
inline constexpr size_t kMaxCodings = 5;

/// A view of a callable taking one piece of bytes; the callable outlives the call, so no
/// allocation is needed (std::function would allocate for a lambda with a few captures).
template <typename Result>
class PieceCallback {
 public:
  template <typename F>
  PieceCallback(F& f)  // NOLINT: implicit, so a lambda can be passed as it is
      : target_(&f),
        call_([](void* t, std::string_view piece) -> Result {
          return (*static_cast<F*>(t))(piece);
        }) {}
  Result operator()(std::string_view piece) const { return call_(target_, piece); }

 private:
  void* target_;
  Result (*call_)(void*, std::string_view);
};

/// Where decoded bytes go: the body sinks.
using DecodedSink = PieceCallback<void>;
/// Where a coding stage puts its output: the next stage; false stops the decoding (an error).
using StageSink = PieceCallback<bool>;

/// One coding's streaming decoder (an implementation detail of BodyDecoder).
class CodingStage {
 public:
  virtual ~CodingStage() = default;
  /// Decodes `in`, handing each output piece to `next` until it returns false. A corrupt
  /// stream is an error (61).
  virtual Error decode(std::string_view in, const StageSink& next) = 0;
};

/// The decoder of one response body. Without --compressed, or for a body with no coding, it
/// passes bytes through untouched (and allocates nothing).
class BodyDecoder {
 public:
  BodyDecoder();
  ~BodyDecoder();
  BodyDecoder(BodyDecoder&&) noexcept;
  BodyDecoder& operator=(BodyDecoder&&) noexcept;

  /// Starts a body: decodes `content_encoding` (a header value such as "gzip" or "gzip, br",
  /// decoded last coding first) when `enabled`. An unknown coding is an error (61), kept for
  /// error(): the body is then dropped.
  void start(bool enabled, std::optional<std::string_view> content_encoding);
  /// Decodes the next bytes of the body into `sink`. After an error the rest is dropped.
  void feed(std::string_view bytes, const DecodedSink& sink);
  /// The first error (exit 61: unknown coding, corrupt stream, bomb), ok while none.
  const Error& error() const { return error_; }
  /// Body bytes fed and produced so far.
  uint64_t encoded_bytes() const { return encoded_; }
  uint64_t decoded_bytes() const { return decoded_; }

 private:
  /// Runs `bytes` through stages_[stage] and the ones after it, then into `sink`.
  bool decode_from(size_t stage, std::string_view bytes, const DecodedSink& sink);
  /// Counts a decoded piece and hands it to `sink`, unless it makes the body a bomb.
  bool deliver(std::string_view piece, const DecodedSink& sink);

  std::vector<std::unique_ptr<CodingStage>> stages_;  ///< in decoding order
  Error error_;
  uint64_t encoded_ = 0;
  uint64_t decoded_ = 0;
};

}  // namespace kurl
