#include "engine/body_sample.h"

#include <algorithm>

namespace kurl {

void BodySample::take(std::string_view bytes) {
  size_t n = std::min(bytes.size(), limit_ - held_.size());
  size_t needed = held_.size() + n;
  // Grow geometrically, but never past the limit (std::string alone could double past it).
  if (needed > held_.capacity())
    held_.reserve(std::min(limit_, std::max(needed, 2 * held_.capacity())));
  held_.append(bytes.data(), n);
}

}  // namespace kurl
