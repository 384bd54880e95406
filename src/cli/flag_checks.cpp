#include "cli/flag_checks.h"

#include "core/text.h"

namespace kurl {

namespace {

// The validator's description stays empty: --help words the values in its own text.
CLI::Validator worded(std::function<std::string(const std::string&)> ok_or_error) {
  return CLI::Validator([ok_or_error](std::string& value) { return ok_or_error(value); }, "");
}

std::string got(const std::string& value) {
  return ", got '" + value + "'";
}

// "a, b or c".
std::string list_in_words(const std::vector<std::string>& values) {
  std::string words;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) words += i + 1 == values.size() ? " or " : ", ";
    words += values[i];
  }
  return words;
}

}  // namespace

CLI::Validator whole_number(uint64_t min, uint64_t max) {
  return worded([min, max](const std::string& value) {
    std::optional<uint64_t> n = parse_uint(value);
    if (n && *n >= min && *n <= max) return std::string();
    std::string range = max == UINT64_MAX
                            ? ", " + std::to_string(min) + " or more"
                            : " from " + std::to_string(min) + " to " + std::to_string(max);
    return kCheckPrefix + ("a whole number" + range + got(value));
  });
}

CLI::Validator whole_number_or_minus_one(uint64_t max) {
  return worded([max](const std::string& value) {
    std::optional<uint64_t> n = parse_uint(value);
    if (value == "-1" || (n && *n <= max)) return std::string();
    return kCheckPrefix +
           ("-1 (no limit) or a whole number from 0 to " + std::to_string(max) + got(value));
  });
}

CLI::Validator decimal(const std::string& what) {
  return worded([what](const std::string& value) {
    if (parse_seconds(value)) return std::string();
    return kCheckPrefix + ("a number of " + what + ", 0 or more (decimals allowed)" + got(value));
  });
}

CLI::Validator one_of(std::vector<std::string> values) {
  return worded([values](const std::string& value) {
    for (const std::string& allowed : values) {
      if (value == allowed) return std::string();
    }
    return kCheckPrefix + (list_in_words(values) + got(value));
  });
}

CLI::Validator seconds() {
  return decimal("seconds");
}

}  // namespace kurl
