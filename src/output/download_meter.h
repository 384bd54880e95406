// The progress bar of a single download that takes more than a second, on a terminal's
// standard error, as curl and HTTPie show one: bytes so far, the total when known, the rate
// and the time left.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "engine/observer.h"
#include "output/status_line.h"

namespace kurl {

/// How long a download runs before its bar appears: a quick one shows nothing.
inline constexpr double kMeterDelaySeconds = 1.0;

/// "1.5 KiB", "12.0 MiB": bytes in binary units, one decimal from KiB on.
std::string human_bytes(uint64_t bytes);

/// Appends one drawing of the bar to `out` (no "\r"): with a known total
/// "[=====>     ]  45%  1.2 MiB / 2.6 MiB  310.0 KiB/s  5 s left", else
/// "1.2 MiB  310.0 KiB/s"; the bracketed bar fills what `width` columns leave, and is left
/// out when fewer than 10 columns would remain for it.
void append_meter(std::string& out, int width, uint64_t received, uint64_t total, double seconds);

/// Draws the bar at each tick once the first request has run kMeterDelaySeconds, until it
/// ends; then erases it. Only the first request of the run is shown (a second one means a
/// batch, which has its own progress line).
class DownloadMeter final : public Observer {
 public:
  /// `now` gives monotonic seconds; `width` is the terminal's columns.
  DownloadMeter(std::FILE* stream, int width, std::function<double()> now)
      : line_(stream), width_(width), now_(std::move(now)) {}
  void on_transfer_start(const TransferStart& e) override;
  void on_response_head(const ResponseHead& e) override;
  void on_response_body(uint64_t index, std::string_view bytes) override;
  void on_tick(size_t open_connections) override;
  void on_transfer_end(const TransferResult& e) override;
  void on_run_end() override { line_.erase(); }
  /// A retry's warning follows on standard error: it starts on a clean line.
  void on_retry(const RetryEvent&) override { line_.erase(); }
  StatusLine& line() { return line_; }

 private:
  StatusLine line_;
  int width_;
  std::function<double()> now_;
  bool watching_ = false;  ///< the first request runs, and no other has started
  bool seen_first_ = false;
  uint64_t first_index_ = 0;
  double started_ = 0;
  uint64_t total_ = 0;  ///< Content-Length of the final response (0 = unknown)
  uint64_t received_ = 0;
  std::string text_;
};

}  // namespace kurl
