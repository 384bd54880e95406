// Checks for flag values whose failures read as one sentence naming the range in words
// ("must be a whole number from 1 to 100000, got '0'"). CLI11 puts the flag's name in front;
// cli/parse_errors turns that into "--parallel must be ...".
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace kurl {

/// Every message of these checks starts with this, so the error line can be worded around it.
inline constexpr const char* kCheckPrefix = "must be ";

/// A whole number from `min` to `max` ("N or more" when `max` is UINT64_MAX), digits only:
/// unsigned options would wrap "-1". Given with Option::transform(), it leaves the number
/// in decimal for CLI11, which would read "010" as octal (curl reads ten).
CLI::Validator whole_number(uint64_t min, uint64_t max);

/// A whole number from -1 (curl's "no limit") to `max`; also for Option::transform().
CLI::Validator whole_number_or_minus_one(uint64_t max);

/// A number of seconds, 0 or more, decimals allowed ("15", "0.5").
CLI::Validator seconds();

/// A number, 0 or more, decimals allowed, with `what` naming it ("requests a second").
CLI::Validator decimal(const std::string& what);

/// One of `values`, listed in words in the message ("text or json").
CLI::Validator one_of(std::vector<std::string> values);

}  // namespace kurl
