// The one-line usage errors for what CLI11 refuses, worded as kurl's other messages.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace kurl {

/// The message (without "kurl: ") for `error`, thrown by app.parse(argc, argv): an unknown
/// option with the nearest known one, a value out of range in words, a missing value.
std::string usage_error_line(const CLI::ParseError& error, const CLI::App& app, int argc,
                             const char* const* argv);

}  // namespace kurl
