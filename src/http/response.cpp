#include "http/response.h"

namespace kurl {

void Response::clear() {
  status = 0;
  http_major = 1;
  http_minor = 1;
  reason.clear();
  headers.clear();
  trailers.clear();
  body_bytes = 0;
  wire_bytes = 0;
  head_bytes = 0;
  close_delimited = false;
  keep_alive = false;
  skipped_announced_body = false;
}

std::string Response::status_line() const {
  std::string line = "HTTP/" + std::to_string(http_major) + "." + std::to_string(http_minor) + " " +
                     std::to_string(status);
  if (!reason.empty()) line += " " + reason;
  return line;
}

void append_header_lines(const HeaderBlock& headers, std::string& out) {
  for (size_t i = 0; i < headers.size(); ++i) {
    out += headers.name(i);
    out += ": ";
    out += headers.value(i);
    out += "\r\n";
  }
}

void append_head(const Response& response, std::string& out) {
  out += response.status_line();
  out += "\r\n";
  append_header_lines(response.headers, out);
  out += "\r\n";
}

}  // namespace kurl
