#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "fd_contents.h"
#include "output/body_writer.h"
#include "output/output_channel.h"

namespace {

void start(kurl::BodyWriter& writer, uint64_t index) {
  kurl::TransferStart e;
  e.index = index;
  e.url = "http://127.0.0.1/";
  writer.on_transfer_start(e);
}

// Ends a request as the engine does: amend_result first, then on_transfer_end.
kurl::TransferResult end(kurl::BodyWriter& writer, uint64_t index) {
  kurl::TransferResult result;
  result.index = index;
  result.status = 200;
  writer.amend_result(result);
  writer.on_transfer_end(result);
  return result;
}

}  // namespace

TEST_CASE("body writer: a later body past the memory bound spills and comes out in order") {
  std::FILE* file = std::tmpfile();
  kurl::OutputChannel out(fileno(file), "output to stdout");
  kurl::BodyOutputConfig config;
  config.max_held = 3;
  config.max_held_bytes = 8;
  kurl::BodyWriter writer(config, out);
  start(writer, 1);
  start(writer, 2);
  start(writer, 3);
  writer.on_response_body(2, "BBBBBBBBBBBB");  // 12 bytes: past the bound, to a spill file
  writer.on_response_body(3, "ccc");           // fits in memory
  writer.on_response_body(1, "first ");
  writer.on_response_body(2, "bb");
  CHECK(end(writer, 3).error.ok());
  CHECK(end(writer, 2).error.ok());
  out.flush();
  CHECK(kurl_test::fd_contents(fileno(file)) == "first ");  // 2 and 3 wait for 1
  CHECK(writer.holds_back());  // three requests unwritten: -P 3 reached
  CHECK(end(writer, 1).error.ok());
  out.flush();
  CHECK(kurl_test::fd_contents(fileno(file)) == "first BBBBBBBBBBBBbbccc");
  CHECK_FALSE(writer.holds_back());
  CHECK(writer.stop_reason().ok());
  std::fclose(file);
}

TEST_CASE("body writer: a small body on a full disk fails its request (23)") {
  int fd = ::open("/dev/full", O_WRONLY);
  REQUIRE(fd >= 0);
  kurl::OutputChannel out(fd, "output to stdout");
  kurl::BodyWriter writer(kurl::BodyOutputConfig{}, out);
  start(writer, 1);
  writer.on_response_body(1, "hello\n");
  kurl::TransferResult result = end(writer, 1);
  CHECK(result.error.code == kurl::ExitCode::WriteError);
  CHECK(result.error.message == "failure writing output to stdout: No space left on device");
  CHECK(out.failure_reported());  // shown with the request: main does not repeat it
  CHECK(writer.stop_reason().code == kurl::ExitCode::WriteError);
  ::close(fd);
}

TEST_CASE("body writer: a held body lost on stdout fails the run, not silently") {
  int fd = ::open("/dev/full", O_WRONLY);
  REQUIRE(fd >= 0);
  kurl::OutputChannel out(fd, "output to stdout");
  kurl::BodyOutputConfig config;
  config.max_held = 2;
  kurl::BodyWriter writer(config, out);
  start(writer, 1);
  start(writer, 2);
  writer.on_response_body(2, "held\n");
  CHECK(end(writer, 2).error.ok());  // written later: its result can't know yet
  CHECK(end(writer, 1).error.ok());  // an empty body writes nothing
  CHECK(out.failed());               // ...but the held bytes could not be written
  CHECK_FALSE(out.failure_reported());
  CHECK(writer.stop_reason().code == kurl::ExitCode::WriteError);
  ::close(fd);
}
