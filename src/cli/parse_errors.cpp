#include "cli/parse_errors.h"

#include <algorithm>

#include "cli/flag_checks.h"
#include "cli/flag_suggestion.h"

namespace kurl {

namespace {

/// What follows an unknown option without a likely meaning.
constexpr const char* kSeeHelp = " (see 'kurl --help all')";

// CLI::IsMember's failure reads "NAME: VALUE not in {a,b,c}": worded as one_of()'s instead,
// so a flag checked either way reads "NAME must be a, b or c, got 'VALUE'".
std::string member_line(const std::string& what) {
  size_t colon = what.find(": ");
  size_t not_in = what.rfind(" not in {");
  if (colon == std::string::npos || not_in == std::string::npos || not_in < colon ||
      !what.ends_with("}"))
    return what;
  std::vector<std::string> values;
  std::string list = what.substr(not_in + 9, what.size() - not_in - 10);
  for (size_t start = 0; start <= list.size();) {
    size_t comma = std::min(list.find(',', start), list.size());
    values.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  std::string value = what.substr(colon + 2, not_in - colon - 2);
  return what.substr(0, colon) + " " + one_of(values)(value);
}

// CLI11 words a validator's failure "NAME: MESSAGE"; ours read "NAME must be ...".
std::string validation_line(const std::string& what) {
  std::string separator = std::string(": ") + kCheckPrefix;
  size_t at = what.find(separator);
  if (at == std::string::npos) return member_line(what);
  return what.substr(0, at) + " " + what.substr(at + 2);
}

// CLI11 words a missing value "NAME: 1 required TYPE missing".
std::string missing_value_line(const std::string& what, const CLI::App& app) {
  size_t colon = what.find(": ");
  if (colon == std::string::npos || !what.ends_with(" missing")) return what;
  std::string name = what.substr(0, colon);
  const CLI::Option* option = app.get_option_no_throw(name);
  std::string type = option != nullptr ? option->get_type_name() : "";
  return name + " needs a value" + (type.empty() ? "" : " (" + type + ")");
}

// CLI11 words a value it could not convert "Could not convert: NAME = VALUE"; for a flag
// ("--head=maybe") that is a value given to a flag that takes none (but 1 or 0).
std::string conversion_line(const std::string& what, const CLI::App& app) {
  constexpr std::string_view kHead = "Could not convert: ";
  size_t equals = what.find(" = ");
  if (!what.starts_with(kHead) || equals == std::string::npos) return what;
  std::string name = what.substr(kHead.size(), equals - kHead.size());
  std::string value = what.substr(equals + 3);
  const CLI::Option* option = app.get_option_no_throw(name);
  if (option != nullptr && option->get_expected_max() == 0)  // CLI11 gives flags expected(0)
    return name + " is a flag: it takes no value, got '" + value + "'";
  return name + ": cannot read '" + value + "'";
}

// CLI11 leaves what it could not place of a cluster of short flags: "-v=3" leaves "-=3".
// The word as typed names it better.
std::string as_typed(const std::string& leftover, int argc, const char* const* argv) {
  if (leftover.starts_with("--") || leftover.size() < 2) return leftover;
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word == "--") break;
    if (word.starts_with('-') && !word.starts_with("--") && word.size() > leftover.size() &&
        word.ends_with(std::string_view(leftover).substr(1)))
      return std::string(word);
  }
  return leftover;
}

// "unknown option --verbos; did you mean --verbose?" for `word`, an argument CLI11 found no
// option for, among the options of `app`.
std::string unknown_option_line(const std::string& word, const CLI::App& app) {
  // Only long names get a suggestion: any one letter is one edit from every short flag.
  if (!word.starts_with("--")) return "unknown option " + word + kSeeHelp;
  std::string line = "unknown option " + word.substr(0, word.find('='));
  std::string typed = word.substr(2, word.find('=') - 2);  // "--verbos=3" means "verbos"
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  }
  std::string nearest = nearest_name(typed, names);
  if (nearest.empty()) return line + kSeeHelp;
  return line + "; did you mean --" + nearest + "?";
}

}  // namespace

std::string usage_error_line(const CLI::ParseError& error, const CLI::App& app, int argc,
                             const char* const* argv) {
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    std::vector<std::string> extras = app.remaining();
    if (!extras.empty()) return unknown_option_line(as_typed(extras.front(), argc, argv), app);
  }
  if (dynamic_cast<const CLI::ValidationError*>(&error) != nullptr)
    return validation_line(error.what());
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr)
    return missing_value_line(error.what(), app);
  if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr)
    return conversion_line(error.what(), app);
  return error.what();
}

}  // namespace kurl
