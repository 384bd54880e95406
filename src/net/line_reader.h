// Lines of a file or of standard input, read through libuv once a loop runs: the loop thread
// never waits for a slow pipe, a terminal or a disk.
#pragma once

#include <uv.h>

#include <functional>
#include <string>
#include <string_view>

namespace kurl {

/// The longest line a LineReader holds: a longer one fails the input (nothing else bounds
/// a line that never ends).
inline constexpr size_t kMaxLineBytes = 64 * 1024 * 1024;

/// Reads `fd` a chunk at a time and hands out whole lines. Before start() and after detach()
/// it reads with blocking read(2) calls (the input is read before or after the loop runs);
/// in between, a pipe, socket or terminal is read as a libuv stream and anything else (a
/// regular file) on libuv's thread pool, and next() says Pending until the bytes are there.
class LineReader {
 public:
  enum class Status { Line, Pending, End, Failed };

  /// `fd` stays open and owned by the caller; its flags are as they were after detach().
  explicit LineReader(int fd);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// Reads through `loop` from now on; `on_more` runs on the loop when a Pending next() may
  /// now have more to give.
  void start(uv_loop_t* loop, std::function<void()> on_more);
  /// Stops reading through the loop (its handles close on the loop's next turn); later
  /// next() calls read directly.
  void detach();
  /// The next line in `line` (with its '\n', the last one perhaps without), valid until the
  /// next call.
  Status next(std::string_view& line);
  /// Why the input failed (errno text), after Failed.
  const std::string& error() const { return error_; }

 private:
  struct Stream;
  struct FileRead;
  bool take_line(std::string_view& line);
  /// Makes room after the unread bytes; false (and Failed) when a line outgrows the limit.
  bool make_room();
  void read_directly();
  void read_through_loop();
  void got(ssize_t result);
  static void on_alloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void on_stream_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void on_file_read(uv_fs_t* req);
  static void on_stream_closed(uv_handle_t* handle);

  int fd_;
  std::string buffer_;
  size_t begin_ = 0;  ///< first unread byte
  size_t end_ = 0;    ///< one past the last byte read
  bool eof_ = false;
  bool failed_ = false;
  std::string error_;
  uv_loop_t* loop_ = nullptr;
  std::function<void()> on_more_;
  Stream* stream_ = nullptr;       ///< the libuv stream reading a pipe or terminal
  FileRead* file_read_ = nullptr;  ///< a thread-pool read in flight (it owns itself)
  bool reading_ = false;           ///< bytes are on their way into buffer_
};

}  // namespace kurl
