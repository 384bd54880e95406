// The request body flags: -d, --data-binary, --data-raw, --data-urlencode, --json, -F,
// --form-string, -T and -G.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/options.h"

namespace kurl {

/// The values of the repeatable body flags, collected per flag and put back in command-line
/// order by collect_body_arguments().
struct BodyFlagValues {
  std::vector<std::string> ascii, binary, raw, urlencode, json, form, form_string;
};

/// Registers the body flags on `app` (group "Requests").
void add_body_flags(CLI::App& app, Options& o, BodyFlagValues& values);

/// After parsing: fills o.data and o.body.forms in the order the flags were given.
void collect_body_arguments(const CLI::App& app, const BodyFlagValues& values, Options& o);

/// The body flag that reads standard input ("-d @-", "-T -"...), or "" when none does.
std::string body_stdin_reader(const Options& o);

/// The conflict between body flags curl refuses (-d with -F, -T with -d or -F, -G with -F or
/// -T), as its usage error, or "".
std::string body_flag_conflict(const Options& o);

}  // namespace kurl
