// -#/--progress-bar: curl's bar of '#' on standard error for a single download.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/observer.h"

namespace kurl {

/// The widest bar, as in curl.
inline constexpr int kMaxProgressBarWidth = 256;
/// The width without COLUMNS or a terminal size, as in curl.
inline constexpr int kDefaultProgressBarWidth = 79;

/// The bar's width: COLUMNS when it is a number above 20, else the terminal's columns (of
/// `fd`), else 79; at most 256.
int progress_bar_width(const char* columns, int fd);

/// Appends one redraw of the bar as curl writes it: "\r", `received` / `total` of the width
/// minus 7 as '#', padded with spaces, then the percentage as " %5.1f%".
void append_progress_bar(std::string& out, int width, uint64_t received, uint64_t total);

/// Redraws the bar at each tick (at most 10 a second) while the body arrives, at 100% at the
/// end, then ends the line. With no Content-Length, a marker ("-=O=-") moves along instead.
class ProgressBar final : public Observer {
 public:
  ProgressBar(std::FILE* stream, int width) : stream_(stream), width_(width) {}
  void on_response_head(const ResponseHead& e) override;
  void on_response_body(uint64_t index, std::string_view bytes) override;
  void on_tick(size_t open_connections) override;
  void on_transfer_end(const TransferResult& e) override;

 private:
  /// Draws the bar if what was received changed since the last drawing.
  void draw();
  /// Moves the marker of a bar of unknown size one step.
  void move_marker();

  std::FILE* stream_;
  int width_;
  uint64_t total_ = 0;  ///< Content-Length of the final response, 0 = unknown
  uint64_t received_ = 0;
  uint64_t drawn_ = 0;  ///< received_ at the last drawing
  bool final_ = false;  ///< the final response's head arrived
  int marker_ = 0;      ///< where the marker of an unknown size stands
  int marker_step_ = 1;
  std::string text_;
};

/// True when -# shows its bar: stderr is a terminal, a single request, no -s.
bool progress_bar_wanted(bool silent, bool several_requests);

}  // namespace kurl
