// The first bytes of a response body, held for --expect-body and never more than its limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kurl {

/// Holds at most `limit` bytes of the final response's body. Off (limit 0) it costs one
/// comparison per body piece. Its memory is kept between requests, never above the limit.
class BodySample {
 public:
  /// Starts holding up to `limit` bytes (0 = off); drops what was held.
  void start(size_t limit) {
    limit_ = limit;
    held_.clear();
  }
  /// Drops what was held (a new attempt's response begins); the limit stays.
  void clear() { held_.clear(); }
  /// Keeps what fits of `bytes` under the limit.
  void feed(std::string_view bytes) {
    if (held_.size() < limit_) take(bytes);
  }
  std::string_view held() const { return held_; }
  size_t limit() const { return limit_; }

 private:
  void take(std::string_view bytes);

  size_t limit_ = 0;
  std::string held_;
};

}  // namespace kurl
