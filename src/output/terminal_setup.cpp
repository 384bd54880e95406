#include "output/terminal_setup.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "output/download_meter.h"
#include "output/output_channel.h"
#include "output/progress.h"
#include "output/progress_bar.h"
#include "output/stats.h"

namespace kurl {

namespace {

bool several_requests(const Options& options) {
  return !options.batch.empty() || options.urls.size() > 1;
}

// Where the one request's body goes, as the body writer will decide: a file (-o, -O), or
// standard output.
bool body_goes_to_stdout(const Options& options) {
  if (options.remote_name) return false;
  return options.outputs.empty() || options.outputs.front() == "-";
}

}  // namespace

bool colour_wanted(When when, bool is_terminal, const char* no_color, const char* term) {
  switch (when) {
    case When::Always:
      return true;
    case When::Never:
      return false;
    case When::Auto:
      break;
  }
  bool no_color_set = no_color != nullptr && *no_color != '\0';
  bool dumb = term != nullptr && std::strcmp(term, "dumb") == 0;
  return is_terminal && !no_color_set && !dumb;
}

TerminalSettings terminal_settings(const Options& options) {
  TerminalSettings settings;
  bool stdout_terminal = isatty(STDOUT_FILENO) == 1;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  settings.colour_stdout = colour_wanted(options.term.colour, stdout_terminal, no_color, term);
  settings.colour_stderr =
      colour_wanted(options.term.colour, isatty(STDERR_FILENO) == 1, no_color, term);
  settings.pretty =
      options.term.pretty == When::Always || (options.term.pretty == When::Auto && stdout_terminal);
  // "-o -" says standard output on purpose, binary or not (curl's rule).
  bool forced =
      std::find(options.outputs.begin(), options.outputs.end(), "-") != options.outputs.end();
  settings.refuse_binary = stdout_terminal && !forced;
  settings.warn = !options.silent;
  return settings;
}

TerminalProgress::TerminalProgress(const Options& options, const Stats& stats,
                                   std::function<std::optional<uint64_t>()> total,
                                   ObserverList& observers, double& tick_interval,
                                   OutputChannel& stdout_channel, OutputChannel& stderr_channel)
    : stdout_channel_(stdout_channel), stderr_channel_(stderr_channel) {
  bool several = several_requests(options);
  bool shared = stdout_shares_stderr_terminal();
  StatusLine* guard = nullptr;
  if (progress_wanted(options.silent, several)) {
    line_ = std::make_unique<ProgressLine>(stderr, stats, std::move(total), options.verbose);
    observers.add(*line_);
    guard = &line_->line();
  } else if (options.misc.progress_bar && progress_bar_wanted(options.silent, several)) {
    bar_ = std::make_unique<ProgressBar>(stderr,
                                         progress_bar_width(std::getenv("COLUMNS"), STDERR_FILENO));
    observers.add(*bar_);
  } else if (progress_bar_wanted(options.silent, several) &&
             !(shared && body_goes_to_stdout(options))) {
    // As curl: no bar while the body itself goes to that terminal.
    meter_ = std::make_unique<DownloadMeter>(
        stderr, progress_bar_width(std::getenv("COLUMNS"), STDERR_FILENO),
        [&stats] { return stats.elapsed(); });
    observers.add(*meter_);
    guard = &meter_->line();
  }
  if (line_ || bar_ || meter_) tick_interval = kProgressInterval;
  if (guard != nullptr) stderr_channel.set_guard(guard);
  if (guard != nullptr && shared) stdout_channel.set_guard(guard);
}

TerminalProgress::~TerminalProgress() {
  stdout_channel_.set_guard(nullptr);
  stderr_channel_.set_guard(nullptr);
}

}  // namespace kurl
