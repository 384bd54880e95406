#include "output/file_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_io.h"

namespace kurl {

namespace {

Error write_error(const std::string& path, int err) {
  return Error(ExitCode::WriteError,
               "failure writing output to " + path + ": " + std::strerror(err));
}

std::string temp_name_for(const std::string& target, uint64_t index) {
  std::filesystem::path p(target);
  std::string name = "." + p.filename().string() + ".kurl-" + std::to_string(getpid()) + "-" +
                     std::to_string(index) + ".part";
  return (p.parent_path() / name).string();
}

// Writes block again after an O_NONBLOCK open: a slow reader or disk holds the run back
// rather than losing bytes.
void make_blocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
}

}  // namespace

void FileOutput::reset() {
  path_.clear();
  target_.clear();
  temp_path_.clear();
  fd_ = -1;
  truncatable_ = false;
  size_at_open_ = 0;
}

Error FileOutput::open(const std::string& path, uint64_t index, bool create_dirs, bool append) {
  path_ = path;
  if (create_dirs) {
    std::error_code ec;
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  if (append) return open_direct(O_APPEND | O_CREAT);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return open_direct();
  Result<std::string> target = resolve_symlinks(path);
  if (!target) return target.error();
  target_ = std::move(*target);
  return open_temporary(index);
}

Error FileOutput::open_direct(int extra_flags) {
  // O_NONBLOCK: opening a FIFO nobody reads must fail (ENXIO), not block the loop.
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NONBLOCK | extra_flags, 0666);
  if (fd_ < 0) {
    return errno == ENXIO ? Error(ExitCode::WriteError, "failure writing output to " + path_ +
                                                            ": no process reads that FIFO")
                          : write_error(path_, errno);
  }
  make_blocking(fd_);
  struct stat opened {};
  truncatable_ = ::fstat(fd_, &opened) == 0 && S_ISREG(opened.st_mode);
  size_at_open_ = truncatable_ ? static_cast<uint64_t>(opened.st_size) : 0;
  return Error();
}

Error FileOutput::open_temporary(uint64_t index) {
  struct stat existing {};
  bool replaces = ::stat(target_.c_str(), &existing) == 0;
  // A rename needs only the directory's permission: ask the kernel whether this user may
  // write the file itself, as curl's open would, before replacing it.
  if (replaces && ::faccessat(AT_FDCWD, target_.c_str(), W_OK, AT_EACCESS) != 0)
    return write_error(path_, errno);
  temp_path_ = temp_name_for(target_, index);
  int flags = O_WRONLY | O_CLOEXEC | O_CREAT | O_TRUNC | O_EXCL;
  fd_ = ::open(temp_path_.c_str(), flags, 0666);
  if (fd_ < 0 && errno == EEXIST) {
    ::unlink(temp_path_.c_str());  // a leftover of a killed run of ours: same pid, same index
    fd_ = ::open(temp_path_.c_str(), flags, 0666);
  }
  if (fd_ < 0) {
    int err = errno;
    temp_path_.clear();
    return write_error(path_, err);
  }
  truncatable_ = true;
  if (replaces) {
    // The replacement keeps what the user had: the mode exactly (umask aside), and the
    // owner where this user may set it (an unprivileged user cannot give a file away).
    if (::fchmod(fd_, existing.st_mode & 07777) != 0) return write_error(path_, errno);
    struct stat created {};
    if (::fstat(fd_, &created) == 0 &&
        (created.st_uid != existing.st_uid || created.st_gid != existing.st_gid) &&
        ::fchown(fd_, existing.st_uid, existing.st_gid) == 0) {
      ::fchmod(fd_, existing.st_mode & 07777);  // chown clears set-id bits
    }
  }
  return Error();
}

Error FileOutput::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return write_error(path_, errno);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Error();
}

Error FileOutput::start_over() {
  if (fd_ < 0 || !truncatable_) return Error();
  off_t size = static_cast<off_t>(size_at_open_);
  if (::ftruncate(fd_, size) != 0 || ::lseek(fd_, size, SEEK_SET) < 0)
    return write_error(path_, errno);
  return Error();
}

Error FileOutput::finish(bool keep, bool& kept) {
  kept = false;
  Error error;
  if (fd_ >= 0) {
    if (::close(fd_) != 0 && keep) error = write_error(path_, errno);
    fd_ = -1;
  }
  if (temp_path_.empty()) {
    kept = keep && error.ok() && !path_.empty();  // written directly (a FIFO, a device)
    return error;
  }
  if (keep && error.ok() && ::rename(temp_path_.c_str(), target_.c_str()) == 0) {
    kept = true;
  } else {
    if (keep && error.ok()) error = write_error(path_, errno);
    ::unlink(temp_path_.c_str());
  }
  temp_path_.clear();
  return error;
}

}  // namespace kurl
