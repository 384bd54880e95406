// Reads a file, or standard input, on libuv's thread pool: the loop thread never blocks on a
// disk or a pipe.
#pragma once

#include <uv.h>

#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace kurl {

/// The bytes one read may bring: the most a body source holds at once.
inline constexpr size_t kFileReadBytes = 256 * 1024;

/// One file read piece by piece into a buffer of kFileReadBytes. At most one operation
/// (open, read, close) is in flight; its memory is freed in its callback, so the reader may be
/// destroyed at any time.
class FileReader {
 public:
  enum class State { Idle, Busy, Ready, End, Failed };

  /// `path` "" reads standard input (never opened or closed here). A `sequential` file (a
  /// pipe, a device, stdin) is read where it stands, a regular one at offsets. `on_ready` runs
  /// on the loop thread when a read started by fill() has finished (bytes, the end, an error).
  FileReader(uv_loop_t* loop, std::string path, bool sequential, std::function<void()> on_ready);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  /// Starts reading the next bytes unless some are buffered or a read is in flight.
  void fill();
  State state() const { return state_; }
  /// The buffered bytes (state() == Ready).
  std::string_view data() const;
  /// Marks `n` buffered bytes as used; once all are, the next fill() reads on.
  void consume(size_t n);
  const Error& error() const { return error_; }

 private:
  struct Operation;
  static void on_open(uv_fs_t* req);
  static void on_read(uv_fs_t* req);
  static void on_close(uv_fs_t* req);
  void start_read(bool notify_on_failure);
  void opened(ssize_t result);
  void read_done(ssize_t result);
  /// Records a failure; `notify` runs on_ready (from a callback, never from fill()).
  void fail(ssize_t result, bool notify);

  uv_loop_t* loop_;
  std::string path_;
  bool sequential_;
  std::function<void()> on_ready_;
  Operation* op_;   ///< the request block and buffer libuv uses; handed over while busy
  bool op_busy_ = false;
  int fd_ = -1;
  int64_t offset_ = 0;  ///< next file offset to read
  size_t length_ = 0;   ///< bytes in the buffer
  size_t used_ = 0;     ///< of them consumed
  State state_ = State::Idle;
  Error error_;
};

}  // namespace kurl
