#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "output/output_path.h"

namespace {

using kurl::ExitCode;

std::string expand(std::string_view pattern, std::string_view target, uint64_t index = 1,
                   std::string_view host = "example.com") {
  std::string out = "left over from the last request";
  kurl::expand_output_template(out, pattern, index, host, target);
  return out;
}

bool is_safe_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

}  // namespace

TEST_CASE("output path: is_output_template") {
  CHECK(kurl::is_output_template("{n}.html"));
  CHECK(kurl::is_output_template("out/{host}"));
  CHECK(kurl::is_output_template("{path}"));
  CHECK(kurl::is_output_template("x-{basename}"));
  CHECK_FALSE(kurl::is_output_template("out.txt"));
  CHECK_FALSE(kurl::is_output_template("{nope}"));
  CHECK_FALSE(kurl::is_output_template("{N}"));
  CHECK_FALSE(kurl::is_output_template(""));
}

TEST_CASE("output path: {n} is the 1-based index") {
  CHECK(expand("{n}.html", "/", 7) == "7.html");
  CHECK(expand("page-{n}-{n}", "/", 3) == "page-3-3");
  CHECK(expand("{n}", "/", 12345678901ULL) == "12345678901");
}

TEST_CASE("output path: {host}") {
  CHECK(expand("{host}.html", "/") == "example.com.html");
  CHECK(expand("{host}", "/", 1, "example.com:8080") == "example.com_8080");
  CHECK(expand("{host}", "/", 1, "::1") == "__1");
  CHECK(expand("{host}", "/", 1, "a/b") == "a_b");
}

TEST_CASE("output path: {basename} is the last path segment") {
  CHECK(expand("{basename}", "/a/b.html") == "b.html");
  CHECK(expand("{basename}", "/file.tar.gz?x=1&y=/z") == "file.tar.gz");
  CHECK(expand("{basename}", "/") == "index.html");
  CHECK(expand("{basename}", "/dir/") == "index.html");
  CHECK(expand("{basename}", "/?q=1") == "index.html");
  CHECK(expand("{basename}", "") == "index.html");
  CHECK(expand("{basename}", "/a/..") == "index.html");
  CHECK(expand("{basename}", "/a/.") == "index.html");
}

TEST_CASE("output path: {path} is the whole path made into one file name") {
  CHECK(expand("{path}", "/a/b/c.txt?x=1") == "a_b_c.txt");
  CHECK(expand("{path}", "/dir/") == "dir_");
  CHECK(expand("{path}", "/a%20b") == "a_20b");
  CHECK(expand("{path}", "/") == "index");
  CHECK(expand("{path}", "") == "index");
  CHECK(expand("{path}", "?q=1") == "index");
  CHECK(expand("{path}", "/.hidden") == "_.hidden");
  CHECK(expand("{path}", "/../../etc/passwd") == "_.._.._etc_passwd");
}

TEST_CASE("output path: {path} never yields '/', '..' or a leading dot") {
  const std::string_view targets[] = {"/",
                                      "//",
                                      "///",
                                      "/.",
                                      "/..",
                                      "/...",
                                      "/.hidden",
                                      "/../../etc/passwd",
                                      "/..%2f..%2fetc",
                                      "/%2e%2e/%2e%2e/x",
                                      "/a/../../b",
                                      "/a\\b",
                                      "/C:/x",
                                      "/~user/",
                                      "/\x01\x7f",
                                      "/a b",
                                      "?x=/../..",
                                      "",
                                      "/{n}/{path}",
                                      "/.%2e",
                                      "/./.",
                                      "/\xC3\xA9t\xC3\xA9"};
  for (std::string_view target : targets) {
    INFO("target: " << target);
    std::string name = expand("{path}", target);
    CHECK_FALSE(name.empty());
    CHECK(name != ".");
    CHECK(name != "..");
    CHECK(name.front() != '.');
    bool all_safe = true;
    for (char c : name) all_safe = all_safe && is_safe_char(c);
    INFO("name: " << name);
    CHECK(all_safe);
  }
}

TEST_CASE("output path: several placeholders in one pattern") {
  CHECK(expand("out/{host}/{n}-{basename}", "/a/b.txt", 2) == "out/example.com/2-b.txt");
  CHECK(expand("{path}.{n}", "/x/y", 5) == "x_y.5");
  CHECK(expand("{unknown}-{n}", "/", 1) == "{unknown}-1");
  // A placeholder-looking target is not expanded a second time.
  CHECK(expand("{basename}", "/{n}") == "{n}");
}

TEST_CASE("output path: -O uses the last segment without the query") {
  auto name = kurl::remote_file_name("/dir/file.tar.gz");
  REQUIRE(name.ok());
  CHECK(*name == "file.tar.gz");
  CHECK(*kurl::remote_file_name("/file?x=1") == "file");
  CHECK(*kurl::remote_file_name("/a/b?c/d") == "b");
  CHECK(*kurl::remote_file_name("/%2e%2e") == "%2e%2e");
}

TEST_CASE("output path: -O without a file name is a write error, exit 23") {
  for (std::string_view target : {"/", "/dir/", "", "?a=b/c", "/?q", "/..", "/."}) {
    INFO("target: '" << target << "'");
    auto name = kurl::remote_file_name(target);
    REQUIRE_FALSE(name.ok());
    CHECK(name.error().code == ExitCode::WriteError);
    CHECK(name.error().exit_code() == 23);
  }
}

namespace {

std::string confined(std::string_view dir, std::string_view name, bool from_command_line) {
  std::string path = "left over from the last request";
  kurl::Error error = kurl::confine_output_path(dir, name, from_command_line, path);
  return error.ok() ? path : "refused: " + error.message;
}

}  // namespace

TEST_CASE("output path: confine_output_path joins --output-dir and the name") {
  CHECK(confined("", "f.txt", true) == "f.txt");
  CHECK(confined("out", "f.txt", true) == "out/f.txt");
  CHECK(confined("out/", "f.txt", false) == "out/f.txt");
  CHECK(confined("/", "f.txt", true) == "/f.txt");
  CHECK(confined("out", "sub/f.txt", false) == "out/sub/f.txt");
  CHECK(confined("out", "a..b/..c/d..", false) == "out/a..b/..c/d..");
}

TEST_CASE("output path: a name the user gave freely may go anywhere") {
  CHECK(confined("", "/abs/f.txt", true) == "/abs/f.txt");
  CHECK(confined("", "../f.txt", true) == "../f.txt");
  CHECK(confined("", "a/../../f.txt", true) == "a/../../f.txt");
}

TEST_CASE("output path: names from a batch line or under --output-dir stay inside") {
  CHECK(confined("", "/etc/passwd", false) ==
        "refused: refusing to write outside the working directory: /etc/passwd");
  CHECK(confined("", "../f.txt", false) ==
        "refused: refusing to write outside the working directory: ../f.txt");
  CHECK(confined("out", "/abs/f.txt", true) ==
        "refused: refusing to write outside the output directory: /abs/f.txt");
  CHECK(confined("out", "a/../../f.txt", true) ==
        "refused: refusing to write outside the output directory: a/../../f.txt");
  for (std::string_view name : {"..", "../", "a/..", "a/../b", "./../b", "a//../b"}) {
    std::string path;
    kurl::Error error = kurl::confine_output_path("out", name, false, path);
    REQUIRE_FALSE(error.ok());
    CHECK(error.code == ExitCode::WriteError);
  }
}

TEST_CASE("output path: {host} is cleaned like {path}") {
  for (std::string_view host : {"..", ".", "", "../../etc", ".hidden", "a/../b", "[::1]"}) {
    std::string name = expand("{host}", "/", 1, host);
    INFO(host);
    CHECK(name.find('/') == std::string::npos);
    CHECK(name != "..");
    CHECK(name != ".");
    CHECK_FALSE(name.empty());
    CHECK(name.front() != '.');
    for (char c : name) CHECK(is_safe_char(c));
  }
  CHECK(expand("{host}", "/", 1, "") == "host");
  CHECK(expand("{host}", "/", 1, "..") == "host");
  CHECK(expand("{host}", "/", 1, ".hidden") == "_.hidden");
}
