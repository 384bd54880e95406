#include "output/verbose_log.h"

#include <string>

#include "core/text.h"

namespace kurl {

void VerboseLog::on_connection_event(const ConnectionEvent& e) {
  std::string id = "#" + std::to_string(e.id);
  switch (e.kind) {
    case ConnectionEvent::Kind::Trying: {
      bool v6 = e.ip.find(':') != std::string_view::npos;
      line_ += v6 ? "*   Trying [" : "*   Trying ";
      append_printable(line_, e.ip);
      line_ += v6 ? "]:" : ":";
      line_ += std::to_string(e.port) + "...";
      break;
    }
    case ConnectionEvent::Kind::Connected:
      line_ += "* Connected to ";
      append_printable(line_, e.host);
      line_ += " (";
      append_printable(line_, e.ip);
      line_ += ") port " + std::to_string(e.port) + " (" + id + ")";
      if (e.tls) {
        write_line();
        line_ += "* SSL connection using ";
        append_printable(line_, e.detail);
        if (e.tls_resumed) line_ += " (session resumed)";
      }
      break;
    case ConnectionEvent::Kind::Reused:
      line_ += "* Re-using existing connection " + id + " with host ";
      append_printable(line_, e.host);
      break;
    case ConnectionEvent::Kind::LeftIntact:
      line_ += "* Connection " + id + " to host ";
      append_printable(line_, e.host);
      line_ += " left intact";
      break;
    case ConnectionEvent::Kind::Closed:
      line_ += "* Closing connection " + id + " (" + close_reason_words(e.reason);
      if (!e.detail.empty()) {
        line_ += ": ";
        append_printable(line_, e.detail);
      }
      line_ += ")";
      break;
  }
  write_line();
}

void VerboseLog::on_request_sent(const RequestSent& e) {
  // The head as sent, Authorization included (as curl shows it); bytes from the URL or from
  // -H that a terminal would act on are escaped.
  std::string_view head = e.head;
  while (!head.empty()) {
    size_t end = head.find("\r\n");
    line_ += "> ";
    append_printable(line_, head.substr(0, end));
    write_line();
    if (end == std::string_view::npos) break;
    head.remove_prefix(end + 2);
  }
}

void VerboseLog::on_response_head(const ResponseHead& e) {
  // Everything here comes from the server: its reason phrase and header values are escaped.
  const Response& r = *e.response;
  line_ += "< ";
  append_printable(line_, r.status_line());
  write_line();
  for (size_t i = 0; i < r.headers.size(); ++i) {
    line_ += "< ";
    append_printable(line_, r.headers.name(i));
    line_ += ": ";
    append_printable(line_, r.headers.value(i));
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

void VerboseLog::write_line() {
  line_ += '\n';
  std::fwrite(line_.data(), 1, line_.size(), stream_);
  line_.clear();
}

}  // namespace kurl
