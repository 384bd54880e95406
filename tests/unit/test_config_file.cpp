#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "cli/config_file.h"
#include "cli/options.h"
#include "scratch_dir.h"

namespace {

using kurl::ConfigLine;
using kurl::split_config_line;

ConfigLine split(const std::string& line) {
  kurl::Result<std::optional<ConfigLine>> result = split_config_line(line);
  REQUIRE(result.ok());
  REQUIRE(result->has_value());
  return **result;
}

std::string split_error(const std::string& line) {
  kurl::Result<std::optional<ConfigLine>> result = split_config_line(line);
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Runs the parser with HOME and XDG_CONFIG_HOME pointing into `dir`, so no real kurlrc counts.
kurl::ParseOutcome parse(const kurl_test::ScratchDir& dir, std::vector<std::string> args) {
  ::setenv("HOME", (dir / "home").c_str(), 1);
  ::setenv("XDG_CONFIG_HOME", (dir / "xdg").c_str(), 1);
  args.insert(args.begin(), "kurl");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return kurl::parse_command_line(static_cast<int>(argv.size()), argv.data());
}

// Keeps the test environment's HOME and XDG_CONFIG_HOME for the tests after this one.
struct EnvironmentGuard {
  std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
  std::optional<std::string> xdg =
      std::getenv("XDG_CONFIG_HOME") ? std::optional<std::string>(std::getenv("XDG_CONFIG_HOME"))
                                     : std::nullopt;
  ~EnvironmentGuard() {
    ::setenv("HOME", home.c_str(), 1);
    if (xdg) {
      ::setenv("XDG_CONFIG_HOME", xdg->c_str(), 1);
    } else {
      ::unsetenv("XDG_CONFIG_HOME");
    }
  }
};

}  // namespace

TEST_CASE("config line: curl's separators") {
  for (const char* line : {"output = x", "output=x", "output: x", "output x", "--output x",
                           "  output\t=  x  ", "output = x # a comment", "output x\r"}) {
    ConfigLine parsed = split(line);
    CHECK(parsed.option == (std::string(line).find("--") != std::string::npos ? "--output"
                                                                              : "output"));
    CHECK(parsed.parameter == "x");
  }
  // With dashes, ':' and '=' are no separators: they stay in the option or the value.
  CHECK(split("-H X:y").parameter == "X:y");
  CHECK(split("--output=x").option == "--output=x");
  CHECK_FALSE(split("silent").parameter.has_value());
  CHECK_FALSE(split("-sS").parameter.has_value());
}

TEST_CASE("config line: quotes and curl's escapes") {
  CHECK(split(R"(header = "X-A: b c")").parameter == "X-A: b c");
  CHECK(split(R"(w = "a\tb\nc\rd\ve\\f\"g\qh")").parameter == "a\tb\nc\rd\ve\\f\"gqh");
  CHECK(split(R"(user-agent = "")").parameter == "");
  CHECK(split(R"(x = ":starts with a colon")").parameter == ":starts with a colon");
  CHECK(split(R"(x = "v" # comment)").parameter == "v");
}

TEST_CASE("config line: blanks and comments are skipped") {
  for (const char* line : {"", "   ", "\r", "# comment", "   # indented comment"}) {
    kurl::Result<std::optional<ConfigLine>> result = split_config_line(line);
    REQUIRE(result.ok());
    CHECK_FALSE(result->has_value());
  }
}

TEST_CASE("config line: what curl would silently mangle is an error") {
  CHECK(split_error(R"(header = "X: y)") == "missing closing quote");
  CHECK(split_error("header = X: y") ==
        "white space in the value of header: put the value in double quotes");
  CHECK(split_error(R"(header = "X: y" z)") == "text after the closing quote of header's value");
}

TEST_CASE("default config files: XDG first, then ~/.kurlrc") {
  using kurl::default_config_candidates;
  CHECK(default_config_candidates("/x", "/h") ==
        std::vector<std::string>{"/x/kurlrc", "/h/.kurlrc"});
  CHECK(default_config_candidates(nullptr, "/h") ==
        std::vector<std::string>{"/h/.config/kurlrc", "/h/.kurlrc"});
  // The XDG rules ignore an empty or relative value.
  CHECK(default_config_candidates("", "/h") ==
        std::vector<std::string>{"/h/.config/kurlrc", "/h/.kurlrc"});
  CHECK(default_config_candidates("rel", "/h") ==
        std::vector<std::string>{"/h/.config/kurlrc", "/h/.kurlrc"});
  CHECK(default_config_candidates("/x", "") == std::vector<std::string>{"/x/kurlrc"});
}

TEST_CASE("config file: every flag spelling becomes the command line's") {
  EnvironmentGuard guard;
  kurl_test::ScratchDir dir;
  write(dir / "k", "# a config\nurl = \"http://a/\"\n-sS\n-o out\nmax-time: 5\n"
                   "--header \"X-A: b c\"\nstats = json\n-P8\nlocation\n");
  kurl::ParseOutcome outcome = parse(dir, {"-K", dir / "k", "http://b/"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
  const kurl::Options& o = outcome.options;
  CHECK(o.urls == std::vector<std::string>{"http://a/", "http://b/"});
  CHECK(o.silent);
  CHECK(o.show_error);
  CHECK(o.outputs == std::vector<std::string>{"out"});
  CHECK(o.max_time == 5);
  CHECK(o.headers == std::vector<std::string>{"X-A: b c"});
  CHECK(o.stats == "json");
  CHECK(o.parallel == 8);
  CHECK(o.follow);
}

TEST_CASE("config file: the default file first, the command line wins, -q skips it") {
  EnvironmentGuard guard;
  kurl_test::ScratchDir dir;
  std::filesystem::create_directories(dir.path / "home");
  std::filesystem::create_directories(dir.path / "xdg");
  write(dir / "home/.kurlrc", "max-time = 7\n");
  CHECK(parse(dir, {"http://a/"}).options.max_time == 7);
  CHECK(parse(dir, {"-m", "3", "http://a/"}).options.max_time == 3);
  CHECK(parse(dir, {"-q", "http://a/"}).options.max_time == 0);
  CHECK(parse(dir, {"--disable", "http://a/"}).options.max_time == 0);
  // Not first, -q does nothing (curl's rule).
  CHECK(parse(dir, {"http://a/", "-q"}).options.max_time == 7);
  // $XDG_CONFIG_HOME/kurlrc wins over ~/.kurlrc; only the first found is read.
  write(dir / "xdg/kurlrc", "connect-timeout = 2\n");
  kurl::ParseOutcome both = parse(dir, {"http://a/"});
  CHECK(both.options.connect_timeout == 2);
  CHECK(both.options.max_time == 0);
  // A -K file is read in its place, the default file still first (curl's rule).
  write(dir / "k", "max-time = 9\n");
  CHECK(parse(dir, {"-K", dir / "k", "http://a/"}).options.connect_timeout == 2);
  CHECK(parse(dir, {"-m", "1", "-K", dir / "k", "http://a/"}).options.max_time == 9);
  CHECK(parse(dir, {"-K", dir / "k", "-m", "1", "http://a/"}).options.max_time == 1);
}

TEST_CASE("config file: -K spellings on the command line and nested") {
  EnvironmentGuard guard;
  kurl_test::ScratchDir dir;
  write(dir / "inner", "max-time = 4\n");
  write(dir / "outer", "config = \"" + (dir / "inner") + "\"\nurl = http://a/\n");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"-K", dir / "outer"}, {"-K" + (dir / "outer")},
        {"--config", dir / "outer"}, {"--config=" + (dir / "outer")}, {"-sK", dir / "outer"}}) {
    kurl::ParseOutcome outcome = parse(dir, args);
    REQUIRE(outcome.action == kurl::ParseOutcome::Action::Run);
    CHECK(outcome.options.max_time == 4);
    CHECK(outcome.options.urls == std::vector<std::string>{"http://a/"});
  }
  // An option's value is never taken for -K.
  kurl::ParseOutcome header = parse(dir, {"-H", "-K", "http://a/"});
  REQUIRE(header.action == kurl::ParseOutcome::Action::Run);
  CHECK(header.options.headers == std::vector<std::string>{"-K"});
}

TEST_CASE("config file: errors name the file and the line") {
  EnvironmentGuard guard;
  kurl_test::ScratchDir dir;
  auto error_of = [&](const std::string& text) {
    write(dir / "bad", text);
    kurl::ParseOutcome outcome = parse(dir, {"-K", dir / "bad", "http://a/"});
    CHECK(outcome.action == kurl::ParseOutcome::Action::UsageError);
    CHECK(outcome.exit_code == kurl::ExitCode::Usage);
    return outcome.text;
  };
  std::string bad = dir / "bad";
  CHECK(error_of("silent\n\n--foo\n") == "config " + bad + ":3: unknown option --foo");
  CHECK(error_of("-sX\n") == "config " + bad + ":1: -X needs a value");
  CHECK(error_of("-sZ\n-j yes\n") == "config " + bad + ":2: -j takes no value");
  CHECK(error_of("output\n") == "config " + bad + ":1: --output needs a value");
  CHECK(error_of("url = http://a/ x\n") ==
        "config " + bad + ":1: white space in the value of url: put the value in double quotes");
  CHECK(error_of("-K " + bad + "\n") ==
        "config " + bad + ":1: config files nested more than 16 deep (does one include itself?)");
}

TEST_CASE("config file: an unreadable file is exit 26") {
  EnvironmentGuard guard;
  kurl_test::ScratchDir dir;
  kurl::ParseOutcome outcome = parse(dir, {"-K", dir / "missing", "http://a/"});
  CHECK(outcome.action == kurl::ParseOutcome::Action::UsageError);
  CHECK(outcome.exit_code == kurl::ExitCode::ReadError);
  CHECK(outcome.text ==
        "(26) can't read config file \"" + (dir / "missing") + "\": No such file or directory");
  CHECK(parse(dir, {"-K", dir.path.string(), "http://a/"}).exit_code == kurl::ExitCode::ReadError);
}
