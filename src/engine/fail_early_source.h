// --fail-early: a Source that stops yielding requests once the run has failed, so the engine
// starts no new request while those in flight finish; the rest are then listed as skipped.
#pragma once

#include <functional>
#include <memory>

#include "engine/request_spec.h"

namespace kurl {

/// Passes on the requests of `inner` until `failed()` first answers true (asked before each
/// request), then yields nothing more. The engine is not involved: it sees the end of input.
class FailEarlySource final : public Source {
 public:
  FailEarlySource(std::unique_ptr<Source> inner, std::function<bool()> failed)
      : inner_(std::move(inner)), failed_(std::move(failed)) {}
  bool next(RequestSpec& spec) override;
  bool pending() const override { return !stopped_ && inner_->pending(); }
  void start(uv_loop_t* loop, const std::function<void()>& wake) override {
    inner_->start(loop, wake);
  }
  void detach() override { inner_->detach(); }
  std::optional<uint64_t> total() const override { return inner_->total(); }
  const Error& input_error() const override { return inner_->input_error(); }
  /// True once a request was held back because the run had failed.
  bool stopped() const { return stopped_; }
  /// After the run: reads the requests that were never started (the rest of the input) and
  /// calls `skipped` for each, in input order. Nothing is sent. Returns how many there were.
  uint64_t drain_skipped(const std::function<void(const RequestSpec&)>& skipped);

 private:
  std::unique_ptr<Source> inner_;
  std::function<bool()> failed_;
  bool stopped_ = false;
};

}  // namespace kurl
