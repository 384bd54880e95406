#include "net/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace kurl {

namespace {

/// Bytes asked for at once; the buffer grows past it only for a longer line.
constexpr size_t kChunkBytes = 64 * 1024;

}  // namespace

/// A pipe, socket or terminal as a libuv stream, on a duplicate of the descriptor (closing
/// the handle closes only that). It frees itself once libuv has closed it.
struct LineReader::Stream {
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_pipe_t pipe;
    uv_tty_t tty;
  };
  LineReader* reader = nullptr;
  int fd = -1;
  int original_flags = 0;  ///< libuv makes the descriptor non-blocking: restored at close
};

/// One read on the thread pool into its own chunk, copied into the reader's buffer on the
/// loop thread. It frees itself in its callback; a reader gone by then is not touched.
struct LineReader::FileRead {
  uv_fs_t req{};
  LineReader* reader = nullptr;
  char bytes[kChunkBytes];
};

LineReader::LineReader(int fd) : fd_(fd) {}

LineReader::~LineReader() {
  if (file_read_) file_read_->reader = nullptr;
  if (stream_) detach();
}

void LineReader::start(uv_loop_t* loop, std::function<void()> on_more) {
  loop_ = loop;
  on_more_ = std::move(on_more);
  uv_handle_type type = uv_guess_handle(fd_);
  if (type != UV_NAMED_PIPE && type != UV_TCP && type != UV_TTY) return;  // a file: uv_fs_read
  int fd = ::dup(fd_);
  if (fd < 0) return;  // read on the thread pool instead
  auto stream = std::make_unique<Stream>();
  stream->reader = this;
  stream->fd = fd;
  stream->original_flags = ::fcntl(fd_, F_GETFL);
  stream->handle.data = stream.get();
  if (type == UV_TTY) {
    if (uv_tty_init(loop, &stream->tty, fd, 1) != 0) {
      ::close(fd);
      return;  // read on the thread pool instead
    }
  } else {
    uv_pipe_init(loop, &stream->pipe, 0);
    if (uv_pipe_open(&stream->pipe, fd) != 0) {
      uv_close(&stream->handle, &LineReader::on_stream_closed);  // it closes fd too
      stream.release();
      return;  // read on the thread pool instead
    }
  }
  stream_ = stream.release();
}

void LineReader::on_stream_closed(uv_handle_t* handle) {
  std::unique_ptr<Stream> stream(static_cast<Stream*>(handle->data));
  ::fcntl(stream->fd, F_SETFL, stream->original_flags);  // shared with the caller's descriptor
}

void LineReader::detach() {
  if (stream_) {
    if (reading_) uv_read_stop(&stream_->stream);
    reading_ = false;
    stream_->reader = nullptr;
    ::fcntl(fd_, F_SETFL, stream_->original_flags);  // the duplicate shares the flags
    uv_close(&stream_->handle, &LineReader::on_stream_closed);
    stream_ = nullptr;
  }
  loop_ = nullptr;
}

LineReader::Status LineReader::next(std::string_view& line) {
  for (;;) {
    if (take_line(line)) return Status::Line;
    if (failed_) return Status::Failed;
    if (eof_) return Status::End;
    if (reading_) return Status::Pending;
    if (!make_room()) return Status::Failed;
    if (loop_ == nullptr) {
      read_directly();
      continue;
    }
    read_through_loop();
    if (!reading_) continue;  // it could not start: failed_ says why
    return Status::Pending;
  }
}

bool LineReader::take_line(std::string_view& line) {
  std::string_view unread(buffer_.data() + begin_, end_ - begin_);
  size_t newline = unread.find('\n');
  if (newline == std::string_view::npos) {
    if (!eof_ || unread.empty()) return false;
    newline = unread.size() - 1;  // the last line, without its '\n'
  }
  line = unread.substr(0, newline + 1);
  begin_ += newline + 1;
  return true;
}

bool LineReader::make_room() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ >= kChunkBytes) return true;
  if (buffer_.size() + kChunkBytes > kMaxLineBytes + kChunkBytes) {
    failed_ = true;
    error_ = "a line longer than " + std::to_string(kMaxLineBytes >> 20) + " MiB";
    return false;
  }
  buffer_.resize(buffer_.size() + kChunkBytes);
  return true;
}

void LineReader::read_directly() {
  ssize_t n = 0;
  for (;;) {
    n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n >= 0 || errno == EINTR) {
      if (n >= 0) break;
      continue;
    }
    if (errno != EAGAIN) break;
    // Given non-blocking (no loop reads it now): wait for the bytes as a plain read would.
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
  }
  got(n < 0 ? -errno : n);
}

void LineReader::read_through_loop() {
  reading_ = true;
  if (stream_) {
    int rc = uv_read_start(&stream_->stream, &LineReader::on_alloc, &LineReader::on_stream_read);
    if (rc != 0) {
      reading_ = false;
      got(rc);
    }
    return;
  }
  auto* read = new FileRead;
  read->reader = this;
  read->req.data = read;
  uv_buf_t buf = uv_buf_init(read->bytes, sizeof read->bytes);
  int rc = uv_fs_read(loop_, &read->req, fd_, &buf, 1, -1, &LineReader::on_file_read);
  if (rc != 0) {
    delete read;
    reading_ = false;
    got(rc);
    return;
  }
  file_read_ = read;
}

void LineReader::got(ssize_t result) {
  if (result > 0) {
    end_ += static_cast<size_t>(result);
  } else if (result == 0 || result == UV_EOF) {
    eof_ = true;
  } else {
    failed_ = true;
    error_ = uv_strerror(static_cast<int>(result));
  }
}

void LineReader::on_alloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* stream = static_cast<Stream*>(handle->data);
  LineReader* self = stream->reader;
  *buf = uv_buf_init(self->buffer_.data() + self->end_,
                     static_cast<unsigned>(self->buffer_.size() - self->end_));
}

void LineReader::on_stream_read(uv_stream_t* handle, ssize_t nread, const uv_buf_t*) {
  if (nread == 0) return;  // nothing this time (EAGAIN)
  auto* stream = static_cast<Stream*>(handle->data);
  LineReader* self = stream->reader;
  // One chunk a request: the next is asked for when these lines are used.
  uv_read_stop(handle);
  self->reading_ = false;
  self->got(nread);
  self->on_more_();
}

void LineReader::on_file_read(uv_fs_t* req) {
  std::unique_ptr<FileRead> read(static_cast<FileRead*>(req->data));
  ssize_t result = req->result;
  uv_fs_req_cleanup(req);
  LineReader* self = read->reader;
  if (self == nullptr) return;
  self->file_read_ = nullptr;
  self->reading_ = false;
  if (result > 0) std::memcpy(self->buffer_.data() + self->end_, read->bytes, result);
  self->got(result);
  if (self->on_more_ && self->loop_) self->on_more_();
}

}  // namespace kurl
