#include "output/progress.h"

#include <unistd.h>

#include "output/stats.h"

namespace kurl {

ProgressLine::ProgressLine(std::FILE* stream, const Stats& stats,
                           std::function<std::optional<uint64_t>()> total)
    : stream_(stream), stats_(stats), total_source_(std::move(total)) {}

void ProgressLine::on_transfer_end(const TransferResult& e) {
  ++done_;
  if (!e.error.ok()) ++failed_;
}

void ProgressLine::on_tick(size_t open_connections) {
  if (!total_known_) {
    total_ = total_source_ ? total_source_() : std::nullopt;
    total_known_ = true;
  }
  double seconds = stats_.elapsed();
  double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  unsigned long long done = done_;
  if (total_) {
    std::fprintf(stream_, "\r\x1b[K%llu/%llu done", done, static_cast<unsigned long long>(*total_));
  } else {
    std::fprintf(stream_, "\r\x1b[K%llu done", done);
  }
  std::fprintf(stream_, "  %.0f req/s  %zu conns  %.1f%% reuse  %llu failed", rate,
               open_connections, stats_.reuse_ratio() * 100,
               static_cast<unsigned long long>(failed_));
  std::fflush(stream_);
  drawn_ = true;
}

void ProgressLine::on_run_end() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stream_);
  std::fflush(stream_);
}

bool progress_wanted(bool silent, bool several_requests) {
  return !silent && several_requests && isatty(STDERR_FILENO) == 1;
}

}  // namespace kurl
