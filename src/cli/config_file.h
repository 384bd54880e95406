// Config files in curl's -K/--config format. Their lines become command-line words before
// CLI11 parses, so every flag works in a file exactly as on the command line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.h"
#include "core/result.h"

namespace CLI {
class App;
}

namespace kurl {

/// How deep config files may include each other with -K (a file including itself stops here).
inline constexpr int kMaxConfigDepth = 16;
/// The largest config file read: curl's limit for one line (10 MB) for the whole file.
inline constexpr size_t kMaxConfigFileBytes = 10 * 1024 * 1024;

/// One config line as curl splits it: "--output x", "output = x", "output: x", "-o x".
struct ConfigLine {
  std::string option;                    ///< as written: "--output", "-o" or "output"
  std::optional<std::string> parameter;  ///< unquoted and unescaped; none when absent
};

/// Splits one line. nullopt for a blank line or a comment ('#' first after any blanks).
/// Error (usage, the text only; the caller adds file and line): a quote that is never closed,
/// or text after the parameter (unquoted white space, or anything after the closing quote
/// but a '#' comment).
Result<std::optional<ConfigLine>> split_config_line(std::string_view line);

/// The default config files in the order kurl looks for them: $XDG_CONFIG_HOME/kurlrc
/// ($HOME/.config/kurlrc when XDG_CONFIG_HOME is unset, empty or relative), then
/// $HOME/.kurlrc. `xdg_config_home` may be null; `home` may be "" (then only XDG counts).
std::vector<std::string> default_config_candidates(const char* xdg_config_home,
                                                   const std::string& home);

/// The command line with every config file in it, as words for CLI11 to parse.
struct CommandWords {
  std::vector<std::string> words;  ///< without argv[0], in order
  bool read_stdin = false;         ///< a "-K -" read standard input

  /// The words last first, as CLI::App::parse takes a vector.
  std::vector<std::string> reversed() const { return {words.rbegin(), words.rend()}; }
};

/// Expands argv (argv[0] skipped): the first default config file that exists comes first
/// (unless argv[1] is -q or --disable, curl's rule), then the command line with each
/// "-K FILE" / "--config FILE" replaced in place by the words of FILE's lines ("-" = standard
/// input), recursively up to kMaxConfigDepth. `app` tells options from their values and which
/// options take one. Errors: exit 26 for a file that cannot be read, naming it; exit 2 for a
/// bad line, as "config FILE:LINE: what is wrong".
Result<CommandWords> expand_config_files(const CLI::App& app, int argc, const char* const* argv);

/// A failed expand_config_files() as a usage error to print ("(26) ..." when unreadable).
ParseOutcome config_failure(const Error& error);

/// With -K - : the other flag that would read standard input too, as a usage error, or "".
std::string config_stdin_conflict(const Options& o);

/// Registers -K/--config and -q/--disable for --help; expand_config_files() has already
/// replaced every -K by its file, and -q counts only as the first argument (elsewhere it does
/// nothing, as in curl).
void add_config_flags(CLI::App& app);

}  // namespace kurl
