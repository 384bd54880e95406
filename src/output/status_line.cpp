#include "output/status_line.h"

#include <sys/stat.h>
#include <unistd.h>

namespace kurl {

namespace {

constexpr std::string_view kEraseLine = "\r\x1b[K";

}  // namespace

bool StatusLine::draw(std::string_view text) {
  if (!at_line_start_) return false;
  text_.assign(kEraseLine);
  text_.append(text);
  std::fwrite(text_.data(), 1, text_.size(), stream_);
  std::fflush(stream_);
  drawn_ = true;
  return true;
}

void StatusLine::erase() {
  if (!drawn_) return;
  std::fwrite(kEraseLine.data(), 1, kEraseLine.size(), stream_);
  std::fflush(stream_);
  drawn_ = false;
}

bool stdout_shares_stderr_terminal() {
  struct stat out {
  }, err{};
  return isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1 &&
         fstat(STDOUT_FILENO, &out) == 0 && fstat(STDERR_FILENO, &err) == 0 &&
         out.st_rdev == err.st_rdev;
}

}  // namespace kurl
