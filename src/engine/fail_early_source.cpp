#include "engine/fail_early_source.h"

namespace kurl {

bool FailEarlySource::next(RequestSpec& spec) {
  if (!stopped_ && failed_()) stopped_ = true;
  if (stopped_) return false;
  return inner_->next(spec);
}

uint64_t FailEarlySource::drain_skipped(const std::function<void(const RequestSpec&)>& skipped) {
  if (!stopped_) return 0;
  uint64_t count = 0;
  RequestSpec spec;
  while (inner_->next(spec)) {
    ++count;
    skipped(spec);
  }
  return count;
}

}  // namespace kurl
