// The one place kurl writes its output (bodies, -i heads, -w, reports, statistics, --help):
// every write and flush is checked, so a full disk or a closed pipe is never lost quietly.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kurl {

/// Told around every write(2) of a channel: a status line drawn on the same terminal
/// (output/status_line.h) erases itself before the bytes land and learns where they ended.
class WriteGuard {
 public:
  virtual ~WriteGuard() = default;
  virtual void before_write() = 0;
  /// `last` is the last byte written.
  virtual void after_write(char last) = 0;
};

/// A buffered, checked writer over a descriptor. The first failure is kept (exit 23) and
/// every later write is dropped, so callers may write on and ask `failed()` when it matters.
class OutputChannel {
 public:
  /// Writes to `fd` (not owned); `what` completes "failure writing ..." in the error, e.g.
  /// "output to stdout" or "the report to r.jsonl".
  OutputChannel(int fd, std::string what);
  /// Creates or truncates the file `path` and owns its descriptor; exit 23 if it can't.
  static Result<std::unique_ptr<OutputChannel>> open_file(const std::string& path,
                                                          std::string what);
  /// Flushes (unchecked: call flush() or close() first where a failure must be seen).
  ~OutputChannel();
  OutputChannel(const OutputChannel&) = delete;
  OutputChannel& operator=(const OutputChannel&) = delete;

  /// Queues `bytes` after everything written before. Each call's bytes go out whole or
  /// not at all as far as kurl decides (a short write by the system is a failure).
  /// False once any write has failed.
  bool write(std::string_view bytes);
  /// Writes out what is buffered; false once any write has failed.
  bool flush();
  /// Flushes and closes an owned descriptor; false once any write or the close failed.
  bool close();

  bool failed() const { return !error_.ok(); }
  /// The first failure: exit 23, "failure writing output to stdout: Broken pipe".
  const Error& error() const { return error_; }
  /// Records a failure found elsewhere that lost this channel's output (a spill file that
  /// could not be read back): the run fails and stops as if the write had failed.
  void fail_with(const Error& error) {
    if (!failed()) error_ = error;
  }
  /// The failure was shown with a request's result, so the end of the run need not
  /// show it a second time.
  void mark_failure_reported() { failure_reported_ = true; }
  bool failure_reported() const { return failure_reported_; }
  /// Calls `guard` (not owned; nullptr for none) around each write to the descriptor.
  void set_guard(WriteGuard* guard) { guard_ = guard; }

 private:
  /// Bytes gathered before one write(2): small outputs (a -w line, tiny bodies) share it.
  static constexpr size_t kBufferBytes = 64 * 1024;

  /// write_to_descriptor() between the guard's calls.
  bool write_all(std::string_view bytes);
  bool write_to_descriptor(std::string_view bytes);
  void fail(int err);

  int fd_;
  bool owns_fd_ = false;
  std::string what_;
  std::string buffer_;
  Error error_;
  bool failure_reported_ = false;
  WriteGuard* guard_ = nullptr;
};

}  // namespace kurl
