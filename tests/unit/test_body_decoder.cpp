#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "http/body_decoder.h"

namespace {

using kurl::BodyDecoder;
using kurl::ExitCode;

// window_bits: 16 + 15 gzip, 15 zlib ("deflate" as the RFC means it), -15 raw deflate.
std::string zlib_encode(const std::string& plain, int window_bits) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 9,
                       Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, plain.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  stream.avail_in = static_cast<uInt>(plain.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string brotli_encode(const std::string& plain) {
  size_t size = BrotliEncoderMaxCompressedSize(plain.size()) + 64;
  std::string out(size, '\0');
  REQUIRE(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                plain.size(), reinterpret_cast<const uint8_t*>(plain.data()),
                                &size, reinterpret_cast<uint8_t*>(out.data())) == BROTLI_TRUE);
  out.resize(size);
  return out;
}

std::string zstd_encode(const std::string& plain) {
  std::string out(ZSTD_compressBound(plain.size()), '\0');
  size_t size = ZSTD_compress(out.data(), out.size(), plain.data(), plain.size(), 3);
  REQUIRE_FALSE(ZSTD_isError(size));
  out.resize(size);
  return out;
}

std::string encode(const std::string& coding, const std::string& plain) {
  if (coding == "gzip") return zlib_encode(plain, 16 + 15);
  if (coding == "deflate") return zlib_encode(plain, 15);
  if (coding == "raw-deflate") return zlib_encode(plain, -15);
  if (coding == "br") return brotli_encode(plain);
  return zstd_encode(plain);
}

// Text that compresses, but not to nothing: lines with their numbers.
std::string sample(size_t lines) {
  std::string text;
  for (size_t i = 0; i < lines; ++i) text += "line " + std::to_string(i * 7919 % 10007) + " of a body\n";
  return text;
}

struct Decoded {
  std::string body;
  kurl::Error error;
  size_t pieces = 0;
  size_t largest_piece = 0;
};

// Feeds `encoded` in pieces of `split` bytes.
Decoded decode(const std::string& content_encoding, const std::string& encoded, size_t split) {
  BodyDecoder decoder;
  decoder.start(true, content_encoding);
  Decoded out;
  auto sink = [&out](std::string_view piece) {
    out.body.append(piece);
    ++out.pieces;
    out.largest_piece = std::max(out.largest_piece, piece.size());
  };
  for (size_t at = 0; at < encoded.size(); at += split) {
    decoder.feed(std::string_view(encoded).substr(at, split), sink);
  }
  out.error = decoder.error();
  CHECK(decoder.encoded_bytes() == encoded.size());
  return out;
}

}  // namespace

TEST_CASE("body decoder: each coding round-trips, whole and split at any size") {
  std::string plain = sample(20000);  // ~450 KB: many 16 KiB output pieces
  for (std::string coding : {"gzip", "deflate", "br", "zstd"}) {
    std::string encoded = encode(coding, plain);
    for (size_t split : {encoded.size(), size_t{1}, size_t{7}, size_t{4096}}) {
      INFO(coding << " split " << split);
      Decoded out = decode(coding, encoded, split);
      REQUIRE(out.error.ok());
      CHECK(out.body == plain);
      // Bounded memory: decoded a piece at a time, never the whole body at once.
      CHECK(out.largest_piece <= 16 * 1024);
    }
  }
}

TEST_CASE("body decoder: deflate sent raw (no zlib header) is read too, as curl does") {
  std::string plain = sample(500);
  Decoded out = decode("deflate", encode("raw-deflate", plain), 3);
  REQUIRE(out.error.ok());
  CHECK(out.body == plain);
}

TEST_CASE("body decoder: names are case-insensitive; x-gzip and identity are known") {
  std::string plain = sample(10);
  CHECK(decode("GZIP", encode("gzip", plain), 100).body == plain);
  CHECK(decode("x-gzip", encode("gzip", plain), 100).body == plain);
  CHECK(decode("identity", plain, 100).body == plain);
  CHECK(decode("identity, br", encode("br", plain), 100).body == plain);
}

TEST_CASE("body decoder: stacked codings are undone last first") {
  std::string plain = sample(3000);
  std::string twice = encode("br", encode("gzip", plain));  // "Content-Encoding: gzip, br"
  Decoded out = decode("gzip, br", twice, 1000);
  REQUIRE(out.error.ok());
  CHECK(out.body == plain);
  std::string thrice = encode("gzip", encode("zstd", encode("deflate", plain)));
  CHECK(decode("deflate,zstd , gzip", thrice, 333).body == plain);
  Decoded many = decode("gzip, gzip, gzip, gzip, gzip, gzip", plain, 100);
  CHECK(many.error.code == ExitCode::BadContentEncoding);
  CHECK(many.error.message.find("too many content encodings") == 0);
}

TEST_CASE("body decoder: corrupt streams and unknown codings fail with 61") {
  std::string plain = sample(2000);
  for (std::string coding : {"gzip", "deflate", "br", "zstd"}) {
    INFO(coding);
    std::string encoded = encode(coding, plain);
    if (coding == "br") {
      // Brotli has no checksum: a flipped bit may decode to other text without any error,
      // so break its structure instead (0xff... is a reserved window size).
      encoded.replace(0, 16, std::string(16, '\xff'));
    } else {
      encoded[encoded.size() / 2] ^= 0x55;  // gzip and zlib have a CRC, zstd a checksum
      encoded[encoded.size() / 2 + 1] ^= 0x2a;
    }
    Decoded out = decode(coding, encoded, 512);
    CHECK(out.error.code == ExitCode::BadContentEncoding);
    CHECK(out.error.message.find("error while processing content unencoding") == 0);
    CHECK(out.body != plain);
  }
  CHECK(decode("gzip", "this is not gzip at all", 5).error.code == ExitCode::BadContentEncoding);
  Decoded unknown = decode("compress", "abc", 3);
  CHECK(unknown.error.code == ExitCode::BadContentEncoding);
  CHECK(unknown.error.message.find("unrecognized content encoding type 'compress'") == 0);
  CHECK(unknown.body.empty());
}

TEST_CASE("body decoder: a bomb is refused once it passes 10 MiB at over 1000:1") {
  std::string zeros(64u << 20, '\0');
  for (std::string coding : {"br", "zstd"}) {
    INFO(coding);
    std::string encoded = encode(coding, zeros);
    REQUIRE(encoded.size() * 1000 < zeros.size());
    Decoded out = decode(coding, encoded, 4096);
    CHECK(out.error.code == ExitCode::BadContentEncoding);
    CHECK(out.error.message.find("decompression bomb") != std::string::npos);
    // It stopped near the limit rather than decoding all 64 MiB.
    CHECK(out.body.size() <= kurl::kBombMinDecodedBytes + 16 * 1024);
  }
  // Under 10 MiB any ratio passes: a page of zeros is not a bomb.
  std::string small(8u << 20, '\0');
  Decoded fine = decode("zstd", encode("zstd", small), 4096);
  CHECK(fine.error.ok());
  CHECK(fine.body.size() == small.size());
  // Over 10 MiB at a ratio below 1000 passes too.
  std::string text = sample(600000);
  REQUIRE(text.size() > kurl::kBombMinDecodedBytes);
  Decoded big = decode("gzip", encode("gzip", text), 65536);
  CHECK(big.error.ok());
  CHECK(big.body.size() == text.size());
}

TEST_CASE("body decoder: off, or no Content-Encoding, passes bytes as they are") {
  BodyDecoder decoder;
  std::string seen;
  auto sink = [&seen](std::string_view piece) { seen.append(piece); };
  std::string gz = encode("gzip", "hello");
  decoder.start(false, std::string_view("gzip"));
  decoder.feed(gz, sink);
  CHECK(seen == gz);
  seen.clear();
  decoder.start(true, std::nullopt);
  decoder.feed("plain", sink);
  CHECK(seen == "plain");
  CHECK(decoder.error().ok());
  // start() forgets the last body's state and error.
  decoder.start(true, std::string_view("bogus"));
  CHECK_FALSE(decoder.error().ok());
  decoder.start(true, std::string_view("gzip"));
  CHECK(decoder.error().ok());
  seen.clear();
  decoder.feed(gz, sink);
  CHECK(seen == "hello");
}
