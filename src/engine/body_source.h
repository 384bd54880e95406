// A request body read as it is sent: the segments of a BodyPlan (text, files, standard input)
// pulled piece by piece, files through libuv's thread pool.
#pragma once

#include <uv.h>

#include <memory>

#include "http/body.h"
#include "http/body_plan.h"
#include "net/file_reader.h"

namespace kurl {

/// Streams one request's copy of a run's BodyPlan (which must outlive it). At most one file
/// is open and one buffer of kFileReadBytes held, whatever the body's size.
class StreamedBody final : public BodyStream {
 public:
  StreamedBody(uv_loop_t* loop, const BodyPlan& plan);

  Status next(size_t max, std::string_view& piece) override;
  bool rewind() override;
  void set_waker(BodyWaker* waker) override { waker_ = waker; }
  const Error& error() const override { return error_; }

 private:
  /// Offers bytes of the file segment being read; false when it is used up.
  bool next_from_file(const BodySegment& segment, size_t max, std::string_view& piece,
                      Status& status);
  void next_segment();

  uv_loop_t* loop_;
  const BodyPlan& plan_;
  size_t segment_ = 0;        ///< the segment being sent
  uint64_t segment_sent_ = 0;  ///< bytes of it offered so far
  std::unique_ptr<FileReader> reader_;  ///< the current file segment's reader
  BodyWaker* waker_ = nullptr;
  bool stdin_sent_ = false;  ///< bytes of standard input went out: no rewind
  Error error_;
};

}  // namespace kurl
