#include "cli/help_layout.h"

#include <vector>

namespace kurl {

namespace {

/// Where descriptions start; names longer than the column put their description below.
constexpr size_t kDescriptionColumn = 28;

// The type name without what CLI11 appends for each validator (":{text,json}", ":UINT in
// [1 - 100000]"): --help says the values and ranges in words instead.
std::string plain_type_name(CLI::Option& option) {
  std::string name = option.get_type_name();
  for (int index = 0;; ++index) {
    const CLI::Validator* validator = nullptr;
    try {
      validator = option.get_validator(index);
    } catch (const CLI::OptionNotFound&) {
      break;  // CLI11 has no count of validators: the index past the last one throws
    }
    std::string suffix = ":" + validator->get_description();
    if (suffix.size() > 1 && name.ends_with(suffix)) name.resize(name.size() - suffix.size());
  }
  return name;
}

// "s" after a default in seconds, so a reader never guesses the unit.
std::string default_in_words(CLI::Option& option) {
  std::string value = option.get_default_str();
  if (value.empty()) return "";
  return "default " + value + (plain_type_name(option) == "SECONDS" ? " s" : "");
}

}  // namespace

std::string wrap_text(std::string_view text, size_t indent) {
  std::string out, line(indent, ' ');
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    bool line_empty = line.size() == indent;
    if (!line_empty && line.size() + 1 + word.size() > kHelpWidth) {
      out += line + "\n";
      line.assign(indent, ' ');
      line_empty = true;
    }
    if (!line_empty) line += ' ';
    line += word;
  }
  if (line.size() > indent) out += line + "\n";
  return out;
}

std::string flag_names(CLI::Option& option) {
  std::vector<std::string> names;
  for (const std::string& name : option.get_snames()) names.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) names.push_back("--" + name);
  // Long-only flags line up under the long names of the others ("-o, --output").
  std::string text = option.get_snames().empty() ? "    " : "";
  for (size_t i = 0; i < names.size(); ++i) text += (i > 0 ? ", " : "") + names[i];
  std::string type = plain_type_name(option);
  if (type.starts_with("[=")) return text + type;  // an optional value: "--stats[=FORMAT]"
  if (!type.empty() && option.get_type_size() != 0) text += " " + type;
  return text;
}

std::string flag_entry(CLI::Option& option) {
  std::string names = "  " + flag_names(option);
  std::string description = option.get_description();
  if (std::string words = default_in_words(option); !words.empty()) {
    description += " (" + words + ")";
  }
  std::string body = wrap_text(description, kDescriptionColumn);
  if (names.size() + 2 <= kDescriptionColumn) {
    return names + body.substr(names.size());
  }
  return names + "\n" + body;
}

}  // namespace kurl
