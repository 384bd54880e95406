#include "net/file_reader.h"

#include <fcntl.h>

namespace kurl {

struct FileReader::Operation {
  uv_fs_t req;
  FileReader* owner;  ///< nullptr once the reader is gone: the callback cleans up
  int fd;             ///< the descriptor this operation must close when orphaned, -1 if none
  char buffer[kFileReadBytes];
};

FileReader::FileReader(uv_loop_t* loop, std::string path, bool sequential,
                       std::function<void()> on_ready)
    : loop_(loop),
      path_(std::move(path)),
      sequential_(sequential || path_.empty()),
      on_ready_(std::move(on_ready)),
      op_(new Operation) {
  op_->owner = this;
  op_->fd = -1;
  op_->req.data = op_;
  if (path_.empty()) fd_ = 0;  // standard input: already open, and not ours to close
}

FileReader::~FileReader() {
  op_->owner = nullptr;
  op_->fd = path_.empty() ? -1 : fd_;
  if (op_busy_) return;  // its callback closes the file and frees the block
  if (op_->fd < 0) {
    delete op_;
    return;
  }
  if (uv_fs_close(loop_, &op_->req, op_->fd, &FileReader::on_close) != 0) delete op_;
}

void FileReader::fill() {
  if (op_busy_ || state_ == State::Ready || state_ == State::End || state_ == State::Failed)
    return;
  state_ = State::Busy;
  if (fd_ >= 0) {
    start_read(false);
    return;
  }
  op_busy_ = true;
  int rc = uv_fs_open(loop_, &op_->req, path_.c_str(), O_RDONLY | O_CLOEXEC, 0, &FileReader::on_open);
  if (rc != 0) {
    op_busy_ = false;
    fail(rc, false);
  }
}

void FileReader::start_read(bool notify_on_failure) {
  uv_buf_t buf = uv_buf_init(op_->buffer, static_cast<unsigned>(kFileReadBytes));
  op_busy_ = true;
  // A pipe cannot seek: it is read at its current position.
  int64_t at = sequential_ ? -1 : offset_;
  int rc = uv_fs_read(loop_, &op_->req, fd_, &buf, 1, at, &FileReader::on_read);
  if (rc != 0) {
    op_busy_ = false;
    fail(rc, notify_on_failure);
  }
}

std::string_view FileReader::data() const {
  return std::string_view(op_->buffer + used_, length_ - used_);
}

void FileReader::consume(size_t n) {
  used_ += n;
  if (used_ >= length_ && state_ == State::Ready) state_ = State::Idle;
}

void FileReader::on_open(uv_fs_t* req) {
  auto* op = static_cast<Operation*>(req->data);
  ssize_t result = req->result;
  uv_fs_req_cleanup(req);
  if (FileReader* self = op->owner) return self->opened(result);
  if (result >= 0 && uv_fs_close(req->loop, req, static_cast<int>(result), &on_close) == 0) return;
  delete op;
}

void FileReader::on_read(uv_fs_t* req) {
  auto* op = static_cast<Operation*>(req->data);
  ssize_t result = req->result;
  uv_fs_req_cleanup(req);
  if (FileReader* self = op->owner) return self->read_done(result);
  if (op->fd >= 0 && uv_fs_close(req->loop, req, op->fd, &on_close) == 0) return;
  delete op;
}

void FileReader::on_close(uv_fs_t* req) {
  uv_fs_req_cleanup(req);
  delete static_cast<Operation*>(req->data);
}

void FileReader::opened(ssize_t result) {
  op_busy_ = false;
  if (result < 0) return fail(result, true);
  fd_ = static_cast<int>(result);
  start_read(true);
}

void FileReader::read_done(ssize_t result) {
  op_busy_ = false;
  if (result < 0) return fail(result, true);
  length_ = static_cast<size_t>(result);
  used_ = 0;
  offset_ += result;
  state_ = result == 0 ? State::End : State::Ready;
  on_ready_();
}

void FileReader::fail(ssize_t result, bool notify) {
  state_ = State::Failed;
  std::string name = path_.empty() ? std::string("standard input") : path_;
  error_ = Error(ExitCode::ReadError,
                 "failed to read " + name + ": " + uv_strerror(static_cast<int>(result)));
  error_.os_error = static_cast<int>(result);
  if (notify) on_ready_();
}

}  // namespace kurl
