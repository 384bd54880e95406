#include "output/report_writer.h"

#include <cstdio>

#include "core/text.h"
#include "output/output_channel.h"

namespace kurl {

namespace {

void append_number(std::string& out, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", value);
  out += buf;
}

}  // namespace

void append_report_line(const TransferResult& e, std::string& out) {
  out += "{\"index\":";
  out += std::to_string(e.index);
  out += ",\"url\":";
  append_json_string(out, e.url);
  out += ",\"method\":";
  append_json_string(out, e.method);
  out += ",\"status\":";
  out += e.status == 0 ? std::string("null") : std::to_string(e.status);
  out += ",\"ok\":";
  out += e.error.ok() ? "true" : "false";
  out += ",\"exit_code\":";
  out += std::to_string(e.error.exit_code());
  out += ",\"error\":";
  if (e.error.ok()) {
    out += "null";
  } else {
    append_json_string(out, e.error.message);
  }
  out += ",\"bytes\":";
  out += std::to_string(e.bytes_received);
  out += ",\"connection\":";
  out += e.has_connection ? std::to_string(e.connection_id) : std::string("null");
  out += ",\"reused\":";
  out += e.reused ? "true" : "false";
  out += ",\"attempts\":";
  out += std::to_string(e.attempts);
  out += ",\"stale_retry\":";
  out += e.stale_retry ? "true" : "false";
  out += ",\"replays\":";
  out += std::to_string(e.replays);
  out += ",\"time_total\":";
  append_number(out, e.time_total);
  out += ",\"time_connect\":";
  append_number(out, e.time_connect);
  out += ",\"time_tls\":";
  append_number(out, e.time_appconnect > e.time_connect ? e.time_appconnect - e.time_connect : 0);
  out += ",\"time_first_byte\":";
  append_number(out, e.time_starttransfer);
  out += ",\"output\":";
  if (e.output.empty()) {
    out += "null";
  } else {
    append_json_string(out, e.output);
  }
  if (e.line != 0) {
    out += ",\"line\":";
    out += std::to_string(e.line);
  }
  out += "}";
}

ReportWriter::~ReportWriter() {
  flush();
}

void ReportWriter::on_transfer_end(const TransferResult& e) {
  append_report_line(e, buffer_);
  buffer_ += '\n';
  if (flush_ == Flush::EachLine || buffer_.size() >= kFlushBytes) flush();
}

Error ReportWriter::stop_reason() const {
  return out_.error();
}

bool ReportWriter::flush() {
  bool ok = buffer_.empty() || out_.write(buffer_);
  buffer_.clear();
  return out_.flush() && ok;
}

}  // namespace kurl
