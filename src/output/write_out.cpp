#include "output/write_out.h"

#include <charconv>

#include "core/text.h"

namespace kurl {

namespace {

struct VariableName {
  std::string_view name;
  WriteOutVariable variable;
};

// Sorted by name: %{json} lists its keys in this order, as curl does.
constexpr VariableName kVariables[] = {
    {"connection_id", WriteOutVariable::ConnectionId},
    {"content_type", WriteOutVariable::ContentType},
    {"errormsg", WriteOutVariable::ErrorMessage},
    {"exitcode", WriteOutVariable::ExitCode},
    {"http_code", WriteOutVariable::HttpCode},
    {"http_version", WriteOutVariable::HttpVersion},
    {"json", WriteOutVariable::Json},
    {"local_port", WriteOutVariable::LocalPort},
    {"method", WriteOutVariable::Method},
    {"num_connects", WriteOutVariable::NumConnects},
    {"num_redirects", WriteOutVariable::NumRedirects},
    {"onerror", WriteOutVariable::OnError},
    {"remote_ip", WriteOutVariable::RemoteIp},
    {"remote_port", WriteOutVariable::RemotePort},
    {"response_code", WriteOutVariable::ResponseCode},
    {"reused", WriteOutVariable::Reused},
    {"scheme", WriteOutVariable::Scheme},
    {"size_download", WriteOutVariable::SizeDownload},
    {"size_upload", WriteOutVariable::SizeUpload},
    {"stderr", WriteOutVariable::Stderr},
    {"stdout", WriteOutVariable::Stdout},
    {"time_appconnect", WriteOutVariable::TimeAppconnect},
    {"time_connect", WriteOutVariable::TimeConnect},
    {"time_namelookup", WriteOutVariable::TimeNamelookup},
    {"time_starttransfer", WriteOutVariable::TimeStarttransfer},
    {"time_total", WriteOutVariable::TimeTotal},
    {"url", WriteOutVariable::Url},
    {"url_effective", WriteOutVariable::UrlEffective},
};

// curl copies a %header{} name into a 256-byte buffer and ignores longer ones.
constexpr size_t kMaxHeaderNameLength = 255;

// One variable's value for one request, before it is written as text or as JSON.
struct Value {
  enum class Kind { Null, String, Scheme, Number, StatusCode, Seconds };
  Kind kind = Kind::Null;
  std::string_view text;
  uint64_t number = 0;
  double seconds = 0;
};

Value string_value(std::string_view text) {
  return {Value::Kind::String, text, 0, 0};
}
Value number_value(uint64_t number) {
  return {Value::Kind::Number, {}, number, 0};
}
Value seconds_value(double seconds) {
  return {Value::Kind::Seconds, {}, 0, seconds};
}

// Only RFC 3986 scheme characters are accepted, so the scheme never needs JSON escaping.
Value scheme_value(std::string_view url) {
  size_t end = url.find("://");
  if (end == 0 || end == std::string_view::npos) return {};
  std::string_view scheme = url.substr(0, end);
  for (char c : scheme) {
    if (!is_scheme_char(c)) return {};
  }
  return {Value::Kind::Scheme, scheme, 0, 0};
}

// curl's names: HTTP/1.0 is "1", and "0" means no response.
std::string_view http_version_text(const Response* response) {
  if (response == nullptr) return "0";
  if (response->http_major == 1 && response->http_minor == 1) return "1.1";
  if (response->http_major == 1 && response->http_minor == 0) return "1";
  if (response->http_major == 2 && response->http_minor == 0) return "2";
  if (response->http_major == 3 && response->http_minor == 0) return "3";
  return "0";
}

Value value_of(WriteOutVariable variable, const TransferResult& r) {
  switch (variable) {
    case WriteOutVariable::ConnectionId:
      return r.has_connection ? number_value(r.connection_id) : Value{};
    case WriteOutVariable::ContentType: {
      if (r.response == nullptr) return {};
      auto type = r.response->headers.find("Content-Type");
      return type ? string_value(*type) : Value{};
    }
    case WriteOutVariable::ErrorMessage:
      return r.error.ok() ? Value{} : string_value(r.error.message);
    case WriteOutVariable::ExitCode:
      return number_value(static_cast<uint64_t>(r.error.exit_code()));
    case WriteOutVariable::HttpCode:
    case WriteOutVariable::ResponseCode:
      return {Value::Kind::StatusCode, {}, static_cast<uint64_t>(r.status < 0 ? 0 : r.status), 0};
    case WriteOutVariable::HttpVersion:
      return string_value(http_version_text(r.response));
    case WriteOutVariable::LocalPort:
      return number_value(r.local_port);
    case WriteOutVariable::Method:
      return string_value(r.method);
    case WriteOutVariable::NumConnects:
      return number_value(static_cast<uint64_t>(r.num_connects < 0 ? 0 : r.num_connects));
    case WriteOutVariable::NumRedirects:
      return number_value(static_cast<uint64_t>(r.redirects < 0 ? 0 : r.redirects));
    case WriteOutVariable::RemoteIp:
      return string_value(r.remote_ip);
    case WriteOutVariable::RemotePort:
      return number_value(r.remote_port);
    case WriteOutVariable::Reused:
      return number_value(r.reused ? 1 : 0);
    case WriteOutVariable::Scheme:
      return scheme_value(r.url_effective);
    case WriteOutVariable::SizeDownload:
      return number_value(r.bytes_received);
    case WriteOutVariable::SizeUpload:
      return number_value(r.upload_bytes);
    case WriteOutVariable::TimeAppconnect:
      return seconds_value(r.time_appconnect);
    case WriteOutVariable::TimeConnect:
      return seconds_value(r.time_connect);
    case WriteOutVariable::TimeNamelookup:
      return seconds_value(r.time_namelookup);
    case WriteOutVariable::TimeStarttransfer:
      return seconds_value(r.time_starttransfer);
    case WriteOutVariable::TimeTotal:
      return seconds_value(r.time_total);
    case WriteOutVariable::Url:
      return string_value(r.url);
    case WriteOutVariable::UrlEffective:
      return string_value(r.url_effective);
    case WriteOutVariable::Json:
    case WriteOutVariable::OnError:
    case WriteOutVariable::Stderr:
    case WriteOutVariable::Stdout:
      return {};
  }
  return {};
}

// The variables that only steer the output have no value and no %{json} key.
bool has_value(WriteOutVariable variable) {
  return variable != WriteOutVariable::Json && variable != WriteOutVariable::OnError &&
         variable != WriteOutVariable::Stderr && variable != WriteOutVariable::Stdout;
}

void append_number(std::string& out, uint64_t number, int min_digits) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
  (void)ec;  // 24 bytes always hold a uint64_t
  for (auto digits = end - buf; digits < min_digits; ++digits) out.push_back('0');
  out.append(buf, end);
}

void append_lower(std::string& out, std::string_view text) {
  for (char c : text) out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
}

void append_text(std::string& out, const Value& value) {
  switch (value.kind) {
    case Value::Kind::Null:
      break;
    case Value::Kind::String:
      append_printable(out, value.text);
      break;
    case Value::Kind::Scheme:
      append_lower(out, value.text);
      break;
    case Value::Kind::Number:
      append_number(out, value.number, 1);
      break;
    case Value::Kind::StatusCode:
      append_number(out, value.number, 3);
      break;
    case Value::Kind::Seconds:
      out.append(format_seconds(value.seconds));
      break;
  }
}

void append_json_value(std::string& out, const Value& value) {
  switch (value.kind) {
    case Value::Kind::Null:
      out.append("null");
      break;
    case Value::Kind::String:
      append_json_string(out, value.text);
      break;
    case Value::Kind::Scheme:
      out.push_back('"');
      append_lower(out, value.text);
      out.push_back('"');
      break;
    case Value::Kind::Number:
    case Value::Kind::StatusCode:
      append_number(out, value.number, 1);
      break;
    case Value::Kind::Seconds:
      out.append(format_seconds(value.seconds));
      break;
  }
}

void append_json_object(std::string& out, const TransferResult& result) {
  out.push_back('{');
  bool first = true;
  for (const VariableName& entry : kVariables) {
    if (!has_value(entry.variable)) continue;
    if (!first) out.push_back(',');
    first = false;
    out.push_back('"');
    out.append(entry.name);
    out.append("\":");
    append_json_value(out, value_of(entry.variable, result));
  }
  out.push_back('}');
}

}  // namespace

WriteOutFormat WriteOutFormat::parse(std::string_view format, std::vector<std::string>* warnings) {
  static constexpr std::string_view kHeaderOpen = "%header{";
  WriteOutFormat parsed;
  size_t i = 0;
  while (i < format.size()) {
    char c = format[i];
    bool has_next = i + 1 < format.size();
    if (c == '%' && has_next) {
      char next = format[i + 1];
      if (next == '%') {
        parsed.add_literal("%");
        i += 2;
      } else if (next == '{') {
        size_t end = format.find('}', i + 2);
        if (end == std::string_view::npos) {
          parsed.add_literal("%{");
          i += 2;
          continue;
        }
        std::string_view name = format.substr(i + 2, end - i - 2);
        bool known = false;
        for (const VariableName& entry : kVariables) {
          if (iequals(entry.name, name)) {
            parsed.add_variable(entry.variable);
            known = true;
            break;
          }
        }
        if (!known && warnings != nullptr) {
          warnings->push_back("unknown --write-out variable: '" + std::string(name) + "'");
        }
        i = end + 1;
      } else if (format.substr(i).starts_with(kHeaderOpen)) {
        size_t start = i + kHeaderOpen.size();
        size_t end = format.find('}', start);
        if (end == std::string_view::npos) {
          parsed.add_literal(kHeaderOpen);
          i = start;
          continue;
        }
        std::string_view name = format.substr(start, end - start);
        if (name.size() <= kMaxHeaderNameLength) parsed.add_header(name);
        i = end + 1;
      } else {
        parsed.add_literal(format.substr(i, 2));
        i += 2;
      }
    } else if (c == '\\' && has_next) {
      // curl knows only these three; anything else, "\\" included, is kept as both bytes.
      switch (format[i + 1]) {
        case 'n':
          parsed.add_literal("\n");
          break;
        case 'r':
          parsed.add_literal("\r");
          break;
        case 't':
          parsed.add_literal("\t");
          break;
        default:
          parsed.add_literal(format.substr(i, 2));
          break;
      }
      i += 2;
    } else {
      parsed.add_literal(format.substr(i, 1));
      ++i;
    }
  }
  return parsed;
}

void WriteOutFormat::render(const TransferResult& result, std::string& out) const {
  render_to(result, out, nullptr);
}

void WriteOutFormat::render(const TransferResult& result, std::string& out,
                            std::string& err) const {
  render_to(result, out, &err);
}

void WriteOutFormat::add_literal(std::string_view text) {
  bool extend = !segments_.empty() && segments_.back().kind == Segment::Kind::Literal &&
                segments_.back().offset + segments_.back().length == text_.size();
  if (!extend) {
    Segment segment;
    segment.offset = static_cast<uint32_t>(text_.size());
    segments_.push_back(segment);
  }
  text_.append(text);
  segments_.back().length += static_cast<uint32_t>(text.size());
}

void WriteOutFormat::add_header(std::string_view name) {
  Segment segment;
  segment.kind = Segment::Kind::Header;
  segment.offset = static_cast<uint32_t>(text_.size());
  segment.length = static_cast<uint32_t>(name.size());
  text_.append(name);
  segments_.push_back(segment);
}

void WriteOutFormat::add_variable(WriteOutVariable variable) {
  Segment segment;
  segment.kind = Segment::Kind::Variable;
  segment.variable = variable;
  segments_.push_back(segment);
  if (variable == WriteOutVariable::Stderr) uses_stderr_ = true;
}

std::string_view WriteOutFormat::slice(const Segment& segment) const {
  return std::string_view(text_).substr(segment.offset, segment.length);
}

void WriteOutFormat::render_to(const TransferResult& result, std::string& out,
                               std::string* err) const {
  std::string* sink = &out;
  for (const Segment& segment : segments_) {
    switch (segment.kind) {
      case Segment::Kind::Literal:
        sink->append(slice(segment));
        break;
      case Segment::Kind::Header:
        if (result.response != nullptr) {
          if (auto value = result.response->headers.find(slice(segment))) {
            append_printable(*sink, *value);
          }
        }
        break;
      case Segment::Kind::Variable:
        switch (segment.variable) {
          case WriteOutVariable::OnError:
            if (result.error.ok()) return;
            break;
          case WriteOutVariable::Stdout:
            sink = &out;
            break;
          case WriteOutVariable::Stderr:
            if (err != nullptr) sink = err;
            break;
          case WriteOutVariable::Json:
            append_json_object(*sink, result);
            break;
          default:
            append_text(*sink, value_of(segment.variable, result));
            break;
        }
        break;
    }
  }
}

const std::vector<std::string_view>& write_out_variables() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> list;
    for (const VariableName& entry : kVariables) list.push_back(entry.name);
    return list;
  }();
  return names;
}

}  // namespace kurl
