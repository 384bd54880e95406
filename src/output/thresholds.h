// Run-level thresholds (--expect-reuse, --expect-latency, --expect-failures): parsed before
// any request is sent, evaluated once at the end from the run's counters and its fixed
// latency histogram, so they cost nothing per request and constant memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/histogram.h"
#include "core/result.h"

namespace kurl {

/// Parses a duration: a non-negative number followed by `ms` or `s` ("250ms", "1.5s", "2s").
/// Returns seconds; a bare number or another unit is an error (exit 2).
Result<double> parse_duration(std::string_view text);

/// One --expect-latency=pNN:DURATION.
struct LatencyThreshold {
  std::string label;  ///< as written: "p99", "p99.9", "max"
  double percentile;  ///< 0 < percentile <= 100; `max` is 100
  double limit_ms;    ///< the percentile must not exceed this
  std::string limit;  ///< the duration as written, for messages ("250ms")
};

/// Parses "p50:250ms", "p99.9:1.5s", "max:2s" (p50, p90, p95, p99, p99.9, max). Errors: exit 2.
Result<LatencyThreshold> parse_latency_threshold(std::string_view text);

/// Every threshold of a run; an empty value is not checked.
struct RunThresholds {
  std::optional<double> min_reuse;        ///< --expect-reuse, 0..1
  std::vector<LatencyThreshold> latency;  ///< --expect-latency, in command-line order
  std::optional<uint64_t> max_failures;   ///< --expect-failures, only when given

  bool empty() const { return !min_reuse && latency.empty() && !max_failures; }
};

/// Parses the raw flag values (see Options). Errors: exit 2 naming the flag and the value.
Result<RunThresholds> parse_thresholds(const std::string& expect_reuse,
                                       const std::vector<std::string>& expect_latency,
                                       const std::string& expect_failures);

/// What the thresholds are held against: the end of the run's statistics.
struct RunFigures {
  double reuse_ratio = 0;
  uint64_t failed = 0;  ///< failed requests
  const LatencyHistogram* latency = nullptr;
};

/// The verdict on one threshold: a JUnit testcase and, when failed, one line on stderr.
struct ThresholdVerdict {
  std::string name;  ///< "reuse ratio >= 0.90", "latency p99 <= 250ms"
  bool passed = false;
  std::string message;  ///< "reuse ratio 0.31, expected at least 0.90"
};

/// Evaluates every threshold, in the order: reuse, latency (command-line order), failures.
std::vector<ThresholdVerdict> evaluate_thresholds(const RunThresholds& thresholds,
                                                  const RunFigures& figures);

}  // namespace kurl
