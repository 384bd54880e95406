#include "core/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kurl {

Result<std::string> read_whole_file(const std::string& path) {
  bool is_stdin = path == "-";
  std::FILE* file = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (!file) {
    return Error(ExitCode::ReadError, "can't read data from file \"" + path + "\": " + std::strerror(errno));
  }
  std::string content;
  char buffer[64 * 1024];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) content.append(buffer, n);
  bool failed = std::ferror(file) != 0;
  int err = errno;
  if (!is_stdin) std::fclose(file);
  if (failed) {
    return Error(ExitCode::ReadError, "can't read data from file \"" + path + "\": " + std::strerror(err));
  }
  return content;
}

}  // namespace kurl
