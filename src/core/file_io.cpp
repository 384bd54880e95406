#include "core/file_io.h"

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace kurl {

Result<std::string> read_whole_file(const std::string& path) {
  bool is_stdin = path == "-";
  std::FILE* file = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (!file) {
    return Error(ExitCode::ReadError,
                 "can't read data from file \"" + path + "\": " + std::strerror(errno));
  }
  std::string content;
  // Reserve a regular file's size, so growing the string never holds it twice.
  struct stat info {};
  if (::fstat(fileno(file), &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    content.reserve(static_cast<size_t>(info.st_size));
  }
  char buffer[64 * 1024];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) content.append(buffer, n);
  bool failed = std::ferror(file) != 0;
  int err = errno;
  if (!is_stdin) std::fclose(file);
  if (failed) {
    return Error(ExitCode::ReadError,
                 "can't read data from file \"" + path + "\": " + std::strerror(err));
  }
  return content;
}

std::string home_directory() {
  if (const char* home = std::getenv("HOME"); home && *home) return home;
  if (const passwd* entry = getpwuid(geteuid()); entry && entry->pw_dir) return entry->pw_dir;
  return "";
}

Result<std::string> read_file_bounded(const std::string& path, int timeout_ms,
                                      ExitCode failure_code) {
  auto failure = [&](const std::string& why) {
    return Error(failure_code, "can't read " + path + ": " + why);
  };
  int fd = ::open(path.c_str(),
                  O_RDONLY | O_NONBLOCK | O_CLOEXEC);  // a FIFO without writer opens at once
  if (fd < 0) return failure(std::strerror(errno));
  struct stat st {};
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return failure(S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno));
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string content;
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      content.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno != EAGAIN) {
      int err = errno;
      ::close(fd);
      return failure(std::strerror(err));
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd waiting{fd, POLLIN, 0};
    int ready = left.count() > 0 ? ::poll(&waiting, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) {
      ::close(fd);
      return failure("interrupted");  // a signal: let the loop act on it
    }
    if (ready <= 0) {
      ::close(fd);
      return failure("nothing to read after " + std::to_string(timeout_ms) + " ms");
    }
    // A FIFO with no writer yet reports POLLHUP at once: give its writer time to come.
    if ((waiting.revents & (POLLIN | POLLHUP)) == POLLHUP && content.empty()) ::usleep(10000);
  }
  ::close(fd);
  return content;
}

Error resolve_symlinks(const std::string& path, std::string& out) {
  // As many links as the kernel follows before it says ELOOP.
  constexpr int kMaxLinks = 40;
  std::string followed_to;  // only a symlink costs a copy of the path
  const std::string* current = &path;
  for (int followed = 0; followed <= kMaxLinks; ++followed) {
    struct stat st {};
    if (::lstat(current->c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      out.assign(*current);
      return Error();
    }
    std::string link(static_cast<size_t>(st.st_size > 0 ? st.st_size : 4096), '\0');
    ssize_t n = ::readlink(current->c_str(), link.data(), link.size());
    if (n < 0)
      return Error(ExitCode::WriteError,
                   "can't follow the link " + *current + ": " + std::strerror(errno));
    link.resize(static_cast<size_t>(n));
    std::filesystem::path next(link);
    // Not normalised: ".." after a linked directory means what the kernel says it means.
    followed_to = next.is_absolute()
                      ? link
                      : (std::filesystem::path(*current).parent_path() / next).string();
    current = &followed_to;
  }
  return Error(ExitCode::WriteError, "can't follow the link " + path + ": " + std::strerror(ELOOP));
}

Result<int> create_unlinked_temp_file(const char* purpose) {
  const char* dir = std::getenv("TMPDIR");
  if (dir == nullptr || *dir == '\0') dir = "/tmp";
  std::string name = std::string(dir) + "/kurl-" + purpose + "-XXXXXX";
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    return Error(ExitCode::WriteError, "can't create a temporary file in " + std::string(dir) +
                                           ": " + std::strerror(errno));
  }
  ::unlink(name.c_str());
  return fd;
}

}  // namespace kurl
