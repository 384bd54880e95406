#include "output/download_meter.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace kurl {

namespace {

/// Columns the bar's brackets and the gap after it take.
constexpr int kBarFrame = 4;
/// The narrowest bar worth drawing.
constexpr int kMinBarColumns = 10;

std::string time_left(double seconds) {
  auto whole = static_cast<long long>(std::ceil(seconds));
  char text[48];
  if (whole < 60) {
    std::snprintf(text, sizeof text, "%lld s left", whole);
  } else if (whole < 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld left", whole / 60, whole % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld left", whole / 3600, whole / 60 % 60,
                  whole % 60);
  }
  return text;
}

}  // namespace

std::string human_bytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

void append_meter(std::string& out, int width, uint64_t received, uint64_t total, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(received) / seconds : 0;
  std::string words;
  if (total > 0) {
    uint64_t shown_total = std::max(total, received);
    int percent = static_cast<int>(100 * received / shown_total);
    words = std::to_string(percent) + "%  " + human_bytes(received) + " / " + human_bytes(total);
    words += "  " + human_bytes(static_cast<uint64_t>(rate)) + "/s";
    if (rate > 0 && received < total)
      words += "  " + time_left(static_cast<double>(total - received) / rate);
    int bar = width - 1 - static_cast<int>(words.size()) - kBarFrame;
    if (bar >= kMinBarColumns) {
      int filled = static_cast<int>(static_cast<double>(bar) * static_cast<double>(received) /
                                    static_cast<double>(shown_total));
      out += '[';
      out.append(static_cast<size_t>(filled), '=');
      if (filled < bar) {
        out += '>';
        out.append(static_cast<size_t>(bar - filled - 1), ' ');
      }
      out += "]  ";
    }
  } else {
    words = human_bytes(received) + "  " + human_bytes(static_cast<uint64_t>(rate)) + "/s";
  }
  out += words;
}

void DownloadMeter::on_transfer_start(const TransferStart& e) {
  if (!seen_first_) {
    seen_first_ = watching_ = true;
    first_index_ = e.index;
    started_ = now_();
    return;
  }
  watching_ = false;  // a second request: a batch, not one download
  line_.erase();
}

void DownloadMeter::on_response_head(const ResponseHead& e) {
  if (!watching_ || e.index != first_index_ || !e.final || e.retried) return;
  received_ = 0;
  // A coded body may arrive decoded (--compressed): its Content-Length counts other bytes.
  bool encoded = e.response->headers.find("Content-Encoding").has_value();
  std::optional<std::string_view> length = e.response->headers.find("Content-Length");
  std::optional<uint64_t> parsed = length && !encoded ? parse_uint(*length) : std::nullopt;
  total_ = parsed.value_or(0);
}

void DownloadMeter::on_response_body(uint64_t index, std::string_view bytes) {
  if (watching_ && index == first_index_) received_ += bytes.size();
}

void DownloadMeter::on_tick(size_t) {
  if (!watching_) return;
  double seconds = now_() - started_;
  if (seconds < kMeterDelaySeconds) return;
  text_.clear();
  append_meter(text_, width_, received_, total_, seconds);
  line_.draw(text_);
}

void DownloadMeter::on_transfer_end(const TransferResult& e) {
  if (!watching_ || e.index != first_index_) return;
  watching_ = false;
  line_.erase();
}

}  // namespace kurl
