#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/help_layout.h"
#include "cli/help_text.h"
#include "cli/options.h"
#include "parse_args.h"

namespace {

kurl::ParseOutcome parse(std::vector<std::string> args) {
  return parse_args(std::move(args));
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string help(const std::vector<std::string>& args) {
  kurl::ParseOutcome outcome = parse(args);
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::ShowHelp);
  return outcome.text;
}

}  // namespace

TEST_CASE("help: every line fits 80 columns, in every form") {
  std::vector<std::vector<std::string>> forms = {{"--help"}, {"-h"}, {"--help", "all"}};
  for (const kurl::HelpTopic& topic : kurl::help_topics()) forms.push_back({"--help", topic.key});
  for (const auto& form : forms) {
    for (const std::string& line : lines_of(help(form))) {
      INFO(form.back() << ": " << line);
      CHECK(line.size() < 80);
    }
  }
}

TEST_CASE("help: no CLI11 decorations") {
  std::string text = help({"--help", "all"});
  for (const char* decoration : {":{", ":UINT", ":INT", "in [", "[Option Group", "=15",
                                 "Positionals", "TEXT", "REQUIRED", "Excludes"}) {
    INFO(decoration);
    CHECK(text.find(decoration) == std::string::npos);
  }
  CHECK(text.find("--stats[=FORMAT]") != std::string::npos);
  CHECK(text.find("--keepalive SECONDS") != std::string::npos);
  CHECK(text.find("(default 15 s)") != std::string::npos);
}

TEST_CASE("help: --help all has every flag, under the topics in their order") {
  std::string text = help({"--help", "all"});
  size_t at = 0;
  for (const kurl::HelpTopic& topic : kurl::help_topics()) {
    size_t heading = text.find("\n" + std::string(topic.group) + ":\n");
    INFO(topic.group);
    REQUIRE(heading != std::string::npos);
    CHECK(heading > at);
    at = heading;
  }
  CLI::App app;
  for (const char* name :
       {"--verbose", "--keepalive", "-P", "--batch", "--cacert", "--expect-status", "--stats",
        "--stats-file", "--compressed", "--resolve", "--cookie", "--version", "--help"}) {
    INFO(name);
    CHECK(text.find(name) != std::string::npos);
  }
}

TEST_CASE("help: --help all's headings are the topics, each once, in order") {
  // A flag whose group is no topic would add a heading of its own.
  std::vector<std::string> headings, groups;
  for (const std::string& line : lines_of(help({"--help", "all"}))) {
    if (!line.empty() && line[0] != ' ' && line.back() == ':' && line != "Examples:")
      headings.push_back(line.substr(0, line.size() - 1));
  }
  for (const kurl::HelpTopic& topic : kurl::help_topics()) groups.push_back(topic.group);
  CHECK(headings == groups);
}

TEST_CASE("help: plain --help is short, lists the topics and ends with examples") {
  std::string text = help({"--help"});
  CHECK(text.rfind("Usage: kurl", 0) == 0);
  CHECK(text.find("'kurl --help all'") != std::string::npos);
  CHECK(text.find("Examples:") != std::string::npos);
  for (const kurl::HelpTopic& topic : kurl::help_topics()) {
    INFO(topic.key);
    CHECK(text.find(std::string("  ") + topic.key + " ") != std::string::npos);
  }
  CHECK(text.find("--keepalive") != std::string::npos);
  CHECK(text.find("--abstract-unix-socket") == std::string::npos);  // only the most used
  CHECK(lines_of(text).size() * 2 < lines_of(help({"--help", "all"})).size());
}

TEST_CASE("help: --help TOPIC shows that topic only, any case") {
  std::string tls = help({"--help", "tls"});
  CHECK(tls.find("TLS and proxies:") != std::string::npos);
  CHECK(tls.find("--cacert") != std::string::npos);
  CHECK(tls.find("--keepalive") == std::string::npos);
  CHECK(help({"--help=TLS"}) == tls);
  CHECK(help({"-h", "connections"}).find("--keepalive") != std::string::npos);
}

TEST_CASE("help: an unknown topic is a usage error naming the topics") {
  kurl::ParseOutcome outcome = parse({"--help", "reqests"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::UsageError);
  CHECK(outcome.text ==
        "unknown help topic 'reqests'; did you mean requests? topics: all, general, requests, "
        "output, connections, batch, tls, ci, statistics");
  outcome = parse({"--help", "zebra"});
  REQUIRE(outcome.action == kurl::ParseOutcome::Action::UsageError);
  CHECK(outcome.text.rfind("unknown help topic 'zebra'; topics: all, general", 0) == 0);
}

TEST_CASE("help layout: wraps at spaces, lines up long names, strips validator text") {
  CHECK(kurl::wrap_text("a b c", 2) == "  a b c\n");
  std::string words;
  for (int i = 0; i < 40; ++i) words += "word ";
  for (const std::string& line : lines_of(kurl::wrap_text(words, 28))) {
    CHECK(line.size() <= kurl::kHelpWidth);
    CHECK(line.rfind(std::string(28, ' ') + "word", 0) == 0);
  }
  CLI::App app;
  std::string value;
  CLI::Option* member = app.add_option("--colour", value, "Colour: auto, always or never")
                            ->type_name("WHEN")
                            ->check(CLI::IsMember({"auto", "always", "never"}));
  CHECK(kurl::flag_names(*member) == "    --colour WHEN");
  CHECK(kurl::flag_entry(*member) == "      --colour WHEN         Colour: auto, always or never\n");
  CLI::Option* both = app.add_option("-c,--connect-to-somewhere-far", value, "Far")
                          ->type_name("HOST1:PORT1:HOST2:PORT2");
  CHECK(kurl::flag_entry(*both) == "  -c, --connect-to-somewhere-far HOST1:PORT1:HOST2:PORT2\n" +
                                       std::string(28, ' ') + "Far\n");
}

TEST_CASE("help: a group that is no topic still shows in --help all") {
  CLI::App app;
  bool flag = false;
  app.add_flag("--shiny", flag, "Something new")->group("Experimental");
  app.add_flag("--plain", flag, "Something old")->group("Output");
  kurl::Result<std::string> all = kurl::render_help(app, "all");
  REQUIRE(all.ok());
  CHECK(all->find("Output:\n      --plain") != std::string::npos);
  CHECK(all->find("Experimental:\n      --shiny") != std::string::npos);
  CHECK(all->find("Output:") < all->find("Experimental:"));
}
