#include "cli/flag_checks.h"

#include "core/text.h"

namespace kurl {

namespace {

// The validator's description stays empty: --help words the values in its own text. A
// check may rewrite the value it accepts (CLI11 converts what the validators leave).
CLI::Validator worded(std::function<std::string(std::string&)> ok_or_error) {
  return CLI::Validator(std::move(ok_or_error), "");
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
  return worded([min, max](std::string& value) {
    std::optional<uint64_t> n = parse_uint(value);
    if (n && *n >= min && *n <= max) {
      value = std::to_string(*n);  // "010" is ten, as curl reads it; CLI11 would read octal
      return std::string();
    }
    std::string range = max == UINT64_MAX
                            ? ", " + std::to_string(min) + " or more"
                            : " from " + std::to_string(min) + " to " + std::to_string(max);
    return kCheckPrefix + ("a whole number" + range + got(value));
  });
}

CLI::Validator whole_number_or_minus_one(uint64_t max) {
  return worded([max](std::string& value) {
    std::optional<uint64_t> n = parse_uint(value);
    if (value == "-1") return std::string();
    if (n && *n <= max) {
      value = std::to_string(*n);  // decimal, as whole_number()
      return std::string();
    }
    return kCheckPrefix +
           ("-1 (no limit) or a whole number from 0 to " + std::to_string(max) + got(value));
  });
}

CLI::Validator decimal(const std::string& what) {
  return worded([what](std::string& value) {
    if (parse_seconds(value)) return std::string();
    return kCheckPrefix + ("a number of " + what + ", 0 or more (decimals allowed)" + got(value));
  });
}

CLI::Validator one_of(std::vector<std::string> values) {
  return worded([values](std::string& value) {
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
