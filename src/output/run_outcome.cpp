#include "output/run_outcome.h"

#include <string>

#include "core/text.h"

namespace kurl {

namespace {

// One line stays readable: a huge URL is cut (the report has it whole).
void append_shown_url(std::string& line, std::string_view url) {
  constexpr size_t kMaxShownUrl = 300;
  append_printable(line, url.substr(0, kMaxShownUrl));
  if (url.size() > kMaxShownUrl) line += "...";
}

}  // namespace

std::string failure_line(const TransferResult& e) {
  std::string line = "kurl: (" + std::to_string(e.error.exit_code()) + ") ";
  // Messages quote URLs, headers, names and input lines: nothing in them may forge a line or
  // steer the terminal.
  if (!e.name.empty()) {
    append_printable(line, e.name);
    line += ": ";
  } else if (e.line != 0) {
    line += "line " + std::to_string(e.line) + ": ";
  }
  if (e.expectation_failed) {
    // "GET http://h/x: expected status 2xx, got 503": the request first, then what failed.
    if (e.name.empty()) {
      append_printable(line, e.method);
      line += " ";
      append_shown_url(line, e.url);
      line += ": ";
    }
    append_printable(line, e.error.message);
    return line;
  }
  append_printable(line, e.error.message);
  if (!e.url.empty()) {
    line += " (";
    append_shown_url(line, e.url);
    line += ")";
  }
  return line;
}

int RunOutcome::exit_code() const {
  if (first_failed_index_ != 0 && failed_beyond_allowance()) return first_failed_code_;
  if (run_failure_code_ != 0) return run_failure_code_;
  return threshold_failed_ ? static_cast<int>(ExitCode::HttpError) : 0;
}

void RunOutcome::add_failure(const Error& error) {
  if (run_failure_code_ == 0) run_failure_code_ = error.exit_code();
}

void RunOutcome::on_transfer_end(const TransferResult& e) {
  if (!e.failed_attempts.empty()) ++retried_;
  if (e.error.ok()) {
    ++passed_;
    return;
  }
  ++failed_;
  if (first_failed_index_ == 0 || e.index < first_failed_index_) {
    first_failed_index_ = e.index;
    first_failed_code_ = e.error.exit_code();
  }
  // An interrupted run says so once (main), not once per request it cut short.
  bool cut_short = e.error.code == ExitCode::Interrupted || e.error.code == ExitCode::Terminated ||
                   e.error.code == ExitCode::Hangup;
  if (show_errors_ && !cut_short) std::fprintf(stream_, "%s\n", failure_line(e).c_str());
}

std::string summary_line(uint64_t passed, uint64_t failed, uint64_t retried, uint64_t skipped,
                         double seconds) {
  std::string line =
      "kurl: " + std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
  if (retried > 0) line += " (" + std::to_string(retried) + " retried)";
  if (skipped > 0) line += ", " + std::to_string(skipped) + " skipped";
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, " in %.2f s", seconds);
  return line + elapsed;
}

}  // namespace kurl
