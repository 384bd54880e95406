// Requests from a batch file or standard input, read one line at a time as the engine asks.
#pragma once

#include <optional>
#include <string>

#include "core/url_glob.h"
#include "engine/batch_line.h"
#include "engine/request_spec.h"
#include "net/line_reader.h"

namespace kurl {

/// Reads `--batch FILE|-`: plain lines ("URL" or "METHOD URL") or JSON Lines. Only the current
/// line is held in memory, so any number of lines runs in the same memory.
class BatchSource final : public Source {
 public:
  /// Opens `path` ("-" = standard input). On failure input_error() says why (exit 26) and the
  /// source yields nothing. With `globbing`, a text line's URL glob ("page[1-9]") yields one
  /// request per URL, expanded as the engine asks; a malformed glob fails its line (exit 3).
  BatchSource(const std::string& path, BatchFormat format, bool globbing = false);
  ~BatchSource() override;
  BatchSource(const BatchSource&) = delete;
  BatchSource& operator=(const BatchSource&) = delete;

  bool next(RequestSpec& spec) override;
  bool pending() const override { return pending_; }
  void start(uv_loop_t* loop, const std::function<void()>& wake) override;
  void detach() override;
  /// The number of request lines when the input is a regular file (counted once, lazily);
  /// unknown when globbing is on and the file has a '[' or '{' (a line may be many requests).
  std::optional<uint64_t> total() const override;
  const Error& input_error() const override { return error_; }

 private:
  /// Starts expanding spec's URL when it is a glob; a malformed glob fails the line.
  void start_glob(RequestSpec& spec);

  std::string path_;
  BatchFormat format_;
  int fd_ = -1;
  std::optional<LineReader> reader_;
  bool pending_ = false;
  uint64_t line_number_ = 0;
  Error error_;
  BatchLineParser parser_;
  bool globbing_;
  std::optional<UrlGlob> glob_;  ///< the current line's glob while it has URLs left
  RequestSpec glob_line_;        ///< that line, which each of its URLs copies
  mutable std::optional<std::optional<uint64_t>> total_;
};

/// The format --batch-format names, or the default for a path (".jsonl" means JSON Lines).
BatchFormat batch_format_for(const std::string& flag, const std::string& path);

}  // namespace kurl
