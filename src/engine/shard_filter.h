// --shard K/N: keeps the requests whose origin hashes to K modulo N.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "engine/request_spec.h"

namespace kurl {

/// K (1-based) of N.
struct ShardSpec {
  uint64_t index = 1;
  uint64_t count = 1;
};

/// Parses "K/N" with 1 <= K <= N. Errors: exit 2.
Result<ShardSpec> parse_shard(std::string_view text);

/// The shard (0-based) a URL belongs to: a stable FNV-1a hash of its origin
/// ("scheme://host:port"), so every request to one host lands on the same machine.
uint64_t shard_of(std::string_view url, uint64_t count);

/// Passes on only the requests of one shard. Malformed URLs are hashed by their text.
class ShardFilter final : public Source {
 public:
  ShardFilter(std::unique_ptr<Source> inner, ShardSpec shard);
  bool next(RequestSpec& spec) override;
  bool pending() const override { return inner_->pending(); }
  void start(uv_loop_t* loop, const std::function<void()>& wake) override {
    inner_->start(loop, wake);
  }
  void detach() override { inner_->detach(); }
  const Error& input_error() const override { return inner_->input_error(); }

 private:
  std::unique_ptr<Source> inner_;
  ShardSpec shard_;
};

}  // namespace kurl
