#include "output/progress.h"

#include <unistd.h>

#include "output/stats.h"

namespace kurl {

ProgressLine::ProgressLine(std::FILE* stream, const Stats& stats,
                           std::function<std::optional<uint64_t>()> total, bool verbose)
    : line_(stream), stats_(stats), total_source_(std::move(total)), verbose_(verbose) {}

void ProgressLine::on_transfer_end(const TransferResult& e) {
  ++done_;
  if (e.error.ok()) return;
  ++failed_;
  line_.erase();  // its failure line follows
}

void ProgressLine::on_tick(size_t open_connections) {
  if (!total_known_) {
    total_ = total_source_ ? total_source_() : std::nullopt;
    total_known_ = true;
  }
  double seconds = stats_.elapsed();
  double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  char text[160];
  int n = total_ ? std::snprintf(text, sizeof text, "%llu/%llu done",
                                 static_cast<unsigned long long>(done_),
                                 static_cast<unsigned long long>(*total_))
                 : std::snprintf(text, sizeof text, "%llu done",
                                 static_cast<unsigned long long>(done_));
  std::snprintf(text + n, sizeof text - static_cast<size_t>(n),
                "  %.0f req/s  %zu conns  %.1f%% reuse  %llu failed", rate, open_connections,
                stats_.reuse_ratio() * 100, static_cast<unsigned long long>(failed_));
  line_.draw(text);
}

void ProgressLine::on_run_end() {
  line_.erase();
}

bool progress_wanted(bool silent, bool several_requests) {
  return !silent && several_requests && isatty(STDERR_FILENO) == 1;
}

}  // namespace kurl
