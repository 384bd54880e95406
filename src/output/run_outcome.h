// The failure lines on stderr, the verdict of the run and its exit code.
#pragma once

#include <cstdio>
#include <string>

#include "engine/observer.h"

namespace kurl {

/// Prints "kurl: (CODE) MESSAGE (URL)" for every failed request (unless silenced), counts
/// passed, failed and retried requests, and remembers the failure that decides the exit code:
/// the first in input order.
class RunOutcome final : public Observer {
 public:
  RunOutcome(std::FILE* stream, bool show_errors) : stream_(stream), show_errors_(show_errors) {}
  void on_transfer_end(const TransferResult& e) override;
  /// --expect-failures=N: up to N failed requests leave the run passing (exit 0, or 22 for
  /// a failed threshold). Without it any failed request fails the run.
  void allow_failures(uint64_t count) { allowed_failures_ = count; }
  /// True once more requests failed than allowed: the run's verdict is a failure.
  bool failed_beyond_allowance() const { return failed_ > allowed_failures_; }
  /// Records a failed run threshold: the run exits 22 unless a request decided otherwise.
  void add_threshold_failure() { threshold_failed_ = true; }
  /// The exit code of the run: the code of the first failed request in input order when
  /// more failed than allowed, else that of a failure outside any request, else 22 for a
  /// failed threshold, else 0.
  int exit_code() const;
  /// Records a failure outside any request (e.g. reading the batch file): it always fails
  /// the run, after every request in input order.
  void add_failure(const Error& error);

  uint64_t passed() const { return passed_; }
  uint64_t failed() const { return failed_; }
  /// Requests that needed more than one attempt (TransferResult::failed_attempts).
  uint64_t retried() const { return retried_; }

 private:
  std::FILE* stream_;
  bool show_errors_;
  uint64_t first_failed_index_ = 0;
  int first_failed_code_ = 0;
  int run_failure_code_ = 0;
  bool threshold_failed_ = false;
  uint64_t allowed_failures_ = 0;
  uint64_t passed_ = 0;
  uint64_t failed_ = 0;
  uint64_t retried_ = 0;
};

/// Formats the one-line failure message for a request: the message and the URL (already
/// without credentials) escaped by append_printable(), the URL cut after 300 bytes. A batch
/// line's name (else "line N") comes first; a failed expectation reads "METHOD URL: expected
/// ..., got ..." (or "NAME: expected ...").
std::string failure_line(const TransferResult& e);

/// The verdict line of a CI run: "kurl: 97 passed, 3 failed (1 retried), 2 skipped in 2.41 s"
/// (retried and skipped only when there are some). Counts include the run thresholds.
std::string summary_line(uint64_t passed, uint64_t failed, uint64_t retried, uint64_t skipped,
                         double seconds);

}  // namespace kurl
