// -v: connection events and headers on stderr, the way curl shows them.
#pragma once

#include <cstdio>

#include "engine/observer.h"

namespace kurl {

/// Writes "* " connection lines, "> " request heads and "< " response heads to `stream`.
class VerboseLog final : public Observer {
 public:
  explicit VerboseLog(std::FILE* stream) : stream_(stream) {}
  void on_request_sent(const RequestSent& e) override;
  void on_response_head(const ResponseHead& e) override;
  void on_connection_event(const ConnectionEvent& e) override;
  void on_retry(uint64_t index, bool stale) override;

 private:
  std::FILE* stream_;
};

}  // namespace kurl
