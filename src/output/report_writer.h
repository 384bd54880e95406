// --report: one JSON object per request, as each ends (JSON Lines).
#pragma once

#include <string>

#include "engine/observer.h"

namespace kurl {

class OutputChannel;

/// Writes report lines into a buffer flushed in whole lines, so an interrupted run leaves
/// only complete lines behind. A failed write stops the run (stop_reason), as a failed
/// standard output does.
class ReportWriter final : public Observer {
 public:
  /// When the lines go out: in batches of kFlushBytes (a file), or each at once (standard
  /// output, where a reader waits for them and a closed pipe must stop the run at once).
  enum class Flush { Batched, EachLine };
  /// `out` is owned by the caller (a file's channel, or standard output's).
  ReportWriter(OutputChannel& out, Flush flush) : out_(out), flush_(flush) {}
  ~ReportWriter() override;
  void on_transfer_end(const TransferResult& e) override;
  void on_tick(size_t) override { flush(); }
  void on_run_end() override { flush(); }
  Error stop_reason() const override;
  /// Writes what is buffered; false after a write error.
  bool flush();

 private:
  /// Bytes buffered before a write; a tick or the end of the run flushes earlier.
  static constexpr size_t kFlushBytes = 64 * 1024;
  OutputChannel& out_;
  Flush flush_;
  std::string buffer_;
};

/// Appends one report object (no newline) for a finished request.
void append_report_line(const TransferResult& e, std::string& out);

}  // namespace kurl
