// Bytes bound for standard output that must wait for an older request to finish first.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace kurl {

class OutputChannel;

/// How many held bytes all waiting requests together may keep in memory; past it, a
/// request's later bytes go to a temporary file instead (see HeldOutput).
struct HeldMemoryBudget {
  /// The documented bound (README, man page): 8 MiB of bodies in memory, whatever -P is.
  static constexpr size_t kDefaultLimit = 8 * 1024 * 1024;
  size_t limit = kDefaultLimit;
  size_t used = 0;  ///< bytes held in memory by every HeldOutput now
};

/// One waiting request's stdout bytes, in order: in memory while the shared budget allows,
/// then in a spill file (anonymous, in $TMPDIR or /tmp) that is copied out in its turn.
/// Plain data: movable, no destructor; the owner calls discard() or release() before
/// forgetting it.
class HeldOutput {
 public:
  /// Keeps `bytes` after those held before. Errors: exit 23 when the spill file fails;
  /// from then on nothing more is kept and nothing is released (no body with a hole).
  Error hold(std::string_view bytes, HeldMemoryBudget& budget);
  /// Writes everything held to `out`, in order, and forgets it. Errors: exit 23 when the
  /// spill file can't be read back (a failure of `out` itself stays in `out`; a failed
  /// hold() writes nothing and returns no second error).
  Error release(OutputChannel& out, HeldMemoryBudget& budget);
  /// Forgets everything held (closing the spill file, returning the memory to the budget).
  void discard(HeldMemoryBudget& budget);
  bool empty() const { return memory_.empty() && spilled_bytes_ == 0 && failure_.ok(); }
  /// Bytes in the spill file now (for tests and -v).
  size_t spilled_bytes() const { return spilled_bytes_; }

 private:
  /// Memory a finished request keeps for the next one; more is given back.
  static constexpr size_t kKeptCapacity = 4096;

  Error spill(std::string_view bytes);
  void forget_memory(HeldMemoryBudget& budget);

  std::string memory_;
  int spill_fd_ = -1;
  size_t spilled_bytes_ = 0;
  Error failure_;  ///< the spill file failed: the held bytes are incomplete
};

}  // namespace kurl
