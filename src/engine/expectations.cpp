#include "engine/expectations.h"

#include <re2/re2.h>

#include <algorithm>

#include "core/text.h"
#include "engine/engine_config.h"
#include "engine/timeouts.h"
#include "engine/transfer.h"

namespace kurl {

namespace {

/// The loop's timers fire on whole milliseconds: a request cut off at its --expect-time
/// deadline may end up to this much before it.
constexpr double kTimerSlack = 0.001;
/// How much of the header values a failure message quotes.
constexpr size_t kMaxQuotedValues = 200;

Error usage(std::string message) {
  return Error(ExitCode::Usage, std::move(message));
}

Error expectation_failure(std::string message) {
  return Error(ExitCode::HttpError, "expected " + message);
}

std::optional<int> status_code(std::string_view text) {
  std::optional<uint64_t> code = text.size() == 3 ? parse_uint(text) : std::nullopt;
  if (!code || *code < 100) return std::nullopt;
  return static_cast<int>(*code);
}

// One item of a status list: "200", "2xx", "200-299".
std::optional<std::pair<int, int>> parse_status_item(std::string_view item) {
  if (item.size() == 3 && item[0] >= '1' && item[0] <= '9' && (item[1] == 'x' || item[1] == 'X') &&
      (item[2] == 'x' || item[2] == 'X')) {
    int base = (item[0] - '0') * 100;
    return std::pair(base, base + 99);
  }
  size_t dash = item.find('-');
  std::optional<int> low = status_code(item.substr(0, dash));
  if (dash == std::string_view::npos) {
    if (low) return std::pair(*low, *low);
    return std::nullopt;
  }
  std::optional<int> high = status_code(item.substr(dash + 1));
  if (!low || !high || *low > *high) return std::nullopt;
  return std::pair(*low, *high);
}

// The header lines called `name`, quoted and joined ("text/html", "text/plain"), or "none".
std::string quoted_values(const Response& response, std::string_view name) {
  std::string out;
  for (size_t i = 0; i < response.headers.size() && out.size() < kMaxQuotedValues; ++i) {
    if (!iequals(response.headers.name(i), name)) continue;
    if (!out.empty()) out += ", ";
    out.append("\"").append(response.headers.value(i)).append("\"");
  }
  if (out.size() > kMaxQuotedValues) {
    out.resize(kMaxQuotedValues);
    out += "...";
  }
  return out.empty() ? "none" : out;
}

Error check_headers(const std::vector<HeaderExpectation>& wanted, const Response& response) {
  for (const HeaderExpectation& expectation : wanted) {
    bool matched = false;
    for (size_t i = 0; i < response.headers.size() && !matched; ++i) {
      std::string_view value = response.headers.value(i);
      matched =
          iequals(response.headers.name(i), expectation.name) &&
          RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *expectation.pattern);
    }
    if (!matched) {
      return expectation_failure("header " + expectation.name + " ~ /" +
                                 expectation.pattern->pattern() + "/, got " +
                                 quoted_values(response, expectation.name));
    }
  }
  return Error();
}

Error check_body(const RE2& pattern, const Transfer& transfer) {
  std::string_view held = transfer.body_sample.held();
  if (RE2::PartialMatch(re2::StringPiece(held.data(), held.size()), pattern)) return Error();
  uint64_t total = transfer.response.body_bytes;
  std::string where = total > held.size()
                          ? "the first " + std::to_string(held.size()) + " bytes of a " +
                                std::to_string(total) + "-byte body (--expect-body-limit)"
                          : "a " + std::to_string(total) + "-byte body";
  return expectation_failure("body ~ /" + pattern.pattern() + "/, got no match in " + where);
}

// A batch line's given field, else the run's.
template <typename T>
const std::optional<T>& pick(const std::optional<T>& line, const std::optional<T>& run) {
  return line ? line : run;
}

const Expectations kNone;

// The line's expectations, or none: the run's then apply alone.
const Expectations& line_of(const Transfer& transfer) {
  return transfer.spec.expect ? *transfer.spec.expect : kNone;
}

double time_limit(const EngineConfig& config, const Transfer& transfer) {
  const std::optional<double>& time = pick(line_of(transfer).time, config.expect.time);
  return time.value_or(0);
}

}  // namespace

bool status_expected(const EngineConfig& config, const Transfer& transfer, int status) {
  const std::optional<StatusList>& list = pick(line_of(transfer).status, config.expect.status);
  return !list || list->matches(status);
}

namespace {

// The expectations of a complete final response, in the order the user reads them.
Error check_response(const EngineConfig& config, const Transfer& transfer, double elapsed) {
  const Expectations& line = line_of(transfer);
  const Response& response = transfer.response;
  if (const std::optional<StatusList>& status = pick(line.status, config.expect.status);
      status && !status->matches(response.status)) {
    return expectation_failure("status " + status->text + ", got " +
                               std::to_string(response.status));
  }
  if (const auto& headers = pick(line.headers, config.expect.headers); headers) {
    if (Error failed = check_headers(*headers, response); !failed.ok()) return failed;
  }
  if (const std::optional<Pattern>& body = pick(line.body, config.expect.body); body && *body) {
    if (Error failed = check_body(**body, transfer); !failed.ok()) return failed;
  }
  double limit = time_limit(config, transfer);
  if (limit > 0 && elapsed > limit) {
    return expectation_failure("time <= " + milliseconds_text(limit) + ", got " +
                               milliseconds_text(elapsed));
  }
  return Error();
}

}  // namespace

bool StatusList::matches(int status) const {
  if (ranges.empty()) return true;
  return std::any_of(ranges.begin(), ranges.end(), [status](const std::pair<int, int>& range) {
    return status >= range.first && status <= range.second;
  });
}

Result<StatusList> parse_status_list(std::string_view text) {
  StatusList list;
  if (text.empty()) return usage("'' is not a status (200), a class (2xx) or a range (200-299)");
  ListItems items(text);
  while (std::optional<std::string_view> item = items.next()) {
    std::optional<std::pair<int, int>> range = parse_status_item(*item);
    if (!range) {
      return usage("'" + std::string(*item) +
                   "' is not a status (200), a class (2xx) or a range (200-299)");
    }
    list.ranges.push_back(*range);
    if (!list.text.empty()) list.text += ',';
    list.text += *item;
  }
  return list;
}

Result<Pattern> compile_pattern(std::string_view pattern, std::string_view what) {
  RE2::Options options;
  options.set_log_errors(false);  // the error is reported once, as kurl words it
  auto compiled =
      std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!compiled->ok()) {
    return usage("bad " + std::string(what) + " regex '" + std::string(pattern) +
                 "': " + compiled->error());
  }
  return Pattern(std::move(compiled));
}

Result<HeaderExpectation> parse_header_expectation(std::string_view flag) {
  size_t colon = flag.find(':');
  std::string_view name = colon == std::string_view::npos ? "" : trim_ows(flag.substr(0, colon));
  if (name.empty()) {
    return usage("bad --expect-header '" + std::string(flag) + "': expected 'Name: REGEX'");
  }
  Result<Pattern> pattern =
      compile_pattern(trim_ows(flag.substr(colon + 1)), "--expect-header " + std::string(name));
  if (!pattern) return pattern.error();
  return HeaderExpectation{std::string(name), std::move(*pattern)};
}

Result<Expectations> compile_run_expectations(std::string_view status,
                                              const std::vector<std::string>& headers,
                                              std::string_view body, double time) {
  Expectations run;
  if (!status.empty()) {
    Result<StatusList> list = parse_status_list(status);
    if (!list)
      return usage("bad --expect-status '" + std::string(status) + "': " + list.error().message);
    run.status = std::move(*list);
  }
  if (!headers.empty()) {
    run.headers.emplace();
    for (const std::string& flag : headers) {
      Result<HeaderExpectation> header = parse_header_expectation(flag);
      if (!header) return header.error();
      run.headers->push_back(std::move(*header));
    }
  }
  if (!body.empty()) {
    Result<Pattern> pattern = compile_pattern(body, "--expect-body");
    if (!pattern) return pattern.error();
    run.body = std::move(*pattern);
  }
  if (time > 0) run.time = time;
  return run;
}

void start_expectations(const EngineConfig& config, Transfer& transfer) {
  const std::optional<Pattern>& body = pick(line_of(transfer).body, config.expect.body);
  transfer.body_sample.start(body && *body ? config.expect_body_limit : 0);
  double limit = time_limit(config, transfer);
  if (limit <= 0) return;
  double deadline = transfer.start_time + limit;
  if (transfer.deadline == 0 || deadline < transfer.deadline) transfer.deadline = deadline;
}

Verdict judge_transfer(const EngineConfig& config, const Transfer& transfer, const Error& ended,
                       double now) {
  double elapsed = now - transfer.start_time;
  if (!ended.ok()) {
    double limit = time_limit(config, transfer);
    bool cut_by_expect_time = ended.code == ExitCode::Timeout && limit > 0 &&
                              (config.max_time <= 0 || limit < config.max_time) &&
                              elapsed >= limit - kTimerSlack;
    if (!cut_by_expect_time) return {ended, false};
    return {expectation_failure("time <= " + milliseconds_text(limit) +
                                ", got more: stopped after " + milliseconds_text(elapsed)),
            true};
  }
  if (Error failed = check_response(config, transfer, elapsed); !failed.ok()) {
    return {std::move(failed), true};
  }
  int status = transfer.response.status;
  if ((config.fail_on_http_error || config.fail_with_body) && status >= 400) {
    return {
        Error(ExitCode::HttpError, "the requested URL returned error: " + std::to_string(status)),
        false};
  }
  return {};
}

}  // namespace kurl
