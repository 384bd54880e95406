// A parsed response head and what the engine needs to know about its body.
#pragma once

#include <cstdint>
#include <string>

#include "http/headers.h"

namespace kurl {

/// The final (non-1xx) response to one request. Reused between requests: clear() keeps memory.
struct Response {
  int status = 0;
  int http_major = 1;
  int http_minor = 1;
  std::string reason;
  HeaderBlock headers;
  HeaderBlock trailers;
  uint64_t body_bytes = 0;       ///< body bytes after transfer decoding
  uint64_t wire_bytes = 0;       ///< bytes read from the socket for this response
  uint64_t head_bytes = 0;       ///< bytes of its heads on the wire, 1xx heads included
  bool close_delimited = false;  ///< body ends when the server closes
  /// The parser's verdict once the response is complete: the connection may carry another
  /// response (llhttp_should_keep_alive: version, Connection and Proxy-Connection in the head
  /// and the trailers, close-delimited body). Nothing else decides this.
  bool keep_alive = false;
  /// A response to HEAD, or a 204/304, whose head announced a body (a Content-Length above 0
  /// or chunked): none is read, so if the server sends one anyway its bytes come next.
  bool skipped_announced_body = false;

  void clear();
  /// "HTTP/1.1 200 OK" as received.
  std::string status_line() const;
};

/// Appends each header as "Name: value" and CRLF (how -i and -D write them, trailers too).
void append_header_lines(const HeaderBlock& headers, std::string& out);
/// Appends `response`'s head as it goes to -i and -D: the status line and CRLF, the header
/// lines, then the empty line.
void append_head(const Response& response, std::string& out);

}  // namespace kurl
