#include "output/write_out_variables.h"


#include "core/text.h"

namespace kurl {

namespace {

struct VariableName {
  std::string_view name;
  WriteOutVariable variable;
};

// Sorted by name: %{json} lists its keys in this order, as curl does.
constexpr VariableName kVariables[] = {
    {"certs", WriteOutVariable::Certs},
    {"connection_id", WriteOutVariable::ConnectionId},
    {"content_type", WriteOutVariable::ContentType},
    {"errormsg", WriteOutVariable::ErrorMessage},
    {"exitcode", WriteOutVariable::ExitCode},
    {"filename_effective", WriteOutVariable::FilenameEffective},
    {"ftp_entry_path", WriteOutVariable::FtpEntryPath},
    {"header_json", WriteOutVariable::HeaderJson},
    {"http_code", WriteOutVariable::HttpCode},
    {"http_connect", WriteOutVariable::HttpConnect},
    {"http_version", WriteOutVariable::HttpVersion},
    {"json", WriteOutVariable::Json},
    {"local_ip", WriteOutVariable::LocalIp},
    {"local_port", WriteOutVariable::LocalPort},
    {"method", WriteOutVariable::Method},
    {"num_certs", WriteOutVariable::NumCerts},
    {"num_connects", WriteOutVariable::NumConnects},
    {"num_headers", WriteOutVariable::NumHeaders},
    {"num_redirects", WriteOutVariable::NumRedirects},
    {"onerror", WriteOutVariable::OnError},
    {"proxy_ssl_verify_result", WriteOutVariable::ProxySslVerifyResult},
    {"redirect_url", WriteOutVariable::RedirectUrl},
    {"referer", WriteOutVariable::Referer},
    {"remote_ip", WriteOutVariable::RemoteIp},
    {"remote_port", WriteOutVariable::RemotePort},
    {"response_code", WriteOutVariable::ResponseCode},
    {"reused", WriteOutVariable::Reused},
    {"scheme", WriteOutVariable::Scheme},
    {"size_download", WriteOutVariable::SizeDownload},
    {"size_header", WriteOutVariable::SizeHeader},
    {"size_request", WriteOutVariable::SizeRequest},
    {"size_upload", WriteOutVariable::SizeUpload},
    {"speed_download", WriteOutVariable::SpeedDownload},
    {"speed_upload", WriteOutVariable::SpeedUpload},
    {"ssl_verify_result", WriteOutVariable::SslVerifyResult},
    {"stderr", WriteOutVariable::Stderr},
    {"stdout", WriteOutVariable::Stdout},
    {"time_appconnect", WriteOutVariable::TimeAppconnect},
    {"time_connect", WriteOutVariable::TimeConnect},
    {"time_namelookup", WriteOutVariable::TimeNamelookup},
    {"time_pretransfer", WriteOutVariable::TimePretransfer},
    {"time_redirect", WriteOutVariable::TimeRedirect},
    {"time_starttransfer", WriteOutVariable::TimeStarttransfer},
    {"time_total", WriteOutVariable::TimeTotal},
    {"url", WriteOutVariable::Url},
    {"url_effective", WriteOutVariable::UrlEffective},
    {"urlnum", WriteOutVariable::UrlNum},
};

// One variable's value for one request, before it is written as text or as JSON.
struct Value {
  /// Lines: text whose line breaks are printed as they are (%{certs}), each line escaped.
  enum class Kind { Null, String, Lines, Scheme, Number, StatusCode, Seconds, HeaderJson };
  Kind kind = Kind::Null;
  std::string_view text;
  uint64_t number = 0;
  double seconds = 0;
};

Value string_value(std::string_view text) {
  return {Value::Kind::String, text, 0, 0};
}
// curl prints null in %{json} (and nothing as text) for a string it does not have.
Value string_or_null(std::string_view text) {
  return text.empty() ? Value{} : string_value(text);
}
Value number_value(uint64_t number) {
  return {Value::Kind::Number, {}, number, 0};
}
Value count_value(int count) {
  return number_value(static_cast<uint64_t>(count < 0 ? 0 : count));
}
Value seconds_value(double seconds) {
  return {Value::Kind::Seconds, {}, 0, seconds};
}
Value status_value(int status) {
  return {Value::Kind::StatusCode, {}, static_cast<uint64_t>(status < 0 ? 0 : status), 0};
}
// curl's speeds: bytes a second over the whole request, as an integer.
Value speed_value(uint64_t bytes, double seconds) {
  return number_value(seconds > 0 ? static_cast<uint64_t>(static_cast<double>(bytes) / seconds)
                                  : 0);
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

// curl 7.88's names: HTTP/1.0 is "1" (that release prints it so), and "0" means no response.
std::string_view http_version_text(const Response* response) {
  if (response == nullptr || response->status == 0) return "0";
  if (response->http_major == 1 && response->http_minor == 1) return "1.1";
  if (response->http_major == 1 && response->http_minor == 0) return "1";
  if (response->http_major == 2 && response->http_minor == 0) return "2";
  if (response->http_major == 3 && response->http_minor == 0) return "3";
  return "0";
}

Value value_of(WriteOutVariable variable, const TransferResult& r) {
  const Response* response = r.response;
  switch (variable) {
    case WriteOutVariable::Certs:
      if (!r.peer_certificates) return string_value("");
      return {Value::Kind::Lines, r.peer_certificates->text, 0, 0};
    case WriteOutVariable::ConnectionId:
      return r.has_connection ? number_value(r.connection_id) : Value{};
    case WriteOutVariable::ContentType: {
      if (response == nullptr) return {};
      auto type = response->headers.find("Content-Type");
      return type ? string_value(*type) : Value{};
    }
    case WriteOutVariable::ErrorMessage:
      return r.error.ok() ? Value{} : string_value(r.error.message);
    case WriteOutVariable::ExitCode:
      return number_value(static_cast<uint64_t>(r.error.exit_code()));
    case WriteOutVariable::FilenameEffective:
      return string_or_null(r.output);
    case WriteOutVariable::LocalIp:
      return string_value(r.local_ip);
    case WriteOutVariable::FtpEntryPath:
      return {};
    case WriteOutVariable::SizeHeader:
      return number_value(r.header_bytes);
    case WriteOutVariable::HeaderJson:
      return {Value::Kind::HeaderJson, {}, 0, 0};
    case WriteOutVariable::HttpCode:
    case WriteOutVariable::ResponseCode:
      return status_value(r.status);
    case WriteOutVariable::HttpConnect:
      return status_value(r.http_connect);
    case WriteOutVariable::HttpVersion:
      return string_value(http_version_text(response));
    case WriteOutVariable::LocalPort:
      return number_value(r.local_port);
    case WriteOutVariable::Method:
      return string_value(r.method);
    case WriteOutVariable::NumCerts:
      return number_value(r.peer_certificates ? r.peer_certificates->count : 0);
    case WriteOutVariable::SslVerifyResult:
      return number_value(r.peer_certificates ? r.peer_certificates->verify_result : 0);
    case WriteOutVariable::ProxySslVerifyResult:  // kurl has no HTTPS proxies
      return number_value(0);
    case WriteOutVariable::NumConnects:
      return count_value(r.num_connects);
    case WriteOutVariable::NumHeaders:
      return number_value(response ? response->headers.size() : 0);
    case WriteOutVariable::NumRedirects:
      return count_value(r.redirects);
    case WriteOutVariable::RedirectUrl:
      return string_or_null(r.redirect_url);
    case WriteOutVariable::Referer:
      return string_or_null(r.referer);
    case WriteOutVariable::RemoteIp:
      return string_value(r.remote_ip);
    case WriteOutVariable::RemotePort:
      return number_value(r.remote_port);
    case WriteOutVariable::Reused:
      return number_value(r.reused ? 1 : 0);
    case WriteOutVariable::Scheme:  // curl knows it once connected
      return r.has_connection ? scheme_value(r.url_effective) : Value{};
    case WriteOutVariable::SizeDownload:
      return number_value(r.bytes_received);
    case WriteOutVariable::SizeRequest:
      return number_value(r.bytes_sent);
    case WriteOutVariable::SizeUpload:
      return number_value(r.upload_bytes);
    case WriteOutVariable::SpeedDownload:
      return speed_value(r.bytes_received, r.time_total);
    case WriteOutVariable::SpeedUpload:
      return speed_value(r.upload_bytes, r.time_total);
    case WriteOutVariable::TimeAppconnect:
      return seconds_value(r.time_appconnect);
    case WriteOutVariable::TimeConnect:
      return seconds_value(r.time_connect);
    case WriteOutVariable::TimeNamelookup:
      return seconds_value(r.time_namelookup);
    case WriteOutVariable::TimePretransfer:
      return seconds_value(r.time_pretransfer);
    case WriteOutVariable::TimeRedirect:
      return seconds_value(r.time_redirect);
    case WriteOutVariable::TimeStarttransfer:
      return seconds_value(r.time_starttransfer);
    case WriteOutVariable::TimeTotal:
      return seconds_value(r.time_total);
    case WriteOutVariable::Url:
      return string_value(r.url);
    case WriteOutVariable::UrlEffective:
      return string_value(r.url_effective);
    case WriteOutVariable::UrlNum:
      return number_value(r.index > 0 ? r.index - 1 : 0);  // curl counts URLs from 0
    case WriteOutVariable::Json:
    case WriteOutVariable::OnError:
    case WriteOutVariable::Stderr:
    case WriteOutVariable::Stdout:
      return {};
  }
  return {};
}

// The variables %{json} leaves out, as curl does: those that steer the output, and
// header_json (an object of its own).
bool in_json(WriteOutVariable variable) {
  return variable != WriteOutVariable::Json && variable != WriteOutVariable::OnError &&
         variable != WriteOutVariable::Stderr && variable != WriteOutVariable::Stdout &&
         variable != WriteOutVariable::HeaderJson;
}


// Each line escaped as any printed text, the line breaks kept.
void append_printable_lines(std::string& out, std::string_view text) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    append_printable(out, text.substr(0, end));
    if (end == std::string_view::npos) return;
    out.push_back('\n');
    text.remove_prefix(end + 1);
  }
}

void append_upper(std::string& out, std::string_view text) {
  for (char c : text) out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c);
}

void append_lower(std::string& out, std::string_view text) {
  for (char c : text) out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
}

// curl's %{header_json}: one key a header name (lower case, in the order the names first
// came), each with the list of its values, one name a line.
void append_header_json(std::string& out, const Response* response) {
  out.push_back('{');
  const HeaderBlock* headers = response ? &response->headers : nullptr;
  bool first = true;
  std::string name;
  for (size_t i = 0; headers != nullptr && i < headers->size(); ++i) {
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = iequals(headers->name(j), headers->name(i));
    if (seen) continue;
    if (!first) out.append(",\n");
    first = false;
    name.clear();
    append_lower(name, headers->name(i));
    append_json_string(out, name);
    out.append(":[");
    for (size_t j = i; j < headers->size(); ++j) {
      if (!iequals(headers->name(j), headers->name(i))) continue;
      if (out.back() != '[') out.push_back(',');
      append_json_string(out, headers->value(j));
    }
    out.push_back(']');
  }
  out.append("\n}");
}

void append_text(std::string& out, const Value& value, const TransferResult& result) {
  switch (value.kind) {
    case Value::Kind::Null:
      break;
    case Value::Kind::String:
      append_printable(out, value.text);
      break;
    case Value::Kind::Lines:
      append_printable_lines(out, value.text);
      break;
    case Value::Kind::Scheme:
      append_upper(out, value.text);  // curl 7.88 prints "HTTP", "HTTPS"
      break;
    case Value::Kind::Number:
      append_decimal(out, value.number, 1);
      break;
    case Value::Kind::StatusCode:
      append_decimal(out, value.number, 3);
      break;
    case Value::Kind::Seconds:
      out.append(format_seconds(value.seconds));
      break;
    case Value::Kind::HeaderJson:
      append_header_json(out, result.response);
      break;
  }
}

void append_json_value(std::string& out, const Value& value) {
  switch (value.kind) {
    case Value::Kind::Null:
    case Value::Kind::HeaderJson:
      out.append("null");
      break;
    case Value::Kind::String:
    case Value::Kind::Lines:
      append_json_string(out, value.text);
      break;
    case Value::Kind::Scheme:
      out.push_back('"');
      append_upper(out, value.text);
      out.push_back('"');
      break;
    case Value::Kind::Number:
    case Value::Kind::StatusCode:
      append_decimal(out, value.number, 1);
      break;
    case Value::Kind::Seconds:
      out.append(format_seconds(value.seconds));
      break;
  }
}

// curl's %{json}: every variable by name, then the version ("curl_version", here kurl's).
void append_json_object(std::string& out, const TransferResult& result) {
  out.push_back('{');
  for (const VariableName& entry : kVariables) {
    if (!in_json(entry.variable)) continue;
    out.push_back('"');
    out.append(entry.name);
    out.append("\":");
    append_json_value(out, value_of(entry.variable, result));
    out.push_back(',');
  }
  out.append("\"curl_version\":\"kurl/" KURL_VERSION "\"}");
}

}  // namespace

std::optional<WriteOutVariable> find_write_out_variable(std::string_view name) {
  for (const VariableName& entry : kVariables) {
    if (iequals(entry.name, name)) return entry.variable;
  }
  return std::nullopt;
}

void append_write_out_value(std::string& out, WriteOutVariable variable,
                            const TransferResult& result) {
  if (variable == WriteOutVariable::Json) {
    append_json_object(out, result);
  } else {
    append_text(out, value_of(variable, result), result);
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
