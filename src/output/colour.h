// ANSI colour for what a person reads at a terminal: the status line and header names of -i
// and -v, in HTTPie's manner. Nothing here decides whether to colour (output/terminal_setup).
#pragma once

#include <string>
#include <string_view>

#include "http/headers.h"

namespace kurl {

struct Response;

/// The escape sequences kurl uses: the eight basic colours, understood by every terminal.
namespace ansi {
inline constexpr std::string_view kReset = "\x1b[0m";
inline constexpr std::string_view kBold = "\x1b[1m";
inline constexpr std::string_view kRed = "\x1b[31m";
inline constexpr std::string_view kGreen = "\x1b[32m";
inline constexpr std::string_view kYellow = "\x1b[33m";
inline constexpr std::string_view kBlue = "\x1b[34m";
inline constexpr std::string_view kMagenta = "\x1b[35m";
inline constexpr std::string_view kCyan = "\x1b[36m";
}  // namespace ansi

/// The colour of a status code's class: 1xx and 2xx green, 3xx yellow, 4xx and 5xx red.
std::string_view status_colour(int status);

/// Appends `text` between `colour` and a reset.
void append_coloured(std::string& out, std::string_view colour, std::string_view text);

/// Appends "HTTP/1.1 200 OK" with the version in blue and the code and reason in the code's
/// class colour, bold; `escape` runs the reason through append_printable() (for -v).
void append_coloured_status_line(std::string& out, const Response& response, bool escape);

/// Appends "Name: value" with the name in cyan; `escape` as above.
void append_coloured_header(std::string& out, std::string_view name, std::string_view value,
                            bool escape);

/// append_head() in colour: the status line, each header and CRLF, then the empty line.
void append_coloured_head(const Response& response, std::string& out);
/// append_header_lines() in colour (trailers after the body).
void append_coloured_header_lines(const HeaderBlock& headers, std::string& out);

}  // namespace kurl
