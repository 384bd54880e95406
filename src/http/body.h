// A request body as the connection pulls it: a string held once, or a stream (a file,
// standard input, a form) that produces its bytes as the socket drains.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/error.h"

namespace kurl {

/// Told when a body that had no bytes ready has some (a file read finished).
class BodyWaker {
 public:
  virtual ~BodyWaker() = default;
  virtual void on_body_ready() = 0;
};

/// Where a request body's bytes come from. The connection asks for the next piece each time
/// the socket has taken the last one, so what waits in memory stays one piece.
class BodyStream {
 public:
  enum class Status {
    Data,     ///< `piece` holds the next bytes
    Pending,  ///< none ready yet: the waker is called once some are (never from next())
    End,      ///< no more bytes
    Failed,   ///< reading failed: see error()
  };
  virtual ~BodyStream() = default;
  /// Offers the next bytes, at most `max` of them, in `piece`; they stay valid until the next
  /// call or rewind().
  virtual Status next(size_t max, std::string_view& piece) = 0;
  /// Starts again from the first byte, for a resend (stale replay, 307/308, --retry); false
  /// when it cannot (standard input already partly read).
  virtual bool rewind() = 0;
  /// Who to wake after a Pending; nullptr when nobody waits.
  virtual void set_waker(BodyWaker* waker) = 0;
  /// Why next() said Failed.
  virtual const Error& error() const = 0;
  /// The whole body when it is held in memory (for --trace-ascii), "" for a stream.
  virtual std::string_view held_bytes() const { return {}; }
};

/// A body held in memory by whoever made the request (the run's -d data, a batch line): never
/// copied, so a warm connection sends it with no allocation.
class StringBody final : public BodyStream {
 public:
  void reset(std::string_view bytes) {
    bytes_ = bytes;
    offset_ = 0;
  }
  Status next(size_t max, std::string_view& piece) override {
    if (offset_ >= bytes_.size()) return Status::End;
    piece = bytes_.substr(offset_, max);
    offset_ += piece.size();
    return Status::Data;
  }
  bool rewind() override {
    offset_ = 0;
    return true;
  }
  void set_waker(BodyWaker*) override {}
  const Error& error() const override { return none_; }
  std::string_view held_bytes() const override { return bytes_; }

 private:
  std::string_view bytes_;
  size_t offset_ = 0;
  Error none_;
};

}  // namespace kurl
