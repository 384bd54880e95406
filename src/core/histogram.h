// A fixed-bucket latency histogram: constant memory for any number of samples.
#pragma once

#include <array>
#include <cstdint>

namespace kurl {

/// Log-linear buckets from 1 microsecond to ~1 hour with ~3% relative error; percentiles are
/// read from the buckets, so memory stays constant however many requests a run makes.
class LatencyHistogram {
 public:
  /// Records one latency in seconds.
  void record(double seconds);
  /// The value at percentile `p` (0..100) in milliseconds; 0 when empty.
  double percentile_ms(double p) const;
  /// The largest recorded value in milliseconds.
  double max_ms() const { return max_us_ / 1000.0; }
  uint64_t count() const { return count_; }
  /// Adds another histogram's samples (to merge stats of several runs).
  void merge(const LatencyHistogram& other);

 private:
  static constexpr int kSubBuckets = 32;  // per power of two: ~3% resolution
  static constexpr int kOctaves = 32;     // 2^32 us is over an hour
  static int bucket_of(uint64_t micros);
  static double bucket_upper_us(int bucket);

  std::array<uint64_t, kSubBuckets * kOctaves> buckets_{};
  uint64_t count_ = 0;
  double max_us_ = 0;
};

}  // namespace kurl
