#include "output/trace_ascii.h"

#include <cstdio>

#include "output/output_channel.h"
#include "output/verbose_log.h"

namespace kurl {

namespace {

/// Bytes on one dump line: curl's width without the hex columns.
constexpr size_t kTraceWidth = 0x40;

bool crlf_at(std::string_view bytes, size_t at) {
  return at + 1 < bytes.size() && bytes[at] == '\r' && bytes[at + 1] == '\n';
}

}  // namespace

void append_trace_block(std::string& out, std::string_view title, std::string_view bytes) {
  char number[64];
  std::snprintf(number, sizeof number, ", %zu bytes (0x%zx)\n", bytes.size(), bytes.size());
  out.append(title).append(number);
  // curl's loop, unsigned arithmetic included: a CRLF moves the next line's start past it.
  for (size_t i = 0; i < bytes.size(); i += kTraceWidth) {
    std::snprintf(number, sizeof number, "%04zx: ", i);
    out.append(number);
    for (size_t c = 0; c < kTraceWidth && i + c < bytes.size(); ++c) {
      if (crlf_at(bytes, i + c)) {
        i += c + 2 - kTraceWidth;
        break;
      }
      auto byte = static_cast<unsigned char>(bytes[i + c]);
      out.push_back(byte >= 0x20 && byte < 0x80 ? static_cast<char>(byte) : '.');
      if (crlf_at(bytes, i + c + 1)) {
        i += c + 3 - kTraceWidth;
        break;
      }
    }
    out.push_back('\n');
  }
}

Result<std::unique_ptr<OutputChannel>> TraceAscii::open(const std::string& path) {
  return OutputChannel::open_file(path, "the trace to " + path);
}

void TraceAscii::write_block(std::string_view title, std::string_view bytes) {
  append_trace_block(text_, title, bytes);
}

void TraceAscii::emit() {
  out_.write(text_);
  text_.clear();
}

void TraceAscii::on_connection_event(const ConnectionEvent& e) {
  append_connection_event_lines(text_, e, "== Info: ");
  emit();
}

void TraceAscii::on_request_sent(const RequestSent& e) {
  write_block("=> Send header", e.head);
  if (!e.body.empty()) write_block("=> Send data", e.body);
  emit();
}

void TraceAscii::on_response_head(const ResponseHead& e) {
  const Response& response = *e.response;
  line_ = response.status_line();
  line_ += "\r\n";
  write_block("<= Recv header", line_);
  for (size_t i = 0; i < response.headers.size(); ++i) {
    line_.clear();
    line_.append(response.headers.name(i)).append(": ").append(response.headers.value(i));
    line_ += "\r\n";
    write_block("<= Recv header", line_);
  }
  // curl shows the empty line that ends a final head, not the one after a 1xx.
  if (!e.interim) write_block("<= Recv header", "\r\n");
  emit();
}

void TraceAscii::on_response_body(uint64_t, std::string_view bytes) {
  write_block("<= Recv data", bytes);
  emit();
}

void TraceAscii::on_transfer_end(const TransferResult&) {
  out_.flush();
}

void TraceAscii::on_run_end() {
  out_.flush();
}

void TraceAscii::amend_result(TransferResult& result) {
  if (!out_.flush() && result.error.ok()) {
    result.error = out_.error();
    out_.mark_failure_reported();
  }
}

Error TraceAscii::stop_reason() const {
  return out_.error();
}

}  // namespace kurl
