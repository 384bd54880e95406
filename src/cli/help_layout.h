// Lays out --help text: a flag's names and its description in two columns, wrapped to fit
// an 80-column terminal.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace kurl {

/// The widest line --help prints: every line fits 80 columns with room for the cursor.
inline constexpr size_t kHelpWidth = 79;

/// `text` wrapped at spaces into lines of at most kHelpWidth columns, each indented by
/// `indent` spaces, every line ending in '\n'. A word longer than a line stays whole.
std::string wrap_text(std::string_view text, size_t indent);

/// How `option` is written in the names column: "-o, --output FILE", "    --stats[=FORMAT]".
std::string flag_names(CLI::Option& option);

/// One flag of --help: its names, then its description (and its default, when the option
/// records one, in words: "default 15 s"), wrapped into the second column.
std::string flag_entry(CLI::Option& option);

}  // namespace kurl
