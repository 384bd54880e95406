#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/file_io.h"
#include "output/file_output.h"
#include "scratch_dir.h"

namespace {

namespace fs = std::filesystem;

using kurl_test::entries_in;
using kurl_test::ScratchDir;

std::string read(const std::string& path) {
  return kurl_test::read_file(path);
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Runs one body through a FileOutput; returns its error, `kept` as finish() says.
kurl::Error write_body(const std::string& path, const std::string& body, bool keep, bool& kept) {
  kurl::FileOutput out;
  kurl::Error error = out.open(path, 1, false);
  if (error.ok()) error = out.write(body);
  kurl::Error finished = out.finish(keep && error.ok(), kept);
  return error.ok() ? finished : error;
}

}  // namespace

TEST_CASE("file output: a new file appears whole, only when kept") {
  ScratchDir dir;
  bool kept = false;
  REQUIRE(write_body(dir / "a.txt", "body", true, kept).ok());
  CHECK(kept);
  CHECK(read(dir / "a.txt") == "body");
  REQUIRE(write_body(dir / "b.txt", "partial", false, kept).ok());
  CHECK_FALSE(kept);
  CHECK_FALSE(fs::exists(dir / "b.txt"));
  CHECK(entries_in(dir.path) == 1);  // no temporary file left behind
}

TEST_CASE("file output: an existing file keeps its mode") {
  ScratchDir dir;
  for (unsigned mode : {0600u, 0640u, 0755u, 0604u}) {
    write(dir / "f", "old");
    REQUIRE(::chmod((dir / "f").c_str(), mode) == 0);
    bool kept = false;
    REQUIRE(write_body(dir / "f", "new", true, kept).ok());
    CHECK(read(dir / "f") == "new");
    CHECK(mode_of(dir / "f") == mode);
  }
}

TEST_CASE("file output: a symlink is written through and stays a symlink") {
  ScratchDir dir;
  fs::create_directory(dir.path / "real");
  write(dir / "real/target", "old");
  REQUIRE(::chmod((dir / "real/target").c_str(), 0600) == 0);
  fs::create_symlink("real/target", dir.path / "link");       // relative
  fs::create_symlink(dir.path / "link", dir.path / "link2");  // a chain, absolute
  bool kept = false;
  REQUIRE(write_body(dir / "link2", "new", true, kept).ok());
  CHECK(fs::is_symlink(dir.path / "link"));
  CHECK(fs::is_symlink(dir.path / "link2"));
  CHECK(read(dir / "real/target") == "new");
  CHECK(mode_of(dir / "real/target") == 0600);
  CHECK(entries_in(dir.path / "real") == 1);
}

TEST_CASE("file output: a dangling symlink creates its target") {
  ScratchDir dir;
  fs::create_symlink("made.txt", dir.path / "link");
  bool kept = false;
  REQUIRE(write_body(dir / "link", "new", true, kept).ok());
  CHECK(fs::is_symlink(dir.path / "link"));
  CHECK(read(dir / "made.txt") == "new");
}

TEST_CASE("file output: a symlink loop is a write error") {
  ScratchDir dir;
  fs::create_symlink("b", dir.path / "a");
  fs::create_symlink("a", dir.path / "b");
  bool kept = true;
  kurl::Error error = write_body(dir / "a", "x", true, kept);
  CHECK(error.code == kurl::ExitCode::WriteError);
  CHECK_FALSE(kept);
}

TEST_CASE("file output: a directory that can't take the temporary file is a write error") {
  kurl::FileOutput out;
  kurl::Error error = out.open("/nonexistent-kurl-dir/f.txt", 1, false);
  CHECK(error.code == kurl::ExitCode::WriteError);
  CHECK(error.message ==
        "failure writing output to /nonexistent-kurl-dir/f.txt: No such file or directory");
  bool kept = true;
  CHECK(out.finish(false, kept).ok());
  CHECK_FALSE(kept);
}

namespace {

std::string resolved(const std::string& path) {
  std::string out = "left over from the last request";
  kurl::Error error = kurl::resolve_symlinks(path, out);
  return error.ok() ? out : "error: " + error.message;
}

}  // namespace

TEST_CASE("resolve_symlinks: plain paths and missing files come back unchanged") {
  ScratchDir dir;
  CHECK(resolved(dir / "missing") == dir / "missing");
  write(dir / "plain", "");
  CHECK(resolved(dir / "plain") == dir / "plain");
  fs::create_directory(dir.path / "sub");
  fs::create_symlink("../plain", dir.path / "sub/up");
  CHECK(resolved(dir / "sub/up") == dir / "sub/../plain");
}
