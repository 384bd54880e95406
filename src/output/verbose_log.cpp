#include "output/verbose_log.h"

#include <string>

#include "core/text.h"
#include "output/colour.h"

namespace kurl {

void append_connection_event_lines(std::string& out, const ConnectionEvent& e,
                                   std::string_view prefix) {
  std::string id = "#" + std::to_string(e.id);
  out += prefix;
  switch (e.kind) {
    case ConnectionEvent::Kind::Trying: {
      bool v6 = e.ip.find(':') != std::string_view::npos;
      out += v6 ? "  Trying [" : "  Trying ";
      append_printable(out, e.ip);
      out += v6 ? "]:" : ":";
      out += std::to_string(e.port) + "...";
      break;
    }
    case ConnectionEvent::Kind::Connected:
      out += "Connected to ";
      append_printable(out, e.host);
      out += " (";
      append_printable(out, e.ip);
      out += ") port " + std::to_string(e.port) + " (" + id + ")";
      if (e.tls) {
        out += '\n';
        out += prefix;
        out += "SSL connection using ";
        append_printable(out, e.detail);
        if (e.tls_resumed) out += " (session resumed)";
      }
      break;
    case ConnectionEvent::Kind::Reused:
      out += "Re-using existing connection " + id + " with host ";
      append_printable(out, e.host);
      break;
    case ConnectionEvent::Kind::LeftIntact:
      out += "Connection " + id + " to host ";
      append_printable(out, e.host);
      out += " left intact";
      break;
    case ConnectionEvent::Kind::Closed:
      out += "Closing connection " + id + " (" + close_reason_words(e.reason);
      if (!e.detail.empty()) {
        out += ": ";
        append_printable(out, e.detail);
      }
      out += ")";
      break;
  }
  out += '\n';
}

void VerboseLog::on_connection_event(const ConnectionEvent& e) {
  append_connection_event_lines(line_, e, "* ");
  std::fwrite(line_.data(), 1, line_.size(), stream_);
  line_.clear();
}

void VerboseLog::on_request_sent(const RequestSent& e) {
  // The head as sent, Authorization included (as curl shows it); bytes from the URL or from
  // -H that a terminal would act on are escaped.
  std::string_view head = e.head;
  for (bool first = true; !head.empty(); first = false) {
    size_t end = head.find("\r\n");
    line_ += "> ";
    append_request_line(head.substr(0, end), first);
    write_line();
    if (end == std::string_view::npos) break;
    head.remove_prefix(end + 2);
  }
}

void VerboseLog::on_response_head(const ResponseHead& e) {
  // Everything here comes from the server: its reason phrase and header values are escaped.
  const Response& r = *e.response;
  line_ += "< ";
  if (colour_) {
    append_coloured_status_line(line_, r, true);
  } else {
    append_printable(line_, r.status_line());
  }
  write_line();
  for (size_t i = 0; i < r.headers.size(); ++i) {
    line_ += "< ";
    if (colour_) {
      append_coloured_header(line_, r.headers.name(i), r.headers.value(i), true);
    } else {
      append_printable(line_, r.headers.name(i));
      line_ += ": ";
      append_printable(line_, r.headers.value(i));
    }
    write_line();
  }
  line_ += "<";
  write_line();
}

void VerboseLog::on_retry(const RetryEvent& e) {
  line_ += "* Request " + std::to_string(e.index) + ": ";
  switch (e.kind) {
    case RetryEvent::Kind::Stale:
      line_ += "the reused connection was stale; sending it again on a new connection";
      break;
    case RetryEvent::Kind::Pipelined:
      line_ += "the pipelined connection died; sending it again on a new connection";
      break;
    case RetryEvent::Kind::Retry:  // the warning (output/retry_notice) says when and how often
      line_ += "(" + std::to_string(e.error->exit_code()) + ") ";
      append_printable(line_, e.error->message);
      break;
  }
  write_line();
}

void VerboseLog::append_request_line(std::string_view line, bool first) {
  size_t colon = line.find(':');
  if (!colour_ || (!first && colon == std::string_view::npos)) {
    append_printable(line_, line);
  } else if (first) {  // "GET /path HTTP/1.1": the method stands out
    size_t space = line.find(' ');
    line_ += ansi::kBold;
    line_ += ansi::kGreen;
    append_printable(line_, line.substr(0, space));
    line_ += ansi::kReset;
    if (space != std::string_view::npos) append_printable(line_, line.substr(space));
  } else {  // the name coloured, the rest as sent
    line_ += ansi::kCyan;
    append_printable(line_, line.substr(0, colon));
    line_ += ansi::kReset;
    append_printable(line_, line.substr(colon));
  }
}

void VerboseLog::write_line() {
  line_ += '\n';
  std::fwrite(line_.data(), 1, line_.size(), stream_);
  line_.clear();
}

}  // namespace kurl
