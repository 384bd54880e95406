#include "http/multipart.h"

#include <array>

#include "core/text.h"

namespace kurl {

namespace {

constexpr std::string_view kFileDefaultType = "application/octet-stream";

// One word of an -F argument: a double-quoted string (backslash escapes the next character)
// or the bytes up to the next ';'. An opening quote that never closes is an ordinary byte, as
// curl reads it.
std::string next_word(std::string_view& rest) {
  if (!rest.empty() && rest.front() == '"') {
    std::string word;
    for (size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] == '\\' && i + 1 < rest.size()) {
        word.push_back(rest[++i]);
      } else if (rest[i] == '"') {
        rest.remove_prefix(i + 1);
        // Whatever follows the closing quote up to ';' is dropped, as curl does.
        size_t semicolon = rest.find(';');
        rest.remove_prefix(semicolon == std::string_view::npos ? rest.size() : semicolon);
        return word;
      } else {
        word.push_back(rest[i]);
      }
    }
  }
  size_t semicolon = rest.find(';');
  std::string word(rest.substr(0, semicolon));
  rest.remove_prefix(semicolon == std::string_view::npos ? rest.size() : semicolon);
  return word;
}

std::string base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// curl 7.81+ escapes a form name or file name the way HTML 5 does.
std::string escape_quoted(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "%22";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The ";type=...;filename=..." tail after a part's content.
bool parse_modifiers(std::string_view rest, FormField& field, std::string& problem,
                     std::vector<std::string>& warnings) {
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the ';'
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    size_t equals = rest.find('=');
    std::string_view key = rest.substr(0, equals);
    if (equals == std::string_view::npos) {
      std::string word = next_word(rest);
      if (!word.empty()) warnings.push_back("skip unknown form field: " + word);
      continue;
    }
    rest.remove_prefix(equals + 1);
    std::string value = next_word(rest);
    if (iequals(key, "type")) {
      field.type = std::move(value);
    } else if (iequals(key, "filename")) {
      field.filename = std::move(value);
    } else if (iequals(key, "headers") || iequals(key, "encoder")) {
      problem = "-F ;" + std::string(key) + "= is not supported";
      return false;
    } else {
      warnings.push_back("skip unknown form field: " + std::string(key) + "=" + value);
    }
  }
  return true;
}

}  // namespace

std::optional<FormField> parse_form_field(std::string_view argument, bool literal,
                                          std::string& problem,
                                          std::vector<std::string>& warnings) {
  size_t equals = argument.find('=');
  if (equals == std::string_view::npos) {
    problem = "illegally formatted input field '" + std::string(argument) + "': expected name=value";
    return std::nullopt;
  }
  FormField field;
  field.name.assign(argument.substr(0, equals));
  std::string_view rest = argument.substr(equals + 1);
  if (literal) {
    field.value.assign(rest);
    return field;
  }
  if (!rest.empty() && (rest.front() == '@' || rest.front() == '<')) {
    field.kind = rest.front() == '@' ? FormField::Kind::File : FormField::Kind::FileContent;
    rest.remove_prefix(1);
    bool quoted = !rest.empty() && rest.front() == '"';
    field.value = next_word(rest);
    if (field.kind == FormField::Kind::File && !quoted &&
        field.value.find(',') != std::string::npos) {
      problem = "-F " + field.name + "=@" + field.value +
                ": several files in one part are not supported (quote a name with a comma)";
      return std::nullopt;
    }
    if (field.value.empty() || field.value == "-") {
      problem = "-F " + field.name + ": a file name is needed (standard input is not supported)";
      return std::nullopt;
    }
    if (field.kind == FormField::Kind::File) field.filename = base_name(field.value);
  } else {
    field.value = next_word(rest);
  }
  if (!parse_modifiers(rest, field, problem, warnings)) return std::nullopt;
  if (field.kind == FormField::Kind::File && field.type.empty()) {
    std::string_view guessed = guess_content_type(field.filename);
    field.type.assign(guessed.empty() ? kFileDefaultType : guessed);
  }
  return field;
}

std::string_view guess_content_type(std::string_view filename) {
  struct Known {
    std::string_view extension, type;
  };
  static constexpr std::array<Known, 10> kKnown = {{
      {".gif", "image/gif"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".txt", "text/plain"},
      {".htm", "text/html"},
      {".html", "text/html"},
      {".pdf", "application/pdf"},
      {".xml", "application/xml"},
  }};
  for (const Known& known : kKnown) {
    if (filename.size() >= known.extension.size() &&
        iequals(filename.substr(filename.size() - known.extension.size()), known.extension)) {
      return known.type;
    }
  }
  return {};
}

std::string make_boundary(const unsigned char (&random)[8]) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string boundary(24, '-');
  for (unsigned char byte : random) {
    boundary.push_back(kHex[byte >> 4]);
    boundary.push_back(kHex[byte & 0xf]);
  }
  return boundary;
}

BodyPlan encode_multipart(const std::vector<FormPart>& parts, std::string_view boundary) {
  BodyPlan plan;
  std::string head;
  for (const FormPart& part : parts) {
    const FormField& field = part.field;
    head.append("--").append(boundary).append("\r\n");
    head.append("Content-Disposition: form-data; name=\"").append(escape_quoted(field.name));
    head.push_back('"');
    if (field.kind == FormField::Kind::File) {
      head.append("; filename=\"").append(escape_quoted(field.filename)).push_back('"');
    }
    head.append("\r\n");
    if (!field.type.empty()) head.append("Content-Type: ").append(field.type).append("\r\n");
    head.append("\r\n");
    if (field.kind == FormField::Kind::Text) {
      head.append(field.value);
    } else {
      plan.add_text(std::move(head));
      head.clear();
      plan.add_file(field.value, part.file_size, false);
    }
    head.append("\r\n");
  }
  head.append("--").append(boundary).append("--\r\n");
  plan.add_text(std::move(head));
  return plan;
}

std::string multipart_content_type(std::string_view boundary) {
  return "multipart/form-data; boundary=" + std::string(boundary);
}

}  // namespace kurl
