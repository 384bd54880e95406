#include "output/progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "core/text.h"

namespace kurl {

namespace {

/// The columns the bar's frame takes besides the '#'s: a space and " 100.0%".
constexpr int kPercentColumns = 7;
/// The marker of an unknown size.
constexpr std::string_view kMarker = "-=O=-";

}  // namespace

int progress_bar_width(const char* columns, int fd) {
  int width = 0;
  if (columns != nullptr) {
    char* end = nullptr;
    long number = std::strtol(columns, &end, 10);
    if (end != columns && *end == '\0' && number > 20)
      width = static_cast<int>(std::min<long>(number, kMaxProgressBarWidth));
  }
  winsize size{};
  if (width == 0 && ioctl(fd, TIOCGWINSZ, &size) == 0) width = size.ws_col;
  if (width == 0) width = kDefaultProgressBarWidth;
  return std::min(width, kMaxProgressBarWidth);
}

void append_progress_bar(std::string& out, int width, uint64_t received, uint64_t total) {
  if (received > total) total = received;  // more than announced: the bar is full
  double fraction = total > 0 ? static_cast<double>(received) / static_cast<double>(total) : 1;
  int bar_width = width - kPercentColumns;
  int hashes = std::min(static_cast<int>(bar_width * fraction), kMaxProgressBarWidth);
  out += '\r';
  out.append(static_cast<size_t>(hashes), '#');
  if (hashes < bar_width) out.append(static_cast<size_t>(bar_width - hashes), ' ');
  char percent[16];
  std::snprintf(percent, sizeof percent, " %5.1f%%", fraction * 100.0);
  out += percent;
}

void ProgressBar::on_response_head(const ResponseHead& e) {
  if (!e.final || e.retried) return;
  final_ = true;
  std::optional<std::string_view> length = e.response->headers.find("Content-Length");
  std::optional<uint64_t> parsed = length ? parse_uint(*length) : std::nullopt;
  total_ = parsed.value_or(0);
}

void ProgressBar::on_response_body(uint64_t, std::string_view bytes) {
  received_ += bytes.size();
}

void ProgressBar::on_tick(size_t) {
  if (!final_) return;
  if (total_ > 0) {
    draw();
  } else {
    move_marker();
  }
}

void ProgressBar::draw() {
  if (received_ == drawn_) return;
  drawn_ = received_;
  text_.clear();
  append_progress_bar(text_, width_, received_, total_);
  std::fwrite(text_.data(), 1, text_.size(), stream_);
  std::fflush(stream_);
}

void ProgressBar::move_marker() {
  text_.assign("\r");
  text_.append(static_cast<size_t>(width_ - 1), ' ');
  text_.replace(static_cast<size_t>(marker_) + 1, kMarker.size(), kMarker);
  std::fwrite(text_.data(), 1, text_.size(), stream_);
  std::fflush(stream_);
  if (received_ == drawn_) return;  // it moves only while bytes come
  drawn_ = received_;
  marker_ += marker_step_;
  int last = width_ - 1 - static_cast<int>(kMarker.size());
  if (marker_ >= last || marker_ <= 0) marker_step_ = -marker_step_;
}

void ProgressBar::on_transfer_end(const TransferResult&) {
  if (total_ > 0) draw();  // the 100% (or wherever it stopped) curl ends with
  std::fputs("\n", stream_);
  std::fflush(stream_);
}

bool progress_bar_wanted(bool silent, bool several_requests) {
  return !silent && !several_requests && isatty(STDERR_FILENO) == 1;
}

}  // namespace kurl
