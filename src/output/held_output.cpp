#include "output/held_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/file_io.h"
#include "output/output_channel.h"

namespace kurl {

namespace {

Error spill_error(const char* action, int err) {
  return Error(ExitCode::WriteError, std::string("failure ") + action +
                                         " the temporary file for stdout: " + std::strerror(err));
}

}  // namespace

Error HeldOutput::hold(std::string_view bytes, HeldMemoryBudget& budget) {
  if (!failure_.ok()) return failure_;
  // Once a request spills, all its later bytes follow into the file, so order holds.
  if (spill_fd_ < 0 && budget.used + bytes.size() <= budget.limit) {
    memory_.append(bytes);
    budget.used += bytes.size();
    return Error();
  }
  failure_ = spill(bytes);
  return failure_;
}

Error HeldOutput::spill(std::string_view bytes) {
  if (spill_fd_ < 0) {
    Result<int> fd = create_unlinked_temp_file("stdout");
    if (!fd) return fd.error();
    spill_fd_ = *fd;
  }
  while (!bytes.empty()) {
    ssize_t n = ::write(spill_fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return spill_error("writing", errno);
    bytes.remove_prefix(static_cast<size_t>(n));
    spilled_bytes_ += static_cast<size_t>(n);
  }
  return Error();
}

Error HeldOutput::release(OutputChannel& out, HeldMemoryBudget& budget) {
  if (!failure_.ok()) {  // hold() has told the request already
    discard(budget);
    return Error();
  }
  out.write(memory_);
  forget_memory(budget);
  if (spill_fd_ < 0) return Error();
  Error error;
  char chunk[64 * 1024];
  for (off_t offset = 0; offset < static_cast<off_t>(spilled_bytes_) && !out.failed();) {
    ssize_t n = ::pread(spill_fd_, chunk, sizeof chunk, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = spill_error("reading", n < 0 ? errno : EIO);
      break;
    }
    out.write(std::string_view(chunk, static_cast<size_t>(n)));
    offset += n;
  }
  discard(budget);
  return error;
}

void HeldOutput::forget_memory(HeldMemoryBudget& budget) {
  budget.used -= memory_.size();
  if (memory_.capacity() > kKeptCapacity) {
    std::string().swap(memory_);
  } else {
    memory_.clear();
  }
}

void HeldOutput::discard(HeldMemoryBudget& budget) {
  forget_memory(budget);
  if (spill_fd_ >= 0) ::close(spill_fd_);
  spill_fd_ = -1;
  spilled_bytes_ = 0;
  failure_ = Error();
}

}  // namespace kurl
