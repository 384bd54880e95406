#include "output/colour.h"

#include "core/text.h"
#include "http/response.h"

namespace kurl {

namespace {

void append_text(std::string& out, std::string_view text, bool escape) {
  if (escape) {
    append_printable(out, text);
  } else {
    out += text;
  }
}

}  // namespace

std::string_view status_colour(int status) {
  if (status >= 400) return ansi::kRed;
  if (status >= 300) return ansi::kYellow;
  return ansi::kGreen;
}

void append_coloured(std::string& out, std::string_view colour, std::string_view text) {
  out += colour;
  out += text;
  out += ansi::kReset;
}

void append_coloured_status_line(std::string& out, const Response& response, bool escape) {
  out += ansi::kBlue;
  out += "HTTP/" + std::to_string(response.http_major) + "." + std::to_string(response.http_minor);
  out += ansi::kReset;
  out += ' ';
  out += ansi::kBold;
  out += status_colour(response.status);
  out += std::to_string(response.status);
  if (!response.reason.empty()) {
    out += ' ';
    append_text(out, response.reason, escape);
  }
  out += ansi::kReset;
}

void append_coloured_header(std::string& out, std::string_view name, std::string_view value,
                            bool escape) {
  out += ansi::kCyan;
  append_text(out, name, escape);
  out += ansi::kReset;
  out += ": ";
  append_text(out, value, escape);
}

void append_coloured_header_lines(const HeaderBlock& headers, std::string& out) {
  for (size_t i = 0; i < headers.size(); ++i) {
    append_coloured_header(out, headers.name(i), headers.value(i), false);
    out += "\r\n";
  }
}

void append_coloured_head(const Response& response, std::string& out) {
  append_coloured_status_line(out, response, false);
  out += "\r\n";
  append_coloured_header_lines(response.headers, out);
  out += "\r\n";
}

}  // namespace kurl
