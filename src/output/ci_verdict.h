// The end of a CI run: the run thresholds checked, the JUnit report written, and the one-line
// verdict ("kurl: 97 passed, 3 failed in 2.41 s"). main builds it before the run, so a bad
// threshold or an unwritable report stops kurl before any request.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "core/result.h"
#include "output/junit_writer.h"
#include "output/run_outcome.h"
#include "output/stats.h"
#include "output/thresholds.h"

namespace kurl {

/// What the CI verdict needs from the command line.
struct CiSettings {
  RunThresholds thresholds;
  std::string junit;        ///< --junit FILE, "" = none
  bool summary = false;     ///< print the verdict line (any --expect-* or --junit, no -s)
  bool show_errors = true;  ///< print failed thresholds (not -s, or -S)
};

/// Holds the JUnit writer during the run and decides the run's verdict at its end.
class CiVerdict {
 public:
  /// Opens the JUnit report (exit 23 when it cannot be written).
  static Result<std::unique_ptr<CiVerdict>> make(CiSettings settings);
  /// The JUnit writer to add to the run's observers, or null without --junit.
  JunitWriter* junit() { return junit_.get(); }
  /// --expect-failures, 0 when not given: failed requests the run may have and still pass.
  uint64_t allowed_failures() const { return settings_.thresholds.max_failures.value_or(0); }
  /// A request --fail-early never started (a JUnit testcase with <skipped/>).
  void add_skipped(std::string_view classname, std::string_view name);
  /// Checks the thresholds against `stats`, prints a line for each that failed (and the
  /// verdict line, unless the run is a single request), writes the JUnit report, and records
  /// a failed threshold or report in `outcome`.
  void finish(const Stats& stats, RunOutcome& outcome, std::FILE* err);

 private:
  explicit CiVerdict(CiSettings settings) : settings_(std::move(settings)) {}

  CiSettings settings_;
  std::unique_ptr<JunitWriter> junit_;
  uint64_t skipped_ = 0;
};

}  // namespace kurl
