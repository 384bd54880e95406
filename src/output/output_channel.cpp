#include "output/output_channel.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kurl {

OutputChannel::OutputChannel(int fd, std::string what) : fd_(fd), what_(std::move(what)) {
  buffer_.reserve(kBufferBytes);
}

Result<std::unique_ptr<OutputChannel>> OutputChannel::open_file(const std::string& path,
                                                                std::string what) {
  // O_NONBLOCK: a FIFO nobody reads fails (ENXIO) instead of hanging the start of the run.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0666);
  if (fd < 0) {
    return Error(ExitCode::WriteError,
                 "failure writing " + what + ": " +
                     (errno == ENXIO ? "no process reads that FIFO" : std::strerror(errno)));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  auto channel = std::make_unique<OutputChannel>(fd, std::move(what));
  channel->owns_fd_ = true;
  return channel;
}

OutputChannel::~OutputChannel() {
  close();
}

void OutputChannel::fail(int err) {
  if (failed()) return;
  error_ = Error(ExitCode::WriteError, "failure writing " + what_ + ": " + std::strerror(err));
}

bool OutputChannel::write_all(std::string_view bytes) {
  if (guard_ == nullptr || bytes.empty() || failed()) return write_to_descriptor(bytes);
  guard_->before_write();
  bool ok = write_to_descriptor(bytes);
  guard_->after_write(bytes.back());
  return ok;
}

bool OutputChannel::write_to_descriptor(std::string_view bytes) {
  while (!bytes.empty() && !failed()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n >= 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      // A descriptor someone else made non-blocking: wait until it takes more, as a
      // blocking write would.
      pollfd ready{fd_, POLLOUT, 0};
      ::poll(&ready, 1, -1);
    } else if (errno != EINTR) {
      fail(errno);
    }
  }
  return !failed();
}

bool OutputChannel::write(std::string_view bytes) {
  if (failed()) return false;
  if (buffer_.size() + bytes.size() <= kBufferBytes) {
    buffer_.append(bytes);
    return true;
  }
  if (!flush()) return false;
  if (bytes.size() >= kBufferBytes) return write_all(bytes);
  buffer_.append(bytes);
  return true;
}

bool OutputChannel::flush() {
  if (failed()) return false;
  bool ok = write_all(buffer_);
  buffer_.clear();
  return ok;
}

bool OutputChannel::close() {
  bool ok = flush();
  buffer_.clear();
  if (owns_fd_ && fd_ >= 0) {
    if (::close(fd_) != 0 && ok) fail(errno);
    fd_ = -1;
  }
  return !failed();
}

}  // namespace kurl
