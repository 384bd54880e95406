#include "core/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace kurl {

int LatencyHistogram::bucket_of(uint64_t micros) {
  if (micros < kSubBuckets) return static_cast<int>(micros);
  int octave = std::bit_width(micros) - 1;  // >= 5
  int shift = octave - 5;                   // keep 5 bits below the top bit
  int sub = static_cast<int>((micros >> shift) & (kSubBuckets - 1));
  int bucket = (octave - 4) * kSubBuckets + sub;
  return std::min(bucket, kSubBuckets * kOctaves - 1);
}

double LatencyHistogram::bucket_upper_us(int bucket) {
  if (bucket < kSubBuckets) return bucket + 1;
  int octave = bucket / kSubBuckets + 4;
  int sub = bucket % kSubBuckets;
  double base = std::ldexp(1.0, octave);
  return base + (sub + 1) * std::ldexp(1.0, octave - 5);
}

void LatencyHistogram::record(double seconds) {
  double micros = std::max(0.0, seconds * 1e6);
  ++buckets_[bucket_of(static_cast<uint64_t>(micros))];
  ++count_;
  max_us_ = std::max(max_us_, micros);
}

double LatencyHistogram::percentile_ms(double p) const {
  if (count_ == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_)));
  rank = std::clamp<uint64_t>(rank, 1, count_);
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(bucket_upper_us(static_cast<int>(i)), max_us_) / 1000.0;
  }
  return max_ms();
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_us_ = std::max(max_us_, other.max_us_);
}

}  // namespace kurl
