#include "engine/shard_filter.h"

#include "core/text.h"
#include "core/url.h"

namespace kurl {

Result<ShardSpec> parse_shard(std::string_view text) {
  size_t slash = text.find('/');
  std::optional<uint64_t> k = parse_uint(text.substr(0, slash));
  std::optional<uint64_t> n =
      slash == std::string_view::npos ? std::nullopt : parse_uint(text.substr(slash + 1));
  if (!k || !n || *k < 1 || *n < 1 || *k > *n) {
    return Error(ExitCode::Usage,
                 "--shard: expected K/N with 1 <= K <= N, got '" + std::string(text) + "'");
  }
  return ShardSpec{*k, *n};
}

uint64_t shard_of(std::string_view url, uint64_t count) {
  Result<Url> parsed = parse_url(url);
  std::string key = parsed && parsed->is_http_family() ? parsed->origin() : std::string(url);
  uint64_t hash = 14695981039346656037ull;  // FNV-1a 64: stable across machines and builds
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash % count;
}

ShardFilter::ShardFilter(std::unique_ptr<Source> inner, ShardSpec shard)
    : inner_(std::move(inner)), shard_(shard) {}

bool ShardFilter::next(RequestSpec& spec) {
  while (inner_->next(spec)) {
    if (shard_of(spec.url, shard_.count) == shard_.index - 1) return true;
  }
  return false;
}

}  // namespace kurl
