#include <uv.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "engine/body_source.h"
#include "scratch_dir.h"

namespace {

/// Counts wake-ups; the test runs the loop until one comes.
struct CountingWaker final : kurl::BodyWaker {
  int wakes = 0;
  void on_body_ready() override { ++wakes; }
};

struct Loop {
  uv_loop_t loop;
  Loop() { uv_loop_init(&loop); }
  ~Loop() {
    uv_run(&loop, UV_RUN_DEFAULT);  // lets orphaned reads and closes finish
    CHECK(uv_loop_close(&loop) == 0);
  }
};

void write_file(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

/// Pulls the whole body in pieces of at most `max`, running the loop while it is pending.
kurl::BodyStream::Status pull_all(uv_loop_t* loop, kurl::StreamedBody& body, size_t max,
                                  std::string& out, CountingWaker& waker) {
  body.set_waker(&waker);
  for (int rounds = 0; rounds < 100000; ++rounds) {
    std::string_view piece;
    kurl::BodyStream::Status status = body.next(max, piece);
    if (status == kurl::BodyStream::Status::Data) {
      CHECK(piece.size() <= max);
      out.append(piece);
      continue;
    }
    if (status != kurl::BodyStream::Status::Pending) return status;
    int before = waker.wakes;
    while (waker.wakes == before) uv_run(loop, UV_RUN_ONCE);  // the read lands and wakes us
  }
  return kurl::BodyStream::Status::Failed;
}

}  // namespace

TEST_CASE("body source: text and files in order, read through the thread pool") {
  kurl_test::ScratchDir dir;
  std::string big(kurl::kFileReadBytes * 2 + 123, 'z');
  write_file(dir / "big", big);
  write_file(dir / "small", "abc");
  kurl::BodyPlan plan;
  plan.add_text("head|");
  plan.add_file(dir / "big", big.size(), false);
  plan.add_text("|");
  plan.add_file(dir / "small", 3, false);
  plan.add_text("|tail");
  REQUIRE(plan.size() == 5 + big.size() + 1 + 3 + 5);
  CHECK_FALSE(plan.in_memory());
  Loop loop;
  kurl::StreamedBody body(&loop.loop, plan);
  CountingWaker waker;
  std::string out;
  CHECK(pull_all(&loop.loop, body, 100000, out, waker) == kurl::BodyStream::Status::End);
  CHECK(out == "head|" + big + "|abc|tail");
  CHECK(waker.wakes >= 4);  // one per read at least: nothing came synchronously

  // A resend (stale replay, 307, --retry) reads the files again from their start.
  REQUIRE(body.rewind());
  std::string again;
  CHECK(pull_all(&loop.loop, body, 7, again, waker) == kurl::BodyStream::Status::End);
  CHECK(again == out);
}

TEST_CASE("body source: -d @file drops CR and LF, even at buffer edges") {
  kurl_test::ScratchDir dir;
  std::string text;
  for (int i = 0; i < 40000; ++i) text += "line " + std::to_string(i) + "\r\n\n";
  write_file(dir / "lines", text);
  std::string expected;
  for (char c : text)
    if (c != '\r' && c != '\n') expected.push_back(c);
  kurl::BodyPlan plan;
  plan.add_file(dir / "lines", expected.size(), true);
  Loop loop;
  kurl::StreamedBody body(&loop.loop, plan);
  CountingWaker waker;
  std::string out;
  CHECK(pull_all(&loop.loop, body, kurl::kFileReadBytes, out, waker) ==
        kurl::BodyStream::Status::End);
  CHECK(out == expected);
}

TEST_CASE("body source: a file read no further than its announced size") {
  kurl_test::ScratchDir dir;
  write_file(dir / "grown", "0123456789");
  kurl::BodyPlan plan;
  plan.add_file(dir / "grown", 4, false);  // it grew after it was stat'ed
  Loop loop;
  kurl::StreamedBody body(&loop.loop, plan);
  CountingWaker waker;
  std::string out;
  CHECK(pull_all(&loop.loop, body, 100, out, waker) == kurl::BodyStream::Status::End);
  CHECK(out == "0123");
}

TEST_CASE("body source: a missing file fails with 26 naming it") {
  kurl_test::ScratchDir dir;
  kurl::BodyPlan plan;
  plan.add_file(dir / "gone", 10, false);
  Loop loop;
  kurl::StreamedBody body(&loop.loop, plan);
  CountingWaker waker;
  std::string out;
  CHECK(pull_all(&loop.loop, body, 100, out, waker) == kurl::BodyStream::Status::Failed);
  CHECK(body.error().code == kurl::ExitCode::ReadError);
  CHECK(body.error().message.find("gone") != std::string::npos);
}

TEST_CASE("body source: a stream read sequentially cannot be rewound once sent") {
  kurl_test::ScratchDir dir;
  write_file(dir / "pipe-like", "streamed bytes");
  kurl::BodyPlan plan;
  plan.add_stdin(dir / "pipe-like");
  CHECK_FALSE(plan.size().has_value());  // unknown: it goes chunked
  Loop loop;
  kurl::StreamedBody body(&loop.loop, plan);
  CHECK(body.rewind());  // nothing sent yet: a resend may still start it
  CountingWaker waker;
  std::string out;
  CHECK(pull_all(&loop.loop, body, 4, out, waker) == kurl::BodyStream::Status::End);
  CHECK(out == "streamed bytes");
  CHECK_FALSE(body.rewind());
}

TEST_CASE("body source: destroyed while a read is in flight, it leaks nothing") {
  kurl_test::ScratchDir dir;
  write_file(dir / "f", std::string(1000, 'x'));
  kurl::BodyPlan plan;
  plan.add_file(dir / "f", 1000, false);
  Loop loop;
  {
    kurl::StreamedBody body(&loop.loop, plan);
    std::string_view piece;
    CHECK(body.next(100, piece) == kurl::BodyStream::Status::Pending);
  }  // the loop's destructor runs the orphaned open/read/close and checks uv_loop_close
}
