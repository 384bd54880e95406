// The pool's idle connections in the order they became idle, for the global idle cap.
#pragma once

#include <cstddef>

namespace kurl {

class Connection;

/// Idle connections, least recently used first. Intrusive: each connection's Link lives in
/// the pool's entry for it, so parking and leasing a connection allocate nothing.
class IdleList {
 public:
  /// One connection's place in the list.
  struct Link {
    Connection* connection = nullptr;
    Link* older = nullptr;
    Link* newer = nullptr;
    bool listed = false;
  };

  /// Puts `link` at the most recently used end (moving it there if it is listed already).
  void push_newest(Link& link);
  /// Takes `link` out of the list; does nothing when it is not in it.
  void remove(Link& link);
  /// The connection idle for the longest time, nullptr when the list is empty.
  Connection* oldest() const { return oldest_ ? oldest_->connection : nullptr; }
  size_t size() const { return size_; }

 private:
  Link* oldest_ = nullptr;
  Link* newest_ = nullptr;
  size_t size_ = 0;
};

}  // namespace kurl
