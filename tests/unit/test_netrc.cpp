// core/netrc: the netrc parser, case by case as curl 7.88 read the same files.
#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "core/netrc.h"

namespace {

// "login:password" for `host`, "none" when nothing fits, "error" for a parse error.
std::string look(std::string_view text, std::string_view host = "127.0.0.1") {
  kurl::Result<std::optional<kurl::NetrcEntry>> got = kurl::netrc_lookup(text, host, "n");
  if (!got) return "error";
  if (!got->has_value()) return "none";
  return (*got)->login + ":" + (*got)->password;
}

}  // namespace

TEST_CASE("netrc: the machine's login and password") {
  CHECK(look("machine 127.0.0.1 login alice password s3cret\n") == "alice:s3cret");
  CHECK(look("MACHINE 127.0.0.1 LOGIN a PASSWORD b\n") == "a:b");
  CHECK(look("machine 127.0.0.1\nlogin a\npassword b\n") == "a:b");  // across lines
  CHECK(look("machine 127.0.0.1 login a\tpassword b\r\n") == "a:b");
  CHECK(look("machine EXAMPLE.com login a password b", "example.com") == "a:b");  // no newline
}

TEST_CASE("netrc: only the named host, else default, else nothing") {
  std::string text = "machine other login bob password b\ndefault login d password e\n";
  CHECK(look(text) == "d:e");
  CHECK(look(text, "other") == "bob:b");
  CHECK(look("machine other login bob password b\n") == "none");
  CHECK(look("machine 127.0.0.1 login a password b\n", "localhost") == "none");
  // The first entry that gives both wins: a default before the machine.
  CHECK(look("default login d password e\nmachine 127.0.0.1 login a password b\n") == "d:e");
  CHECK(look("") == "none");
}

TEST_CASE("netrc: a login without password has an empty one, and the other way round") {
  CHECK(look("machine 127.0.0.1 login alice\n") == "alice:");
  CHECK(look("machine 127.0.0.1 password only\n") == ":only");
  CHECK(look("machine 127.0.0.1\n") == "none");
}

TEST_CASE("netrc: quoted values and their escapes") {
  CHECK(look("machine 127.0.0.1 login \"al ice\" password \"s3\\\"c\\nret\"\n") ==
        "al ice:s3\"c\nret");
  CHECK(look("machine 127.0.0.1 login \"a\\\\b\" password \"\"\n") == "a\\b:");
  CHECK(look("machine 127.0.0.1 login a password \"b\\x\"\n") == "a:bx");
  CHECK(look("machine 127.0.0.1 login \"alice password x\n") == "error");
  CHECK(look("machine 127.0.0.1 login a password \"b c\n") == "error");
}

TEST_CASE("netrc: what comes after the entry found is never read, errors included") {
  CHECK(look("machine 127.0.0.1 login a password b\nmachine 127.0.0.1 login \"open\n") == "a:b");
  CHECK(look("machine 127.0.0.1 login a password b machine\n") == "a:b");
}

TEST_CASE("netrc: comments start at a token, macros run to an empty line") {
  CHECK(look("# comment\nmachine 127.0.0.1 login a password b # tail\n") == "a:b");
  CHECK(look("machine 127.0.0.1 login a password #b\nc\n") == "a:c");
  CHECK(look("machine 127.0.0.1 login a password p#x\n") == "a:p#x");
  CHECK(look("macdef init\nmachine 127.0.0.1 login mac password m\n\n"
             "machine 127.0.0.1 login alice password p\n") == "alice:p");
  // A line of blanks does not end a macro.
  CHECK(look("macdef x\n  machine 127.0.0.1 login mac password m\n   \n"
             "machine 127.0.0.1 login z password y\n") == "none");
}

TEST_CASE("netrc: the error names the file and the line") {
  auto got = kurl::netrc_lookup("\nmachine h login \"x\n", "h", "/home/u/.netrc");
  REQUIRE_FALSE(got);
  CHECK(got.error().exit_code() == 26);
  CHECK(got.error().message ==
        "netrc file /home/u/.netrc line 2: a quoted value has no closing quote");
}
