#include "engine/batch_line.h"

#include <cctype>

#include "core/text.h"
#include "http/head_check.h"

namespace kurl {

namespace {

/// How much of a malformed JSON line is kept as its "url" in the report.
constexpr size_t kMaxQuotedLine = 200;

Error malformed_line(std::string why) {
  return Error(ExitCode::MalformedUrl, "malformed batch line: " + why);
}

bool is_method_token(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (!std::isupper(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string_view trim_line(std::string_view line) {
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
    line.remove_suffix(1);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
    line.remove_prefix(1);
  return line;
}

// A status code (100-999) or a class ("2xx").
bool is_status_pattern(std::string_view text) {
  if (text.size() != 3 || text[0] < '1' || text[0] > '9') return false;
  bool is_class = (text[1] == 'x' || text[1] == 'X') && (text[2] == 'x' || text[2] == 'X');
  bool is_code = std::isdigit(static_cast<unsigned char>(text[1])) &&
                 std::isdigit(static_cast<unsigned char>(text[2]));
  return is_class || is_code;
}

// expect_status is a number or a list of numbers or strings ("2xx"); kept as "200,204".
Error read_expect_status(simdjson::ondemand::value value, std::string& out) {
  using namespace simdjson;
  ondemand::json_type type;
  if (value.type().get(type)) return malformed_line("expect_status is not valid JSON");
  auto append_item = [&out](ondemand::value item) -> bool {
    ondemand::json_type item_type;
    if (item.type().get(item_type)) return false;
    if (!out.empty()) out.push_back(',');
    if (item_type == ondemand::json_type::number) {
      uint64_t n = 0;
      if (item.get_uint64().get(n) || n < 100 || n > 999) return false;
      out += std::to_string(n);
      return true;
    }
    std::string_view text;
    if (item_type != ondemand::json_type::string || item.get_string().get(text)) return false;
    if (!is_status_pattern(text)) return false;
    out += text;
    return true;
  };
  if (type == ondemand::json_type::array) {
    ondemand::array list;
    if (value.get_array().get(list)) return malformed_line("expect_status is not a list");
    for (auto element : list) {
      ondemand::value item;
      if (element.get(item) || !append_item(item)) return malformed_line("bad expect_status item");
    }
    return Error();
  }
  if (!append_item(value)) return malformed_line("expect_status must be a number or a list");
  return Error();
}

}  // namespace

LineKind BatchLineParser::parse(std::string_view line, BatchFormat format, RequestSpec& spec) {
  std::string_view trimmed = trim_line(line);
  if (trimmed.empty() || trimmed.front() == '#') return LineKind::Skip;
  if (format == BatchFormat::Text) return parse_text(trimmed, spec);
  LineKind kind = parse_json(trimmed, spec);
  if (!spec.error.ok() && spec.url.empty()) {
    spec.url.assign(trimmed.substr(0, kMaxQuotedLine));  // name the line in the report
  }
  return kind;
}

LineKind BatchLineParser::parse_text(std::string_view line, RequestSpec& spec) {
  size_t space = line.find_first_of(" \t");
  if (space == std::string_view::npos) {
    spec.url.assign(line);
    return LineKind::Request;
  }
  std::string_view first = line.substr(0, space);
  std::string_view rest = trim_line(line.substr(space + 1));
  if (!is_method_token(first) || rest.find_first_of(" \t") != std::string_view::npos) {
    spec.url.assign(line);
    spec.error = malformed_line("expected 'URL' or 'METHOD URL'");
    return LineKind::Request;
  }
  spec.method.assign(first);
  spec.url.assign(rest);
  return LineKind::Request;
}

LineKind BatchLineParser::parse_json(std::string_view line, RequestSpec& spec) {
  using namespace simdjson;
  padded_.assign(line);
  padded_.resize(line.size() + SIMDJSON_PADDING, '\0');
  ondemand::document doc;
  ondemand::object object;
  if (json_.iterate(padded_.data(), line.size(), padded_.size()).get(doc) ||
      doc.get_object().get(object)) {
    spec.error = malformed_line("not a JSON object");
    return LineKind::Request;
  }
  bool has_url = false;
  for (auto field : object) {
    std::string_view key;
    ondemand::value value;
    if (field.unescaped_key().get(key) || field.value().get(value)) {
      spec.error = malformed_line("invalid JSON");
      return LineKind::Request;
    }
    std::string_view text;
    if (key == "url" || key == "method" || key == "body" || key == "output") {
      if (value.get_string().get(text)) {
        spec.error = malformed_line("\"" + std::string(key) + "\" must be a string");
        return LineKind::Request;
      }
      if (key == "url") {
        spec.url.assign(text);
        has_url = true;
      } else if (key == "method") {
        if (std::optional<std::string> problem = method_problem(text)) {
          spec.error = malformed_line(*problem);
          return LineKind::Request;
        }
        spec.method.assign(text);
      } else if (key == "body") {
        spec.body.assign(text);
        spec.has_body = true;
      } else {
        spec.output.assign(text);
      }
    } else if (key == "headers") {
      ondemand::object headers;
      if (value.get_object().get(headers)) {
        spec.error = malformed_line("\"headers\" must be an object");
        return LineKind::Request;
      }
      for (auto header : headers) {
        std::string_view name, header_value;
        if (header.unescaped_key().get(name) || header.value().get_string().get(header_value)) {
          spec.error = malformed_line("header values must be strings");
          return LineKind::Request;
        }
        if (std::optional<std::string> problem = header_problem(name, header_value)) {
          spec.error = malformed_line(*problem);
          return LineKind::Request;
        }
        HeaderEdit edit;
        edit.name.assign(name);
        edit.value.assign(header_value);
        edit.remove = header_value.empty();
        spec.headers.push_back(std::move(edit));
      }
    } else if (key == "expect_status") {
      Error error = read_expect_status(value, spec.expect_status);
      if (!error.ok()) {
        spec.error = error;
        return LineKind::Request;
      }
    } else {
      spec.error = malformed_line("unknown key \"" + std::string(key) + "\"");
      return LineKind::Request;
    }
  }
  if (!has_url) spec.error = malformed_line("\"url\" is missing");
  return LineKind::Request;
}

}  // namespace kurl
