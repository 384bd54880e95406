// A line of progress on standard error that never lands inside output on the same terminal.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "output/output_channel.h"

namespace kurl {

/// Draws one line over itself ("\r", erase, text). As the guard of standard output's channel
/// (when both streams are one terminal) it erases itself before any byte of a body or of -w
/// lands there, and draws again only once that output has ended a line, so it never sits
/// inside it.
class StatusLine final : public WriteGuard {
 public:
  explicit StatusLine(std::FILE* stream) : stream_(stream) {}
  /// Draws `text` in place of the last drawing; does nothing (and returns false) while the
  /// cursor is in the middle of a line of output.
  bool draw(std::string_view text);
  /// Removes the drawing, if there is one.
  void erase();
  bool drawn() const { return drawn_; }

  void before_write() override { erase(); }
  void after_write(char last) override { at_line_start_ = last == '\n'; }

 private:
  std::FILE* stream_;
  bool drawn_ = false;
  bool at_line_start_ = true;
  std::string text_;
};

/// True when standard output and standard error are the same terminal: a status line on
/// one and output on the other share the screen.
bool stdout_shares_stderr_terminal();

}  // namespace kurl
