#include "output/file_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_io.h"
#include "core/text.h"

namespace kurl {

namespace {

Error write_error(const std::string& path, int err) {
  return Error(ExitCode::WriteError,
               "failure writing output to " + path + ": " + std::strerror(err));
}

// "dir/.name.kurl-PID-INDEX.part" beside `target`, into `out`'s own capacity.
void temp_name_for(const std::string& target, uint64_t index, std::string& out) {
  static const pid_t pid = ::getpid();  // kurl never forks
  size_t slash = target.rfind('/');
  size_t name_start = slash == std::string::npos ? 0 : slash + 1;
  out.assign(target, 0, name_start);
  out.push_back('.');
  out.append(target, name_start);
  out.append(".kurl-");
  append_decimal(out, static_cast<uint64_t>(pid));
  out.push_back('-');
  append_decimal(out, index);
  out.append(".part");
}

// The directory part of `path` ("" when it has none).
std::string_view parent_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string_view() : std::string_view(path).substr(0, slash);
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
  path_.assign(path);
  if (create_dirs) create_parent_directories();
  if (append) return open_direct(O_APPEND | O_CREAT);
  // One lstat answers for the common case, a regular file or none: no link to follow.
  struct stat st {};
  bool exists = ::lstat(path.c_str(), &st) == 0;
  if (exists && S_ISLNK(st.st_mode)) {
    exists = ::stat(path.c_str(), &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) return open_direct();
    if (Error error = resolve_symlinks(path, target_); !error.ok()) return error;
    exists = ::stat(target_.c_str(), &st) == 0;
  } else {
    if (exists && !S_ISREG(st.st_mode)) return open_direct();
    target_.assign(path);
  }
  return open_temporary(index, exists ? &st : nullptr);
}

// Many bodies go to one directory: it is made (or found) once, not once a request.
void FileOutput::create_parent_directories() {
  std::string_view parent = parent_of(path_);
  if (parent.empty() || parent == last_parent_made_) return;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(parent), ec);
  if (!ec) last_parent_made_.assign(parent);
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

Error FileOutput::open_temporary(uint64_t index, const struct stat* replaced) {
  bool replaces = replaced != nullptr;
  // A rename needs only the directory's permission: ask the kernel whether this user may
  // write the file itself, as curl's open would, before replacing it.
  if (replaces && ::faccessat(AT_FDCWD, target_.c_str(), W_OK, AT_EACCESS) != 0)
    return write_error(path_, errno);
  temp_name_for(target_, index, temp_path_);
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
    if (::fchmod(fd_, replaced->st_mode & 07777) != 0) return write_error(path_, errno);
    struct stat created {};
    if (::fstat(fd_, &created) == 0 &&
        (created.st_uid != replaced->st_uid || created.st_gid != replaced->st_gid) &&
        ::fchown(fd_, replaced->st_uid, replaced->st_gid) == 0) {
      ::fchmod(fd_, replaced->st_mode & 07777);  // chown clears set-id bits
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
