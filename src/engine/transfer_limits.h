// -r/--range, -C/--continue-at, --limit-rate and --max-filesize: what the engine asks at a
// request's start, at its final head and after each piece of its body.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/error.h"

namespace kurl {

class Connection;
struct Transfer;

/// The run's settings of those four flags.
struct LimitSettings {
  std::string range;  ///< -r as given (sent after "bytes="), "" = none
  /// -C: the bytes request `index` already has (its output file's size for -C -, the offset
  /// for -C N); empty when -C is not given. main asks the body writer, which appends.
  std::function<uint64_t(uint64_t index)> resume_offset_of;
  uint64_t limit_rate = 0;    ///< --limit-rate bytes a second per transfer, 0 = unlimited
  uint64_t max_filesize = 0;  ///< --max-filesize bytes, 0 = no limit

  bool any() const {
    return !range.empty() || resume_offset_of || limit_rate > 0 || max_filesize > 0;
  }
};

/// What a resumed download makes of its final response, as curl judges it.
enum class ResumeVerdict {
  Continue,         ///< not resuming, or the server sent the rest (206 / Content-Range)
  AlreadyComplete,  ///< 416, or a whole body as long as the file: success, body not written
  RangeIgnored,     ///< the server sent the whole body: exit 33, nothing written
};

/// The most bytes a connection reads at once under --limit-rate `rate` (a sixteenth of a
/// second's worth, at least 1), 0 (no limit) without one.
size_t read_piece_for_rate(uint64_t rate);

/// Pure: `offset` is the resume offset (0 = not resuming).
ResumeVerdict judge_resume(uint64_t offset, int status, bool has_content_range,
                           std::optional<uint64_t> content_length);

/// The Range value a GET or HEAD sends ("bytes=..."), "" for none: the -C offset wins over
/// -r, as in curl. Decides the request's resume offset on its first call.
std::string range_for(const LimitSettings& settings, Transfer& transfer);

/// The checks and the pacing. Reading is paused on the loop (the connection stops reading
/// and a timer starts it again), never by sleeping.
class TransferLimits {
 public:
  TransferLimits(uv_loop_t* loop, const LimitSettings& settings)
      : loop_(loop), settings_(settings) {}
  /// False when none of the flags is given: the engine calls nothing else.
  bool active() const { return active_; }
  /// The final head of `transfer` arrived: a Content-Length over --max-filesize (63) or a
  /// resume the server ignored (33) fails it; a complete file makes its body ignored.
  void on_head(Transfer& transfer);
  /// Before `bytes` body bytes go to the sinks: false when they must not (the request is
  /// failing, or they pass --max-filesize: 63). Pauses reading when ahead of --limit-rate.
  bool on_body(Connection& connection, Transfer& transfer, size_t bytes);
  /// The request left its connection (complete or failed): reading goes on, timers stop.
  void release(Connection& connection, Transfer& transfer);

 private:
  void fail_soon(Transfer& transfer, Error error);
  void on_timer(Transfer& transfer);
  void start_timer(Transfer& transfer, double seconds);

  uv_loop_t* loop_;
  const LimitSettings& settings_;
  bool active_ = settings_.any();
};

}  // namespace kurl
