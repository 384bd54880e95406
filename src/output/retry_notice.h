// curl's warning before each --retry wait, on stderr unless -s.
#pragma once

#include <cstdio>
#include <string>

#include "engine/observer.h"

namespace kurl {

/// Writes "Warning: Problem : HTTP error. Will retry in 1 seconds. 3 retries left." (curl's
/// words) for every --retry resend; stale resends stay silent (-v shows them).
class RetryNotice final : public Observer {
 public:
  explicit RetryNotice(std::FILE* stream) : stream_(stream) {}
  void on_retry(const RetryEvent& e) override;

  /// The warning line for `e`, newline included.
  static std::string line(const RetryEvent& e);

 private:
  std::FILE* stream_;
};

}  // namespace kurl
