// CI expectations on one request (--expect-status, --expect-header, --expect-body,
// --expect-time and their JSON Lines keys): parsing and compiling them once, and judging a
// finished request against them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/result.h"

namespace re2 {
class RE2;
}

namespace kurl {

struct EngineConfig;
struct Transfer;

/// A status list: "200", "200,204", "2xx", "200-299", "2xx,301". Matches when any item does.
struct StatusList {
  std::string text;                         ///< as given (items joined by ","), for messages
  std::vector<std::pair<int, int>> ranges;  ///< inclusive [low, high] per item
  /// True when `status` is in one of the ranges; an empty list (a line's null) matches all.
  bool matches(int status) const;
};

/// Parses a status list. Items: a code 100-999, a class "Nxx", a range "NNN-NNN". An empty
/// list or item, or anything else, is an error (exit 2) naming the item; callers name the list.
Result<StatusList> parse_status_list(std::string_view text);

/// A compiled regular expression (RE2: linear time on any input), shared by every request.
using Pattern = std::shared_ptr<const re2::RE2>;

/// Compiles `pattern`; `what` names it in the error ("--expect-body", "expect_body").
Result<Pattern> compile_pattern(std::string_view pattern, std::string_view what);

/// One header expectation: some line named `name` (case-insensitive) matches `pattern`.
struct HeaderExpectation {
  std::string name;
  Pattern pattern;
};

/// Parses one --expect-header 'Name: REGEX'.
Result<HeaderExpectation> parse_header_expectation(std::string_view flag);

/// The expectations of the run (flags) or of one batch line. A field that is nullopt was not
/// given; a batch line's given field replaces the run's whole field for that line, and a
/// given empty value (JSON null) means no expectation there.
struct Expectations {
  std::optional<StatusList> status;
  std::optional<std::vector<HeaderExpectation>> headers;  ///< every one must hold
  std::optional<Pattern> body;                            ///< nullptr: none
  std::optional<double> time;                             ///< seconds; 0: none
};

/// Compiles the run's flags ("" / empty / 0 = not given). Errors are usage errors (exit 2).
Result<Expectations> compile_run_expectations(std::string_view status,
                                              const std::vector<std::string>& headers,
                                              std::string_view body, double time);

/// Before a request starts: --expect-time tightens its deadline, and --expect-body makes its
/// body sample hold up to the run's --expect-body-limit bytes (else it holds nothing).
void start_expectations(const EngineConfig& config, Transfer& transfer);

/// True when `status` is one the request expects (its line's --expect-status list, else the
/// run's; any status when there is none), for --retry-all-errors to know a failed status.
bool status_expected(const EngineConfig& config, const Transfer& transfer, int status);

/// How a request ended, once its expectations and -f were applied.
struct Verdict {
  Error error;                      ///< ok() when it succeeded
  bool expectation_failed = false;  ///< it failed because an expectation did not hold
};

/// Judges a request that ended with `ended` (ok when its final response is complete) at
/// monotonic time `now`. A failed expectation is exit 22 naming what was wanted and what came;
/// it wins over -f's message when both fail. A timeout past --expect-time (when -m was not the
/// tighter limit) is the time expectation failing; any other error passes through.
Verdict judge_transfer(const EngineConfig& config, const Transfer& transfer, const Error& ended,
                       double now);

}  // namespace kurl
