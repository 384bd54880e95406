// A FIFO in a growable ring: once it has grown to its working size, pushing and popping
// allocate nothing (std::deque allocates a block every few dozen pushes).
#pragma once

#include <cstddef>
#include <vector>

namespace kurl {

/// FIFO of small copyable values (pointers, indexes).
template <typename T>
class RingQueue {
 public:
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  T& front() { return slots_[head_]; }
  const T& front() const { return slots_[head_]; }
  /// The i-th oldest element.
  const T& operator[](size_t i) const { return slots_[(head_ + i) % slots_.size()]; }

  void push_back(const T& value) {
    if (count_ == slots_.size()) grow();
    slots_[(head_ + count_) % slots_.size()] = value;
    ++count_;
  }

  void pop_front() {
    head_ = (head_ + 1) % slots_.size();
    --count_;
  }

  void clear() {
    head_ = 0;
    count_ = 0;
  }

  /// Iteration oldest first, for range-for.
  class ConstIterator {
   public:
    ConstIterator(const RingQueue* queue, size_t i) : queue_(queue), i_(i) {}
    const T& operator*() const { return (*queue_)[i_]; }
    ConstIterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const ConstIterator& other) const { return i_ != other.i_; }

   private:
    const RingQueue* queue_;
    size_t i_;
  };
  ConstIterator begin() const { return ConstIterator(this, 0); }
  ConstIterator end() const { return ConstIterator(this, count_); }

 private:
  void grow() {
    std::vector<T> grown(slots_.empty() ? 4 : slots_.size() * 2);
    for (size_t i = 0; i < count_; ++i) grown[i] = (*this)[i];
    slots_.swap(grown);
    head_ = 0;
  }

  std::vector<T> slots_;
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace kurl
