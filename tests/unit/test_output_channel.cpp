#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <string>

#include "fd_contents.h"
#include "output/output_channel.h"

namespace {

// An anonymous file to write into and read back.
struct ScratchFile {
  int fd = -1;
  ScratchFile() {
    std::FILE* f = std::tmpfile();
    fd = ::dup(fileno(f));
    std::fclose(f);
  }
  ~ScratchFile() { ::close(fd); }
  std::string contents() const { return kurl_test::fd_contents(fd); }
};

}  // namespace

TEST_CASE("output channel: small and large writes arrive whole and in order") {
  ScratchFile file;
  kurl::OutputChannel out(file.fd, "output to scratch");
  std::string expected;
  for (size_t size : {1, 10, 70000, 3, 65536, 65535, 200000, 7}) {
    std::string piece(size, static_cast<char>('a' + expected.size() % 26));
    expected += piece;
    REQUIRE(out.write(piece));
  }
  REQUIRE(out.flush());
  CHECK(file.contents() == expected);
  CHECK_FALSE(out.failed());
}

TEST_CASE("output channel: a full disk shows on the flush of a small write") {
  int fd = ::open("/dev/full", O_WRONLY);
  REQUIRE(fd >= 0);
  kurl::OutputChannel out(fd, "output to stdout");
  CHECK(out.write("hello\n"));  // buffered: the failure cannot be known yet
  CHECK_FALSE(out.flush());
  CHECK(out.failed());
  CHECK(out.error().code == kurl::ExitCode::WriteError);
  CHECK(out.error().message == "failure writing output to stdout: No space left on device");
  CHECK_FALSE(out.write("more"));
  CHECK_FALSE(out.flush());
  ::close(fd);
}

TEST_CASE("output channel: a closed pipe fails the write, the first error is kept") {
  std::signal(SIGPIPE, SIG_IGN);
  int ends[2];
  REQUIRE(::pipe(ends) == 0);
  ::close(ends[0]);
  kurl::OutputChannel out(ends[1], "the report to -");
  CHECK_FALSE(out.write(std::string(100000, 'x')));  // past the buffer: written at once
  CHECK(out.error().message == "failure writing the report to -: Broken pipe");
  CHECK_FALSE(out.failure_reported());
  out.mark_failure_reported();
  CHECK(out.failure_reported());
  ::close(ends[1]);
}

TEST_CASE("output channel: open_file creates the file and close() reports") {
  char dir[] = "/tmp/kurl-channel-XXXXXX";
  REQUIRE(::mkdtemp(dir) != nullptr);
  std::string path = std::string(dir) + "/r.jsonl";
  auto opened = kurl::OutputChannel::open_file(path, "the report to " + path);
  REQUIRE(opened);
  (*opened)->write("{}\n");
  CHECK((*opened)->close());
  std::FILE* f = std::fopen(path.c_str(), "r");
  REQUIRE(f != nullptr);
  char line[8] = {};
  CHECK(std::fgets(line, sizeof line, f) != nullptr);
  std::fclose(f);
  CHECK(std::string(line) == "{}\n");
  auto refused = kurl::OutputChannel::open_file(dir, "the report to " + std::string(dir));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == kurl::ExitCode::WriteError);
  CHECK(refused.error().message ==
        "failure writing the report to " + std::string(dir) + ": Is a directory");
  ::unlink(path.c_str());
  ::rmdir(dir);
}
