// -v: connection events and headers on stderr, the way curl shows them.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "engine/observer.h"

namespace kurl {

/// Writes "* " connection lines, "> " request heads and "< " response heads to `stream`,
/// every byte that did not come from kurl itself escaped by append_printable(). With `colour`
/// (--color on a terminal) the request line, status line and header names are coloured.
class VerboseLog final : public Observer {
 public:
  explicit VerboseLog(std::FILE* stream, bool colour = false) : stream_(stream), colour_(colour) {}
  void on_request_sent(const RequestSent& e) override;
  void on_response_head(const ResponseHead& e) override;
  void on_connection_event(const ConnectionEvent& e) override;
  void on_retry(const RetryEvent& e) override;

 private:
  /// Writes line_ and a newline to the stream, and empties line_ for the next line.
  void write_line();
  /// Appends one line of a request head (escaped): the request line first, then headers.
  void append_request_line(std::string_view line, bool first);

  std::FILE* stream_;
  bool colour_;
  std::string line_;  ///< the line being built; keeps its capacity between lines
};

/// Appends the lines -v shows for a connection event, each after `prefix` ("* " for -v,
/// "== Info: " for --trace-ascii) and ended by a newline; bytes from the peer or the URL
/// are escaped.
void append_connection_event_lines(std::string& out, const ConnectionEvent& e,
                                   std::string_view prefix);

}  // namespace kurl
