// -h/--help [TOPIC] and -V/--version: registered as kurl's own flags, so --help takes a
// topic and its text is kurl's (cli/help_text), not CLI11's.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/options.h"

namespace kurl {

/// What the General flags collect while parsing.
struct HelpFlagValues {
  std::string topic;     ///< --help TOPIC, "" for plain --help
  bool version = false;  ///< -V/--version
};

/// Replaces CLI11's help flag with -h/--help [TOPIC] and adds -V/--version (group General).
void add_help_flags(CLI::App& app, HelpFlagValues& values);

/// After parsing: when --help or -V was given, fills `outcome` with the text to print (or
/// the usage error of an unknown topic) and returns true.
bool settle_help_flags(CLI::App& app, const HelpFlagValues& values, ParseOutcome& outcome);

}  // namespace kurl
