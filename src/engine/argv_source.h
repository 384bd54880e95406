// The URLs given on the command line, as a Source.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/request_spec.h"

namespace kurl {

/// Yields one request per command-line URL, in order; indexes start at `first_index`.
class ArgvSource final : public Source {
 public:
  explicit ArgvSource(std::vector<std::string> urls, uint64_t first_index = 1);
  bool next(RequestSpec& spec) override;
  std::optional<uint64_t> total() const override { return urls_.size(); }

 private:
  std::vector<std::string> urls_;
  size_t position_ = 0;
  uint64_t first_index_;
};

/// Runs several sources one after the other (command-line URLs, then a batch).
class ChainedSource final : public Source {
 public:
  void add(std::unique_ptr<Source> source) { sources_.push_back(std::move(source)); }
  bool next(RequestSpec& spec) override;
  std::optional<uint64_t> total() const override;
  const Error& input_error() const override;

 private:
  std::vector<std::unique_ptr<Source>> sources_;
  size_t current_ = 0;
  uint64_t yielded_ = 0;
};

}  // namespace kurl
