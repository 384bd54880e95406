// How kurl dresses its output for a person at a terminal (--color, --pretty): plain data.
#pragma once

namespace kurl {

/// auto|always|never, the values of --color and --pretty.
enum class When { Auto, Always, Never };

/// --color and --pretty as given (cli/term_flags.cpp registers them). What `Auto` means is
/// decided once per run by output/terminal_setup.
struct TermOptions {
  /// --color: colour for -i heads (standard output) and -v heads (standard error), and for
  /// pretty JSON. Auto: when that stream is a terminal, NO_COLOR is unset or empty and TERM
  /// is not "dumb".
  When colour = When::Auto;
  /// --pretty: JSON bodies written to standard output are indented. Auto: when standard
  /// output is a terminal.
  When pretty = When::Auto;
};

}  // namespace kurl
