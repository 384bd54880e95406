// Runs kurl's command-line parser on a list of words, as main() would on argv.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"

/// parse_command_line() for `args` (without the program name).
inline kurl::ParseOutcome parse_args(std::vector<std::string> args) {
  args.insert(args.begin(), "kurl");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return kurl::parse_command_line(static_cast<int>(argv.size()), argv.data());
}
