#include "cli/config_file.h"

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/body_flags.h"
#include "core/file_io.h"

namespace kurl {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Only an option written without dashes may be followed by '=' or ':' (curl's rule), so
// "-H X:y" keeps its colon.
bool is_separator(char c, bool dashed) {
  return !dashed && (c == '=' || c == ':');
}

// curl's escapes inside double quotes; a backslash before any other character is dropped.
char unescape(char c) {
  switch (c) {
    case 't':
      return '\t';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 'v':
      return '\v';
    default:
      return c;
  }
}

Error bad_line(std::string what) {
  return Error(ExitCode::Usage, std::move(what));
}

// Reads a quoted parameter from just after its opening quote; `pos` ends after the closing one.
Result<std::string> read_quoted(std::string_view line, size_t& pos) {
  std::string value;
  while (pos < line.size()) {
    char c = line[pos++];
    if (c == '"') return value;
    if (c == '\\') {
      if (pos == line.size()) break;
      c = unescape(line[pos++]);
    }
    value += c;
  }
  return bad_line("missing closing quote");
}

bool only_comment_left(std::string_view line, size_t pos) {
  while (pos < line.size() && is_blank(line[pos])) ++pos;
  return pos == line.size() || line[pos] == '#';
}

// An option that takes a value: always (-o FILE) or only when given one (--stats[=json]).
bool takes_value(const CLI::Option* option) {
  return option->get_expected_max() > 0 || !option->get_fnames().empty();
}

bool needs_value(const CLI::Option* option) {
  return option->get_expected_min() > 0;
}

Result<std::string> read_config(const std::string& path, const std::string& name) {
  auto failure = [&](int err) {
    return Error(ExitCode::ReadError,
                 "can't read config file \"" + name + "\": " + std::strerror(err));
  };
  bool is_stdin = path == "-";
  std::FILE* file = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (!file) return failure(errno);
  std::string text;
  char buffer[64 * 1024];
  size_t n = 0;
  bool too_large = false;
  while (!too_large && (n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    too_large = text.size() + n > kMaxConfigFileBytes;
    if (!too_large) text.append(buffer, n);
  }
  int err = std::ferror(file) ? errno : 0;
  if (!is_stdin) std::fclose(file);
  if (too_large) {
    return Error(ExitCode::ReadError,
                 "can't read config file \"" + name + "\": larger than 10 MB");
  }
  if (err != 0) return failure(err);
  return text;
}

// Turns config files into command-line words, checking each line against the app's options.
class Expander {
 public:
  explicit Expander(const CLI::App& app) : app_(app) {}

  Error add_default_file() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    for (const std::string& path : default_config_candidates(xdg, home_directory())) {
      struct stat info {};
      if (::stat(path.c_str(), &info) == 0) return add_file(path, 1);
    }
    return Error();
  }

  // Passes the command line through as written, but for -K FILE, replaced by FILE's words.
  // Option values are skipped, so "-H -K" stays a header.
  Error add_command_line(int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
      std::string word = argv[i];
      auto next_word = [&]() -> std::optional<std::string> {
        if (i + 1 >= argc) return std::nullopt;
        return std::string(argv[++i]);
      };
      Error error;
      if (word == "--") {
        for (; i < argc; ++i) words().emplace_back(argv[i]);
      } else if (word.starts_with("--")) {
        error = add_long_word(word, next_word);
      } else if (word.size() > 1 && word[0] == '-') {
        error = add_short_word(word, next_word);
      } else {
        words().push_back(word);
      }
      if (!error.ok()) return error;
    }
    return Error();
  }

  CommandWords take() { return std::move(result_); }

 private:
  std::vector<std::string>& words() { return result_.words; }

  template <typename NextWord>
  Error add_long_word(const std::string& word, NextWord& next_word) {
    size_t equals = word.find('=');
    const CLI::Option* option = app_.get_option_no_throw(word.substr(0, equals));
    if (option && option->check_lname("config")) {
      std::optional<std::string> file =
          equals == std::string::npos ? next_word() : word.substr(equals + 1);
      return include(word.substr(0, equals), file, 1);
    }
    words().push_back(word);
    if (option && equals == std::string::npos && needs_value(option)) {
      if (std::optional<std::string> value = next_word()) words().push_back(*value);
    }
    return Error();
  }

  template <typename NextWord>
  Error add_short_word(const std::string& word, NextWord& next_word) {
    for (size_t j = 1; j < word.size(); ++j) {
      const CLI::Option* option = app_.get_option_no_throw(std::string{'-', word[j]});
      bool last = j + 1 == word.size();
      if (option && option->check_lname("config")) {
        if (j > 1) words().push_back(word.substr(0, j));
        return include("-K", last ? next_word() : word.substr(j + 1), 1);
      }
      if (!option || needs_value(option)) {
        words().push_back(word);
        if (option && last) {
          if (std::optional<std::string> value = next_word()) words().push_back(*value);
        }
        return Error();
      }
    }
    words().push_back(word);
    return Error();
  }

  // -K FILE at `depth` (1 on the command line); without a file CLI11 reports the flag.
  Error include(const std::string& flag, const std::optional<std::string>& file, int depth) {
    if (!file) {
      words().push_back(flag);
      return Error();
    }
    return add_file(*file, depth);
  }

  Error add_file(const std::string& path, int depth) {
    std::string name = path == "-" ? "<stdin>" : path;
    if (path == "-") result_.read_stdin = true;
    Result<std::string> text = read_config(path, name);
    if (!text) return text.error();
    std::string_view rest = *text;
    for (size_t line_number = 1; !rest.empty(); ++line_number) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      std::string where = name + ":" + std::to_string(line_number);
      Result<std::optional<ConfigLine>> split = split_config_line(line);
      if (!split) return bad_line("config " + where + ": " + split.error().message);
      if (!*split) continue;
      if (Error error = add_line(**split, where, depth); !error.ok()) return error;
    }
    return Error();
  }

  Error add_line(const ConfigLine& line, const std::string& where, int depth) {
    const std::string& option = line.option;
    if (option.size() > 1 && option[0] == '-' && option[1] != '-') {
      return add_short_line(line, where, depth);
    }
    std::string name = option.starts_with("--") ? option.substr(2) : option;
    std::optional<std::string> value = line.parameter;
    if (size_t equals = name.find('='); option.starts_with("--") && equals != std::string::npos) {
      if (value) return fail(where, "text after the value of --" + name.substr(0, equals));
      value = name.substr(equals + 1);
      name.resize(equals);
    }
    return add_option("--" + name, value, where, depth);
  }

  // "-sSo FILE": flags, then one option that takes the rest of the word or the parameter.
  Error add_short_line(const ConfigLine& line, const std::string& where, int depth) {
    const std::string& option = line.option;
    for (size_t j = 1; j + 1 < option.size(); ++j) {
      std::string flag{'-', option[j]};
      const CLI::Option* found = app_.get_option_no_throw(flag);
      if (!found) return fail(where, "unknown option " + flag);
      if (needs_value(found)) {
        if (line.parameter) return fail(where, "text after the value of " + flag);
        return add_option(flag, option.substr(j + 1), where, depth);
      }
      words().push_back(flag);
    }
    return add_option(std::string{'-', option.back()}, line.parameter, where, depth);
  }

  // One option with its value, as a word CLI11 reads the same whatever the value looks like.
  Error add_option(const std::string& flag, const std::optional<std::string>& value,
                   const std::string& where, int depth) {
    const CLI::Option* option = app_.get_option_no_throw(flag);
    if (!option || option->get_positional()) return fail(where, "unknown option " + flag);
    if (value && !takes_value(option)) return fail(where, flag + " takes no value");
    if (!value && needs_value(option)) return fail(where, flag + " needs a value");
    if (option->check_lname("config")) {
      if (depth >= kMaxConfigDepth) {
        return fail(where, "config files nested more than " + std::to_string(kMaxConfigDepth) +
                               " deep (does one include itself?)");
      }
      return add_file(*value, depth + 1);
    }
    if (!value) {
      words().push_back(flag);
    } else if (!option->get_lnames().empty()) {
      words().push_back("--" + option->get_lnames().front() + "=" + *value);
    } else if (!value->empty()) {
      words().push_back(flag + *value);
    } else {
      words().push_back(flag);
      words().push_back("");
    }
    return Error();
  }

  static Error fail(const std::string& where, const std::string& what) {
    return bad_line("config " + where + ": " + what);
  }

  const CLI::App& app_;
  CommandWords result_;
};

}  // namespace

Result<std::optional<ConfigLine>> split_config_line(std::string_view line) {
  size_t pos = 0;
  while (pos < line.size() && is_blank(line[pos])) ++pos;
  if (pos == line.size() || line[pos] == '#') return std::optional<ConfigLine>();
  bool dashed = line[pos] == '-';
  size_t start = pos;
  while (pos < line.size() && !is_blank(line[pos]) && !is_separator(line[pos], dashed)) ++pos;
  ConfigLine result;
  result.option = std::string(line.substr(start, pos - start));
  while (pos < line.size() && (is_blank(line[pos]) || is_separator(line[pos], dashed))) ++pos;
  if (pos == line.size()) return std::optional<ConfigLine>(std::move(result));
  if (line[pos] == '"') {
    ++pos;
    Result<std::string> value = read_quoted(line, pos);
    if (!value) return value.error();
    result.parameter = std::move(*value);
    if (!only_comment_left(line, pos)) {
      return bad_line("text after the closing quote of " + result.option + "'s value");
    }
  } else {
    start = pos;
    while (pos < line.size() && !is_blank(line[pos])) ++pos;
    result.parameter = std::string(line.substr(start, pos - start));
    if (!only_comment_left(line, pos)) {
      return bad_line("white space in the value of " + result.option +
                      ": put the value in double quotes");
    }
  }
  return std::optional<ConfigLine>(std::move(result));
}

std::vector<std::string> default_config_candidates(const char* xdg_config_home,
                                                   const std::string& home) {
  std::vector<std::string> paths;
  // The XDG base directory rules: a relative XDG_CONFIG_HOME is ignored.
  if (xdg_config_home && xdg_config_home[0] == '/') {
    paths.push_back(std::string(xdg_config_home) + "/kurlrc");
  } else if (!home.empty()) {
    paths.push_back(home + "/.config/kurlrc");
  }
  if (!home.empty()) paths.push_back(home + "/.kurlrc");
  return paths;
}

Result<CommandWords> expand_config_files(const CLI::App& app, int argc,
                                         const char* const* argv) {
  Expander expander(app);
  bool disabled =
      argc > 1 && (std::strcmp(argv[1], "-q") == 0 || std::strcmp(argv[1], "--disable") == 0);
  Error error = disabled ? Error() : expander.add_default_file();
  if (error.ok()) error = expander.add_command_line(argc, argv);
  if (!error.ok()) return error;
  return expander.take();
}

ParseOutcome config_failure(const Error& error) {
  ParseOutcome outcome;
  outcome.action = ParseOutcome::Action::UsageError;
  outcome.exit_code = error.code;
  outcome.text = error.code == ExitCode::Usage
                     ? error.message
                     : "(" + std::to_string(error.exit_code()) + ") " + error.message;
  return outcome;
}

std::string config_stdin_conflict(const Options& o) {
  if (!o.config.read_stdin) return "";
  std::string other = o.batch == "-" ? "--batch -" : body_stdin_reader(o);
  if (other.empty() && o.write_out == "@-") other = "-w @-";
  if (other.empty()) return "";
  return "-K - and " + other + " both read standard input: give one of them a file";
}

void add_config_flags(CLI::App& app) {
  const char* group = "General";
  const std::string config_help = "Read options from FILE in curl's format ('-' = stdin)";
  const std::string disable_help = "First argument only: skip the default kurlrc";
  app.add_option("-K,--config", config_help)
      ->group(group)
      ->type_name("FILE");
  app.add_flag("-q,--disable", disable_help)
      ->group(group);
}

}  // namespace kurl
