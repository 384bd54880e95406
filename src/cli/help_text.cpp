#include "cli/help_text.h"

#include <algorithm>
#include <cctype>

#include "cli/flag_suggestion.h"
#include "cli/help_layout.h"

namespace kurl {

namespace {

constexpr const char* kUsage =
    "Usage: kurl [OPTIONS] URL...\n"
    "       kurl [OPTIONS] --batch FILE|-\n";

constexpr const char* kAbout =
    "An HTTP client that reuses connections: every URL, and every line of a batch, is one "
    "request, and all requests of a run share one keep-alive connection pool.";

/// The flags plain --help shows for each topic: the ones most runs use.
const std::vector<std::string> kMostUsed = {
    "--help",     "--version",   "--request",       "--header",   "--data",
    "--user",     "--location",  "--output",        "--include",  "--silent",
    "--verbose",  "--write-out", "--keepalive",     "-P",         "--pipeline",
    "--max-time", "--batch",     "--report",        "--insecure", "--cacert",
    "--proxy",    "--fail",      "--expect-status", "--junit",    "--stats",
    "--config"};

constexpr const char* kExamples =
    "Examples:\n"
    "  kurl -i https://example.com/\n"
    "      One request, the response head before the body.\n"
    "  kurl -P 8 --batch urls.txt -o 'page{n}.html' --stats\n"
    "      A batch, 8 requests at once over reused connections, then the statistics.\n"
    "  kurl --batch smoke.txt --expect-status 2xx --expect-reuse 0.9 --junit ci.xml\n"
    "      A CI smoke test: fails (22) on a bad status or too little reuse.\n";

/// Where the topics' summaries start in plain --help.
constexpr size_t kKeyColumn = 16;

bool in_group(const CLI::Option* option, const char* group) {
  return !option->get_positional() && option->get_group() == group;
}

bool most_used(const CLI::Option* option) {
  return std::any_of(kMostUsed.begin(), kMostUsed.end(),
                     [option](const std::string& name) { return option->check_name(name); });
}

// One topic's heading and flags; "" when no flag of `app` is in it.
std::string topic_section(CLI::App& app, const HelpTopic& topic, bool only_most_used) {
  std::string entries;
  for (CLI::Option* option : app.get_options()) {
    if (in_group(option, topic.group) && (!only_most_used || most_used(option)))
      entries += flag_entry(*option);
  }
  return entries.empty() ? "" : std::string(topic.group) + ":\n" + entries;
}

// Flags in a group that is no topic still show (at the end of --help all), so none is lost.
std::string other_groups(CLI::App& app) {
  std::string text;
  std::vector<std::string> seen;
  for (CLI::Option* option : app.get_options()) {
    const std::string& group = option->get_group();
    bool topic = std::any_of(help_topics().begin(), help_topics().end(),
                             [&group](const HelpTopic& t) { return group == t.group; });
    if (option->get_positional() || topic || group.empty() ||
        std::find(seen.begin(), seen.end(), group) != seen.end())
      continue;
    seen.push_back(group);
    text += "\n" + topic_section(app, {group.c_str(), "", ""}, false);
  }
  return text;
}

std::string topic_keys() {
  std::string text;
  for (const HelpTopic& topic : help_topics())
    text += (text.empty() ? "" : ", ") + std::string(topic.key);
  return text;
}

std::string topic_list() {
  std::string text = "Topics ('kurl --help TOPIC' for its flags, 'kurl --help all' for all):\n";
  for (const HelpTopic& topic : help_topics()) {
    std::string key = std::string("  ") + topic.key;
    text += key + wrap_text(topic.summary, kKeyColumn).substr(key.size());
  }
  return text;
}

std::string short_help(CLI::App& app) {
  std::string text = std::string(kUsage) + wrap_text(kAbout, 0);
  for (const HelpTopic& topic : help_topics()) {
    if (std::string section = topic_section(app, topic, true); !section.empty())
      text += "\n" + section;
  }
  return text + "\n" + topic_list() + "\n" + kExamples;
}

std::string full_help(CLI::App& app) {
  std::string text = std::string(kUsage) + wrap_text(kAbout, 0);
  for (const HelpTopic& topic : help_topics()) {
    if (std::string section = topic_section(app, topic, false); !section.empty())
      text += "\n" + section;
  }
  return text + other_groups(app) + "\n" + kExamples;
}

Error unknown_topic(const std::string& topic) {
  std::vector<std::string> keys = {"all"};
  for (const HelpTopic& t : help_topics()) keys.push_back(t.key);
  std::string nearest = nearest_name(topic, keys);
  std::string hint = nearest.empty() ? "" : "did you mean " + nearest + "? ";
  return Error(ExitCode::Usage,
               "unknown help topic '" + topic + "'; " + hint + "topics: all, " + topic_keys());
}

}  // namespace

const std::vector<HelpTopic>& help_topics() {
  static const std::vector<HelpTopic> topics = {
      {"General", "general", "help, version"},
      {"Requests", "requests",
       "method, headers, auth, body, forms, uploads, cookies, redirects, globs"},
      {"Output", "output", "where bodies go, headers, silence, verbose, -w"},
      {"Connections", "connections",
       "reuse, parallelism, where to connect, timeouts, rates, ranges"},
      {"Batch", "batch", "requests from a file or stdin, shards, the JSON Lines report"},
      {"TLS and proxies", "tls", "certificates, verification, proxies"},
      {"CI", "ci", "expectations, run thresholds, JUnit, retries, -f"},
      {"Statistics", "statistics", "reuse statistics at the end of a run"}};
  return topics;
}

Result<std::string> render_help(CLI::App& app, const std::string& topic) {
  std::string key = topic;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (key.empty()) return short_help(app);
  if (key == "all") return full_help(app);
  for (const HelpTopic& t : help_topics()) {
    if (key == t.key) return std::string(kUsage) + "\n" + topic_section(app, t, false);
  }
  return unknown_topic(topic);
}

}  // namespace kurl
