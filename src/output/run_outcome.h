// The failure lines on stderr and the exit code of the run.
#pragma once

#include <cstdio>

#include "engine/observer.h"

namespace kurl {

/// Prints "kurl: (CODE) MESSAGE (URL)" for every failed request (unless silenced) and
/// remembers the failure that decides the exit code: the first in input order.
class RunOutcome final : public Observer {
 public:
  RunOutcome(std::FILE* stream, bool show_errors) : stream_(stream), show_errors_(show_errors) {}
  void on_transfer_end(const TransferResult& e) override;
  /// 0 when every request succeeded, else the code of the first failed one in input order.
  int exit_code() const { return first_failed_index_ == 0 ? 0 : first_failed_code_; }
  /// Records a failure outside any request (e.g. reading the batch file), as request `index`.
  void add_failure(uint64_t index, const Error& error);

 private:
  std::FILE* stream_;
  bool show_errors_;
  uint64_t first_failed_index_ = 0;
  int first_failed_code_ = 0;
};

/// Formats the one-line failure message for a request: the message and the URL (already
/// without credentials) escaped by append_printable(), the URL cut after 300 bytes. A batch
/// line's name (else "line N") comes first; a failed expectation reads "METHOD URL: expected
/// ..., got ..." (or "NAME: expected ...").
std::string failure_line(const TransferResult& e);

}  // namespace kurl
