#include "engine/argv_source.h"

namespace kurl {

ArgvSource::ArgvSource(std::vector<std::string> urls, uint64_t first_index)
    : urls_(std::move(urls)), first_index_(first_index) {}

bool ArgvSource::next(RequestSpec& spec) {
  if (position_ >= urls_.size()) return false;
  spec.clear();
  spec.index = first_index_ + position_;
  spec.url = urls_[position_];
  ++position_;
  return true;
}

bool ChainedSource::next(RequestSpec& spec) {
  while (current_ < sources_.size()) {
    if (sources_[current_]->next(spec)) {
      spec.index = ++yielded_;  // one numbering across all sources, in input order
      return true;
    }
    ++current_;
  }
  return false;
}

std::optional<uint64_t> ChainedSource::total() const {
  uint64_t sum = 0;
  for (const auto& source : sources_) {
    auto n = source->total();
    if (!n) return std::nullopt;
    sum += *n;
  }
  return sum;
}

const Error& ChainedSource::input_error() const {
  for (const auto& source : sources_) {
    if (!source->input_error().ok()) return source->input_error();
  }
  static const Error kNone;
  return kNone;
}

}  // namespace kurl
