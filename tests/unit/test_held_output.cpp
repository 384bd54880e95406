#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fd_contents.h"
#include "output/held_output.h"
#include "output/output_channel.h"

namespace {

// Standard output's stand-in: an anonymous file read back after the test writes.
struct CapturedOutput {
  std::FILE* file = std::tmpfile();
  kurl::OutputChannel channel{fileno(file), "output to stdout"};
  ~CapturedOutput() { std::fclose(file); }
  std::string text() {
    channel.flush();
    return kurl_test::fd_contents(fileno(file));
  }
};

// Sets TMPDIR for one test, and puts the old value back.
struct TmpDirOverride {
  std::string old;
  bool had;
  explicit TmpDirOverride(const char* dir) : had(std::getenv("TMPDIR") != nullptr) {
    if (had) old = std::getenv("TMPDIR");
    ::setenv("TMPDIR", dir, 1);
  }
  ~TmpDirOverride() {
    if (had) {
      ::setenv("TMPDIR", old.c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }
};

}  // namespace

TEST_CASE("held output: within the budget the bytes stay in memory") {
  kurl::HeldMemoryBudget budget;
  budget.limit = 100;
  kurl::HeldOutput held;
  REQUIRE(held.hold("hello ", budget).ok());
  REQUIRE(held.hold("world", budget).ok());
  CHECK(budget.used == 11);
  CHECK(held.spilled_bytes() == 0);
  CapturedOutput out;
  REQUIRE(held.release(out.channel, budget).ok());
  CHECK(out.text() == "hello world");
  CHECK(budget.used == 0);
  CHECK(held.empty());
}

TEST_CASE("held output: past the budget later bytes spill to a file, order kept") {
  kurl::HeldMemoryBudget budget;
  budget.limit = 10;
  kurl::HeldOutput first, second;
  REQUIRE(first.hold("0123456", budget).ok());  // 7 in memory
  REQUIRE(second.hold("abcd", budget).ok());    // 7 + 4 > 10: spills
  CHECK(second.spilled_bytes() == 4);
  REQUIRE(first.hold("789", budget).ok());  // 10: still fits
  REQUIRE(first.hold("X", budget).ok());    // spills, and so does all that follows
  REQUIRE(first.hold("", budget).ok());
  CHECK(first.spilled_bytes() == 1);
  std::string big(300000, 'z');
  REQUIRE(second.hold(big, budget).ok());
  CHECK(budget.used == 10);
  CapturedOutput out;
  REQUIRE(first.release(out.channel, budget).ok());
  CHECK(budget.used == 0);
  REQUIRE(second.release(out.channel, budget).ok());
  CHECK(out.text() == "0123456789X" + std::string("abcd") + big);
  CHECK(first.empty());
  CHECK(second.empty());
}

TEST_CASE("held output: a spill file that can't be made is a write error, nothing released") {
  TmpDirOverride tmp("/nonexistent-kurl-dir");
  kurl::HeldMemoryBudget budget;
  budget.limit = 4;
  kurl::HeldOutput held;
  REQUIRE(held.hold("abc", budget).ok());
  kurl::Error error = held.hold("defg", budget);
  CHECK(error.code == kurl::ExitCode::WriteError);
  CHECK(error.message ==
        "can't create a temporary file in /nonexistent-kurl-dir: No such file or directory");
  CHECK(held.hold("h", budget).code == kurl::ExitCode::WriteError);  // no body with a hole
  CapturedOutput out;
  CHECK(held.release(out.channel, budget).ok());  // hold() told the request already
  CHECK(out.text().empty());
  CHECK(budget.used == 0);
}

TEST_CASE("held output: discard gives the memory back and closes the spill file") {
  kurl::HeldMemoryBudget budget;
  budget.limit = 2;
  kurl::HeldOutput held;
  REQUIRE(held.hold("ab", budget).ok());
  REQUIRE(held.hold("cd", budget).ok());
  held.discard(budget);
  CHECK(budget.used == 0);
  CHECK(held.empty());
}
