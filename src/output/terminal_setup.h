// Decides once a run what kurl does for a person at a terminal, and sets up the progress
// displays: the batch line, -#'s bar, and the bar of a single long download.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "cli/options.h"
#include "output/terminal_body.h"

namespace kurl {

class DownloadMeter;
class ObserverList;
class OutputChannel;
class ProgressBar;
class ProgressLine;
class Stats;

/// Seconds between redraws of a progress display: at most 10 a second.
inline constexpr double kProgressInterval = 0.1;

/// --color's verdict for one stream: always, never, or (auto) when the stream is a terminal,
/// NO_COLOR is unset or empty (no-color.org) and TERM is not "dumb".
bool colour_wanted(When when, bool is_terminal, const char* no_color, const char* term);

/// The run's TerminalSettings from the command line, the environment and isatty().
TerminalSettings terminal_settings(const Options& options);

/// The progress displays of a run, each on standard error when it is a terminal and -s is
/// not given: the batch line for several requests, -#'s bar, or for one request whose body
/// does not go to that terminal, the bar of a download that takes more than a second. The
/// batch line and that bar guard standard error's checked channel (the binary warning,
/// -w's %{stderr}), and standard output's when it is the same terminal.
class TerminalProgress {
 public:
  /// Adds the displays wanted to `observers` and sets `tick_interval` for them; `total`
  /// gives the number of requests when known.
  TerminalProgress(const Options& options, const Stats& stats,
                   std::function<std::optional<uint64_t>()> total, ObserverList& observers,
                   double& tick_interval, OutputChannel& stdout_channel,
                   OutputChannel& stderr_channel);
  ~TerminalProgress();

 private:
  std::unique_ptr<ProgressLine> line_;
  std::unique_ptr<ProgressBar> bar_;
  std::unique_ptr<DownloadMeter> meter_;
  OutputChannel& stdout_channel_;
  OutputChannel& stderr_channel_;
};

}  // namespace kurl
