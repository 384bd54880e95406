// The URLs given on the command line, as a Source.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/url_glob.h"
#include "engine/request_spec.h"

namespace kurl {

/// Yields one request per command-line URL, in order, or one per URL a glob expands to
/// ("page[1-1000].html"), expanded as the engine asks: constant memory for any count.
class ArgvSource final : public Source {
 public:
  /// Plain URLs, taken as written (no globbing, no -o); indexes start at `first_index`.
  explicit ArgvSource(std::vector<std::string> urls, uint64_t first_index = 1);
  /// Parses every URL's globs first (unless `globoff`, -g), so a malformed one fails the run
  /// (exit 3) before any request. The i-th -o value (`outputs`) goes with the i-th URL, as in
  /// curl, with "#N" replaced by the N-th glob's current value.
  static Result<std::unique_ptr<ArgvSource>> make(std::vector<std::string> urls,
                                                  const std::vector<std::string>& outputs,
                                                  bool globoff);
  bool next(RequestSpec& spec) override;
  std::optional<uint64_t> total() const override { return total_; }

 private:
  std::vector<std::string> urls_;
  std::vector<std::string> outputs_;           ///< -o of each URL, "" = none ("-" is stdout)
  std::vector<std::optional<UrlGlob>> globs_;  ///< per URL, empty when it has no glob
  size_t position_ = 0;
  bool current_started_ = false;  ///< the URL at position_ has yielded (its first) request
  uint64_t first_index_;
  uint64_t yielded_ = 0;
  uint64_t total_ = 0;
};

/// Runs several sources one after the other (command-line URLs, then a batch).
class ChainedSource final : public Source {
 public:
  void add(std::unique_ptr<Source> source) { sources_.push_back(std::move(source)); }
  bool next(RequestSpec& spec) override;
  bool pending() const override;
  void start(uv_loop_t* loop, const std::function<void()>& wake) override;
  void detach() override;
  std::optional<uint64_t> total() const override;
  const Error& input_error() const override;

 private:
  std::vector<std::unique_ptr<Source>> sources_;
  size_t current_ = 0;
  uint64_t yielded_ = 0;
};

}  // namespace kurl
