#include "engine/argv_source.h"

namespace kurl {

ArgvSource::ArgvSource(std::vector<std::string> urls, uint64_t first_index)
    : urls_(std::move(urls)), first_index_(first_index), total_(urls_.size()) {
  globs_.resize(urls_.size());
  outputs_.resize(urls_.size());
}

Result<std::unique_ptr<ArgvSource>> ArgvSource::make(std::vector<std::string> urls,
                                                     const std::vector<std::string>& outputs,
                                                     bool globoff) {
  auto source = std::make_unique<ArgvSource>(std::move(urls));
  for (size_t i = 0; i < source->urls_.size(); ++i) {
    if (i < outputs.size()) source->outputs_[i] = outputs[i];
    if (globoff || !may_be_glob(source->urls_[i])) continue;
    Result<UrlGlob> glob = UrlGlob::parse(source->urls_[i]);
    if (!glob) return glob.error();
    source->total_ += glob->count() - 1;
    if (glob->globs() == 0) {
      glob->current(source->urls_[i]);  // only escapes (\[) or an IPv6 address: unescaped
    } else {
      source->globs_[i] = std::move(*glob);
    }
  }
  return source;
}

bool ArgvSource::next(RequestSpec& spec) {
  // The current URL's glob moves on; past its last URL (or after a plain URL), the next one.
  if (current_started_ && (!globs_[position_] || !globs_[position_]->advance())) {
    ++position_;
    current_started_ = false;
  }
  if (position_ >= urls_.size()) return false;
  current_started_ = true;
  spec.clear();
  spec.index = first_index_ + yielded_++;
  if (const std::optional<UrlGlob>& glob = globs_[position_]) {
    glob->current(spec.url);
    spec.output = glob->expand_output(outputs_[position_]);
  } else {
    spec.url = urls_[position_];
    spec.output = outputs_[position_];
  }
  return true;
}

bool ChainedSource::next(RequestSpec& spec) {
  while (current_ < sources_.size()) {
    if (sources_[current_]->next(spec)) {
      spec.index = ++yielded_;  // one numbering across all sources, in input order
      return true;
    }
    if (sources_[current_]->pending()) return false;
    ++current_;
  }
  return false;
}

bool ChainedSource::pending() const {
  return current_ < sources_.size() && sources_[current_]->pending();
}

void ChainedSource::start(uv_loop_t* loop, const std::function<void()>& wake) {
  for (const auto& source : sources_) source->start(loop, wake);
}

void ChainedSource::detach() {
  for (const auto& source : sources_) source->detach();
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
