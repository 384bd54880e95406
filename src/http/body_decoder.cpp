#include "http/body_decoder.h"

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <array>
#include <string>

#include "core/text.h"

namespace kurl {

namespace {

/// Output bytes one stage decodes at a time: what each step holds, whatever the body's size.
constexpr size_t kPieceBytes = 16 * 1024;
/// zstd's largest window kurl accepts (2^23 = 8 MiB, what RFC 8878 asks HTTP decoders to
/// support): a frame asking for more memory is refused rather than allocated.
constexpr int kZstdMaxWindowLog = 23;

Error coding_error(const std::string& why) {
  return Error(ExitCode::BadContentEncoding, "error while processing content unencoding: " + why);
}

// gzip and deflate. deflate is zlib-wrapped by the RFC, yet some servers send it raw: as curl,
// a zlib stream that fails at once is read again as raw deflate.
class ZlibStage final : public CodingStage {
 public:
  explicit ZlibStage(bool gzip) : gzip_(gzip) { init(gzip ? 16 + MAX_WBITS : MAX_WBITS); }
  ~ZlibStage() override { inflateEnd(&stream_); }
  ZlibStage(const ZlibStage&) = delete;
  ZlibStage& operator=(const ZlibStage&) = delete;

  Error decode(std::string_view in, const StageSink& next) override {
    if (ended_) return Error();  // what follows the end of the stream is ignored, as curl does
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream_.avail_in = static_cast<uInt>(in.size());
    while (stream_.avail_in > 0) {
      stream_.next_out = reinterpret_cast<Bytef*>(out_.data());
      stream_.avail_out = static_cast<uInt>(out_.size());
      int status = inflate(&stream_, Z_NO_FLUSH);
      if (status == Z_DATA_ERROR && !gzip_ && !raw_ && stream_.total_out == 0 && !produced_) {
        // Not a zlib header: start over on the same bytes as raw deflate.
        inflateEnd(&stream_);
        init(-MAX_WBITS);
        raw_ = true;
        return decode(in, next);
      }
      if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
        return coding_error(stream_.msg != nullptr ? stream_.msg : "zlib error " + std::to_string(status));
      }
      size_t produced = out_.size() - stream_.avail_out;
      produced_ = produced_ || produced > 0;
      if (produced > 0 && !next(std::string_view(out_.data(), produced))) return Error();
      if (status == Z_STREAM_END) {
        ended_ = true;
        break;
      }
      if (status == Z_BUF_ERROR && produced == 0) break;  // needs more input
    }
    return Error();
  }

 private:
  void init(int window_bits) {
    stream_ = z_stream{};
    inflateInit2(&stream_, window_bits);
  }

  z_stream stream_{};
  bool gzip_;
  bool raw_ = false;
  bool produced_ = false;
  bool ended_ = false;
  std::array<char, kPieceBytes> out_{};
};

class BrotliStage final : public CodingStage {
 public:
  BrotliStage() : state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {}
  ~BrotliStage() override { BrotliDecoderDestroyInstance(state_); }
  BrotliStage(const BrotliStage&) = delete;
  BrotliStage& operator=(const BrotliStage&) = delete;

  Error decode(std::string_view in, const StageSink& next) override {
    const auto* next_in = reinterpret_cast<const uint8_t*>(in.data());
    size_t available_in = in.size();
    while (!ended_) {
      auto* next_out = reinterpret_cast<uint8_t*>(out_.data());
      size_t available_out = out_.size();
      BrotliDecoderResult result = BrotliDecoderDecompressStream(
          state_, &available_in, &next_in, &available_out, &next_out, nullptr);
      if (result == BROTLI_DECODER_RESULT_ERROR) {
        return coding_error(
            std::string("brotli: ") +
            BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state_)));
      }
      size_t produced = out_.size() - available_out;
      if (produced > 0 && !next(std::string_view(out_.data(), produced))) return Error();
      ended_ = result == BROTLI_DECODER_RESULT_SUCCESS;
      if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) break;
    }
    return Error();
  }

 private:
  BrotliDecoderState* state_;
  bool ended_ = false;
  std::array<char, kPieceBytes> out_{};
};

class ZstdStage final : public CodingStage {
 public:
  ZstdStage() : stream_(ZSTD_createDStream()) {
    ZSTD_DCtx_setParameter(stream_, ZSTD_d_windowLogMax, kZstdMaxWindowLog);
  }
  ~ZstdStage() override { ZSTD_freeDStream(stream_); }
  ZstdStage(const ZstdStage&) = delete;
  ZstdStage& operator=(const ZstdStage&) = delete;

  Error decode(std::string_view in, const StageSink& next) override {
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    for (;;) {
      ZSTD_outBuffer output{out_.data(), out_.size(), 0};
      size_t status = ZSTD_decompressStream(stream_, &output, &input);
      if (ZSTD_isError(status)) {
        return coding_error(std::string("zstd: ") + ZSTD_getErrorName(status));
      }
      if (output.pos > 0 && !next(std::string_view(out_.data(), output.pos))) return Error();
      // Done with this input once it is all read and the output did not fill up.
      if (input.pos == input.size && output.pos < output.size) break;
    }
    return Error();
  }

 private:
  ZSTD_DStream* stream_;
  std::array<char, kPieceBytes> out_{};
};

std::unique_ptr<CodingStage> make_stage(std::string_view coding) {
  if (coding == "gzip" || coding == "x-gzip") return std::make_unique<ZlibStage>(true);
  if (coding == "deflate") return std::make_unique<ZlibStage>(false);
  if (coding == "br") return std::make_unique<BrotliStage>();
  if (coding == "zstd") return std::make_unique<ZstdStage>();
  return nullptr;
}

}  // namespace

BodyDecoder::BodyDecoder() = default;
BodyDecoder::~BodyDecoder() = default;
BodyDecoder::BodyDecoder(BodyDecoder&&) noexcept = default;
BodyDecoder& BodyDecoder::operator=(BodyDecoder&&) noexcept = default;

void BodyDecoder::start(bool enabled, std::optional<std::string_view> content_encoding) {
  stages_.clear();
  error_ = Error();
  encoded_ = decoded_ = 0;
  if (!enabled || !content_encoding) return;
  std::vector<std::string> codings;
  std::string_view rest = *content_encoding;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string coding = to_lower(trim_ows(rest.substr(0, comma)));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (!coding.empty() && coding != "identity") codings.push_back(std::move(coding));
  }
  if (codings.size() > kMaxCodings) {
    error_ = Error(ExitCode::BadContentEncoding,
                   "too many content encodings: " + std::string(*content_encoding));
    return;
  }
  // "gzip, br" was gzipped first, then brotli'd: undo the last first.
  for (auto coding = codings.rbegin(); coding != codings.rend(); ++coding) {
    std::unique_ptr<CodingStage> stage = make_stage(*coding);
    if (!stage) {
      stages_.clear();
      error_ = Error(ExitCode::BadContentEncoding,
                     "unrecognized content encoding type '" + *coding +
                         "': kurl understands deflate, gzip, br, zstd content encodings");
      return;
    }
    stages_.push_back(std::move(stage));
  }
}

void BodyDecoder::feed(std::string_view bytes, const DecodedSink& sink) {
  encoded_ += bytes.size();
  if (!error_.ok()) return;
  if (stages_.empty()) {
    decoded_ += bytes.size();
    sink(bytes);
    return;
  }
  decode_from(0, bytes, sink);
}

bool BodyDecoder::decode_from(size_t stage, std::string_view bytes, const DecodedSink& sink) {
  if (stage == stages_.size()) return deliver(bytes, sink);
  auto next = [&](std::string_view piece) { return decode_from(stage + 1, piece, sink); };
  Error error = stages_[stage]->decode(bytes, StageSink(next));
  if (!error.ok() && error_.ok()) error_ = std::move(error);
  return error_.ok();
}

bool BodyDecoder::deliver(std::string_view piece, const DecodedSink& sink) {
  decoded_ += piece.size();
  if (decoded_ > kBombMinDecodedBytes && decoded_ > kBombMaxRatio * encoded_) {
    error_ = Error(ExitCode::BadContentEncoding,
                   "refusing a body that decodes to over " + std::to_string(kBombMaxRatio) +
                       " times its encoded size (" + std::to_string(encoded_) +
                       " bytes gave over " + std::to_string(decoded_ - piece.size()) +
                       "): a decompression bomb?");
    return false;
  }
  sink(piece);
  return true;
}

}  // namespace kurl
