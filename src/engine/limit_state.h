// A request's part of -r/-C/--limit-rate/--max-filesize: plain data kept in its Transfer.
#pragma once

#include <cstdint>
#include <memory>

#include "core/error.h"
#include "net/timer.h"

namespace kurl {

/// What engine/transfer_limits keeps per request. Untouched (and unallocated) when none of
/// those flags is given.
struct LimitState {
  uint64_t resume_offset = 0;   ///< -C: bytes the output has already; 0 = not resuming
  bool offset_known = false;    ///< resume_offset was decided for this request
  uint64_t received = 0;        ///< body bytes of the current attempt, for the rate
  bool paused = false;          ///< --limit-rate stopped reading its connection
  bool body_ignored = false;    ///< a resume found the file complete (416, or 200 of its size)
  Error failure;                ///< 63 or 33: the request fails with it once its connection
                                ///< is closed (or its response completes)
  std::unique_ptr<Timer> timer;  ///< resumes reading, or closes on failure; made on first use

  /// Forgets the current attempt (a resend or a redirect hop starts from nothing).
  void new_attempt() {
    received = 0;
    body_ignored = false;
    failure = Error();
    if (timer) timer->stop();
    paused = false;
  }
  /// Forgets the request, keeping the timer for the next one.
  void reset() {
    new_attempt();
    resume_offset = 0;
    offset_known = false;
  }
};

}  // namespace kurl
