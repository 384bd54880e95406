#include "engine/batch_line.h"

#include <cctype>

#include "core/text.h"
#include "engine/expectations.h"
#include "http/head_check.h"

namespace kurl {

namespace {

/// How much of a malformed JSON line is kept as its "url" in the report.
constexpr size_t kMaxQuotedLine = 200;
/// The largest expect_time taken (a year), so a deadline never overflows.
constexpr double kMaxExpectTime = 365.0 * 24 * 3600;

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

// expect_status: a number, a string ("2xx", "200-299", "2xx,301"), or a list of those.
Error read_expect_status(simdjson::ondemand::value value, std::optional<StatusList>& out) {
  using namespace simdjson;
  std::string text;
  auto append_item = [&text](ondemand::value item) -> bool {
    ondemand::json_type type;
    if (item.type().get(type)) return false;
    if (!text.empty()) text.push_back(',');
    if (type == ondemand::json_type::number) {
      uint64_t n = 0;
      if (item.get_uint64().get(n) || n > 999) return false;
      text += std::to_string(n);
      return true;
    }
    std::string_view item_text;
    if (type != ondemand::json_type::string || item.get_string().get(item_text)) return false;
    text += item_text;
    return true;
  };
  ondemand::array list;
  if (!value.get_array().get(list)) {
    for (auto element : list) {
      ondemand::value item;
      if (element.get(item) || !append_item(item)) return malformed_line("bad expect_status item");
    }
  } else if (!append_item(value)) {
    return malformed_line("expect_status must be a number, a string or a list");
  }
  Result<StatusList> parsed = parse_status_list(text);
  if (!parsed) return malformed_line("expect_status: " + parsed.error().message);
  out = std::move(*parsed);
  return Error();
}

// expect_header: an object of header name to regex.
Error read_expect_header(simdjson::ondemand::value value,
                         std::optional<std::vector<HeaderExpectation>>& out) {
  simdjson::ondemand::object object;
  if (value.get_object().get(object)) return malformed_line("expect_header must be an object");
  out.emplace();
  for (auto field : object) {
    std::string_view name, pattern;
    if (field.unescaped_key().get(name) || field.value().get_string().get(pattern)) {
      return malformed_line("expect_header values must be strings (regexes)");
    }
    if (trim_ows(name).empty()) return malformed_line("expect_header has an empty name");
    Result<Pattern> compiled = compile_pattern(pattern, "expect_header " + std::string(name));
    if (!compiled) return malformed_line(compiled.error().message);
    out->push_back(HeaderExpectation{std::string(trim_ows(name)), std::move(*compiled)});
  }
  return Error();
}

// One expect_* key into `line`; JSON null sets "no expectation" (overriding the flag).
Error read_expectation(std::string_view key, simdjson::ondemand::value value, Expectations& line) {
  bool is_null = false;
  if (!value.is_null().get(is_null) && is_null) {
    if (key == "expect_status") line.status = StatusList{};
    if (key == "expect_header") line.headers.emplace();
    if (key == "expect_body") line.body = Pattern();
    if (key == "expect_time") line.time = 0;
    return Error();
  }
  if (key == "expect_status") return read_expect_status(value, line.status);
  if (key == "expect_header") return read_expect_header(value, line.headers);
  if (key == "expect_body") {
    std::string_view pattern;
    if (value.get_string().get(pattern)) return malformed_line("expect_body must be a string");
    Result<Pattern> compiled = compile_pattern(pattern, "expect_body");
    if (!compiled) return malformed_line(compiled.error().message);
    line.body = std::move(*compiled);
    return Error();
  }
  double seconds = 0;
  if (value.get_double().get(seconds) || !(seconds >= 0) || seconds > kMaxExpectTime) {
    return malformed_line("expect_time must be a number of seconds >= 0");
  }
  line.time = seconds;
  return Error();
}

bool is_expectation_key(std::string_view key) {
  return key == "expect_status" || key == "expect_header" || key == "expect_body" ||
         key == "expect_time";
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
  std::shared_ptr<Expectations> expect;  // made only for a line that has expect_* keys
  for (auto field : object) {
    std::string_view key;
    ondemand::value value;
    if (field.unescaped_key().get(key) || field.value().get(value)) {
      spec.error = malformed_line("invalid JSON");
      return LineKind::Request;
    }
    std::string_view text;
    if (key == "url" || key == "method" || key == "body" || key == "output" || key == "name") {
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
      } else if (key == "name") {
        spec.name.assign(text);
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
    } else if (is_expectation_key(key)) {
      if (!expect) expect = std::make_shared<Expectations>();
      if (Error error = read_expectation(key, value, *expect); !error.ok()) {
        spec.error = error;
        return LineKind::Request;
      }
    } else {
      spec.error = malformed_line("unknown key \"" + std::string(key) + "\"");
      return LineKind::Request;
    }
  }
  if (!has_url) spec.error = malformed_line("\"url\" is missing");
  spec.expect = std::move(expect);
  return LineKind::Request;
}

}  // namespace kurl
