#include "output/ci_verdict.h"

#include "core/text.h"

namespace kurl {

Result<std::unique_ptr<CiVerdict>> CiVerdict::make(CiSettings settings) {
  std::unique_ptr<CiVerdict> verdict(new CiVerdict(std::move(settings)));
  if (!verdict->settings_.junit.empty()) {
    Result<std::unique_ptr<JunitWriter>> writer =
        JunitWriter::open(verdict->settings_.junit, junit_timestamp_now(), junit_hostname());
    if (!writer) return writer.error();
    verdict->junit_ = std::move(*writer);
  }
  return verdict;
}

void CiVerdict::add_skipped(std::string_view classname, std::string_view name) {
  ++skipped_;
  if (junit_) junit_->add_skipped(classname, name);
}

void CiVerdict::finish(const Stats& stats, RunOutcome& outcome, std::FILE* err) {
  RunFigures figures{stats.reuse_ratio(), outcome.failed(), &stats.latency()};
  uint64_t passed = outcome.passed(), failed = outcome.failed();
  for (const ThresholdVerdict& verdict : evaluate_thresholds(settings_.thresholds, figures)) {
    if (junit_) junit_->add_threshold(verdict);
    if (verdict.passed) {
      ++passed;
      continue;
    }
    ++failed;
    outcome.add_threshold_failure();
    if (settings_.show_errors)
      std::fprintf(err, "kurl: (22) run: %s\n", printable(verdict.message).c_str());
  }
  if (junit_) {
    Error written = junit_->finish(stats.elapsed());
    if (!written.ok()) {
      outcome.add_failure(written);
      if (settings_.show_errors) {
        std::fprintf(err, "kurl: (%d) %s\n", written.exit_code(),
                     printable(written.message).c_str());
      }
    }
  }
  uint64_t requests = outcome.passed() + outcome.failed() + skipped_;
  // --fail-early never skips requests silently: the line says how many were not started.
  if ((settings_.summary || (skipped_ > 0 && settings_.show_errors)) && requests > 1) {
    std::fprintf(
        err, "%s\n",
        summary_line(passed, failed, outcome.retried(), skipped_, stats.elapsed()).c_str());
  }
}

}  // namespace kurl
