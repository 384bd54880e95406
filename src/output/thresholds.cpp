#include "output/thresholds.h"

#include <cstdio>

#include "core/text.h"

namespace kurl {

namespace {

Error usage(std::string message) {
  return Error(ExitCode::Usage, std::move(message));
}

std::string fixed(double value, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The percentiles the issue names: a typo such as "p999" is refused, not read as p99.9.
std::optional<double> percentile_of(std::string_view label) {
  if (label == "max") return 100.0;
  constexpr std::pair<std::string_view, double> kKnown[] = {
      {"p50", 50}, {"p90", 90}, {"p95", 95}, {"p99", 99}, {"p99.9", 99.9}};
  for (const auto& [name, value] : kKnown) {
    if (label == name) return value;
  }
  return std::nullopt;
}

ThresholdVerdict check_reuse(double min_reuse, double ratio) {
  ThresholdVerdict verdict;
  std::string wanted = fixed(min_reuse, "%.2f");
  verdict.name = "reuse ratio >= " + wanted;
  // Compared as measured. Shown to two places, unless that would round a failing ratio up
  // to the limit: "reuse ratio 0.90, expected at least 0.90" would read as a pass.
  verdict.passed = ratio >= min_reuse;
  std::string got = fixed(ratio, "%.2f");
  if (got == wanted && !verdict.passed) got = fixed(ratio, "%.4f");
  verdict.message = "reuse ratio " + got + ", expected at least " + wanted;
  return verdict;
}

ThresholdVerdict check_latency(const LatencyThreshold& threshold, const LatencyHistogram& latency) {
  ThresholdVerdict verdict;
  verdict.name = "latency " + threshold.label + " <= " + threshold.limit;
  double measured =
      threshold.label == "max" ? latency.max_ms() : latency.percentile_ms(threshold.percentile);
  verdict.passed = measured <= threshold.limit_ms;
  verdict.message = "latency " + threshold.label + " " + fixed(measured, "%.1f") +
                    " ms, expected at most " + threshold.limit;
  return verdict;
}

ThresholdVerdict check_failures(uint64_t max_failures, uint64_t failed) {
  ThresholdVerdict verdict;
  verdict.name = "failed requests <= " + std::to_string(max_failures);
  verdict.passed = failed <= max_failures;
  verdict.message = std::to_string(failed) +
                    (failed == 1 ? " failed request" : " failed requests") + ", expected at most " +
                    std::to_string(max_failures);
  return verdict;
}

}  // namespace

Result<double> parse_duration(std::string_view text) {
  std::string_view number = text;
  double scale = 1;
  if (ends_with(text, "ms")) {
    number = text.substr(0, text.size() - 2);
    scale = 0.001;
  } else if (ends_with(text, "s")) {
    number = text.substr(0, text.size() - 1);
  } else {
    return usage("bad duration '" + printable(text) +
                 "': expected a number and ms or s (250ms, 1.5s)");
  }
  std::optional<double> value = parse_seconds(number);
  if (!value) {
    return usage("bad duration '" + printable(text) +
                 "': expected a number and ms or s (250ms, 1.5s)");
  }
  return *value * scale;
}

Result<LatencyThreshold> parse_latency_threshold(std::string_view text) {
  size_t colon = text.find(':');
  std::string bad = "--expect-latency: bad value '" + printable(text) + "': ";
  if (colon == std::string_view::npos) return usage(bad + "expected pNN:DURATION, e.g. p99:250ms");
  std::string_view label = text.substr(0, colon);
  std::optional<double> percentile = percentile_of(label);
  if (!percentile) return usage(bad + "the percentile is one of p50, p90, p95, p99, p99.9, max");
  Result<double> seconds = parse_duration(text.substr(colon + 1));
  if (!seconds) return usage("--expect-latency: " + seconds.error().message);
  return LatencyThreshold{std::string(label), *percentile, *seconds * 1000.0,
                          std::string(text.substr(colon + 1))};
}

Result<RunThresholds> parse_thresholds(const std::string& expect_reuse,
                                       const std::vector<std::string>& expect_latency,
                                       const std::string& expect_failures) {
  RunThresholds thresholds;
  if (!expect_reuse.empty()) {
    std::optional<double> ratio = parse_seconds(expect_reuse);
    if (!ratio || *ratio > 1) {
      return usage("--expect-reuse: bad ratio '" + printable(expect_reuse) +
                   "': expected a number from 0 to 1");
    }
    thresholds.min_reuse = *ratio;
  }
  for (const std::string& value : expect_latency) {
    Result<LatencyThreshold> threshold = parse_latency_threshold(value);
    if (!threshold) return threshold.error();
    thresholds.latency.push_back(std::move(*threshold));
  }
  if (!expect_failures.empty()) {
    std::optional<uint64_t> count = parse_uint(expect_failures);
    if (!count) {
      return usage("--expect-failures: bad count '" + printable(expect_failures) +
                   "': expected a whole number >= 0");
    }
    thresholds.max_failures = *count;
  }
  return thresholds;
}

std::vector<ThresholdVerdict> evaluate_thresholds(const RunThresholds& thresholds,
                                                  const RunFigures& figures) {
  std::vector<ThresholdVerdict> verdicts;
  if (thresholds.min_reuse)
    verdicts.push_back(check_reuse(*thresholds.min_reuse, figures.reuse_ratio));
  for (const LatencyThreshold& threshold : thresholds.latency)
    verdicts.push_back(check_latency(threshold, *figures.latency));
  if (thresholds.max_failures)
    verdicts.push_back(check_failures(*thresholds.max_failures, figures.failed));
  return verdicts;
}

}  // namespace kurl
