// One request as a Source yields it: plain, copyable data with no pointers into the engine.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/headers.h"

namespace kurl {

struct Expectations;

/// A request to make, before any parsing of its URL. Sources fill it in place, so a reused
/// spec keeps its string capacity.
struct RequestSpec {
  uint64_t index = 0;               ///< 1-based position in the run (input order)
  uint64_t line = 0;                ///< batch line number; 0 for a command-line URL
  std::string url;                  ///< as given
  std::string method;               ///< "" = the run's default method
  std::vector<HeaderEdit> headers;  ///< per-request header edits, applied after the run's
  std::string body;
  bool has_body = false;      ///< body set for this request (overrides the run's -d)
  std::string output;         ///< per-request output path; "" = the run's choice
  std::string name;           ///< a label for messages and JUnit ("" = METHOD URL)
  /// The line's expectations (compiled when the line was parsed), null when it gave none.
  std::shared_ptr<const Expectations> expect;
  Error error;                ///< a malformed input line: the request fails with this error

  void clear() {
    index = line = 0;
    url.clear();
    method.clear();
    headers.clear();
    body.clear();
    has_body = false;
    output.clear();
    name.clear();
    expect.reset();
    error = Error();
  }
};

/// Yields the requests of a run one at a time, never reading ahead of what is asked.
class Source {
 public:
  virtual ~Source() = default;
  /// Fills `spec` with the next request; false at the end of input, or while pending().
  virtual bool next(RequestSpec& spec) = 0;
  /// True when next() said false only because the input has not arrived yet; `wake` (given
  /// to start()) runs on the loop once it may have.
  virtual bool pending() const { return false; }
  /// The loop runs from now on: read the input through it, and call `wake` as said above.
  virtual void start(uv_loop_t* /*loop*/, const std::function<void()>& /*wake*/) {}
  /// The loop is ending: stop reading through it (next() may still be called, and reads
  /// directly).
  virtual void detach() {}
  /// The number of requests when known in advance (for the progress line).
  virtual std::optional<uint64_t> total() const { return std::nullopt; }
  /// A read error of the input itself (exit 26), reported once the source is exhausted.
  virtual const Error& input_error() const {
    static const Error kNone;
    return kNone;
  }
};

}  // namespace kurl
