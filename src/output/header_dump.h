// -D/--dump-header FILE: every response head of the run, as curl writes it there.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "engine/observer.h"

namespace kurl {

class OutputChannel;

/// Appends each response head (1xx, redirect hops, retried attempts, the final one, and
/// the final one's trailers) to one
/// file, truncated when the run starts, as curl does for all the URLs of one command line.
/// Each head is written out as it arrives, whole; a failed write stops the run (23).
/// (-D - is standard output: the body writer does it, in the request's turn.)
class HeaderDump final : public Observer {
 public:
  /// Creates or truncates `path` before any request; exit 23 when it cannot be opened.
  /// Null for "" (no -D) and "-" (standard output).
  static Result<std::unique_ptr<HeaderDump>> open(const std::string& path);
  ~HeaderDump() override;

  void on_response_head(const ResponseHead& e) override;
  void amend_result(TransferResult& result) override;
  Error stop_reason() const override;
  /// Closes the file: the error of a write or of the close that no request's result has
  /// shown yet, ok when none.
  Error close();

 private:
  explicit HeaderDump(std::unique_ptr<OutputChannel> file);

  std::unique_ptr<OutputChannel> file_;
  std::string head_;    ///< the head being written; keeps its capacity
  bool shown_ = false;  ///< a request's result carries the failure already
};

}  // namespace kurl
