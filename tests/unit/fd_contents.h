// Test helper: what a descriptor's file holds, read from offset 0 without moving its offset.
#pragma once

#include <unistd.h>

#include <string>

namespace kurl_test {

inline std::string fd_contents(int fd) {
  std::string out;
  char buf[65536];
  for (off_t at = 0;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    at += n;
  }
  return out;
}

}  // namespace kurl_test
