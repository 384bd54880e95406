// The one-line progress display of a batch on a terminal.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "engine/observer.h"
#include "output/status_line.h"

namespace kurl {

class Stats;

/// Redraws "done/total  req/s  conns  reuse  failed" on stderr at each tick (at most 10 a
/// second); erases itself at the end so the final --stats follows on a clean line. Bodies
/// and -w lines on the same terminal erase it first (line() guards standard output), and so
/// does every event after which a later sink prints on standard error: a failure (its
/// failure line), a retry (its warning) and, with -v, what -v shows. It is drawn again at
/// the next tick.
class ProgressLine final : public Observer {
 public:
  /// `total` gives the number of requests when known (called once, on the first tick);
  /// `verbose`: -v prints on the same stream.
  ProgressLine(std::FILE* stream, const Stats& stats,
               std::function<std::optional<uint64_t>()> total, bool verbose);
  void on_transfer_end(const TransferResult& e) override;
  void on_retry(const RetryEvent&) override { line_.erase(); }
  void on_connection_event(const ConnectionEvent&) override { erase_for_verbose(); }
  void on_request_sent(const RequestSent&) override { erase_for_verbose(); }
  void on_response_head(const ResponseHead&) override { erase_for_verbose(); }
  void on_tick(size_t open_connections) override;
  void on_run_end() override;
  StatusLine& line() { return line_; }

 private:
  void erase_for_verbose() {
    if (verbose_) line_.erase();
  }

  StatusLine line_;
  const Stats& stats_;
  std::function<std::optional<uint64_t>()> total_source_;
  std::optional<uint64_t> total_;
  bool total_known_ = false;
  uint64_t done_ = 0;
  uint64_t failed_ = 0;
  bool verbose_;
};

/// True when a progress line should show: stderr is a terminal, more than one request
/// may run, and -s was not given.
bool progress_wanted(bool silent, bool several_requests);

}  // namespace kurl
