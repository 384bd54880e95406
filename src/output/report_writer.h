// --report: one JSON object per request, as each ends (JSON Lines).
#pragma once

#include <cstdio>
#include <string>

#include "engine/observer.h"

namespace kurl {

/// Writes report lines into a buffer flushed in whole lines, so an interrupted run leaves
/// only complete lines behind.
class ReportWriter final : public Observer {
 public:
  /// `stream` is owned by the caller (a file or stdout).
  explicit ReportWriter(std::FILE* stream) : stream_(stream) {}
  ~ReportWriter() override;
  void on_transfer_end(const TransferResult& e) override;
  void on_tick(size_t) override { flush(); }
  void on_run_end() override { flush(); }
  /// Writes what is buffered; false after a write error.
  bool flush();
  bool failed() const { return failed_; }

 private:
  /// Bytes buffered before a write; a tick or the end of the run flushes earlier.
  static constexpr size_t kFlushBytes = 64 * 1024;
  std::FILE* stream_;
  std::string buffer_;
  bool failed_ = false;
};

/// Appends one report object (no newline) for a finished request.
void append_report_line(const TransferResult& e, std::string& out);

}  // namespace kurl
