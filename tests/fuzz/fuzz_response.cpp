// libFuzzer target: the response parser fed arbitrary bytes in arbitrary splits, several
// responses in a row, as on a reused or pipelined connection.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/response_parser.h"

namespace {

class Sink final : public kurl::ResponseListener {
 public:
  void on_response_head(const kurl::Response& response) override {
    heads += response.headers.size() + 1;
  }
  void on_response_body(std::string_view bytes) override { body += bytes.size(); }
  size_t heads = 0;
  size_t body = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // The first byte picks the split size, the second which responses answer HEAD.
  size_t chunk = static_cast<size_t>(data[0] % 64) + 1;
  uint8_t head_mask = data[1];
  std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);
  Sink sink;
  kurl::ResponseParser parser(sink);
  kurl::Response response;
  int responses = 0;
  parser.expect(response, head_mask & 1);
  while (!input.empty()) {
    std::string_view piece = input.substr(0, chunk);
    kurl::ResponseParser::FeedResult result = parser.feed(piece);
    if (result.status == kurl::ResponseParser::Status::Failed) return 0;
    if (result.status == kurl::ResponseParser::Status::Complete) {
      if (result.consumed > piece.size()) __builtin_trap();  // never past what it was given
      input.remove_prefix(result.consumed);
      ++responses;
      parser.expect(response, (head_mask >> (responses % 8)) & 1);
      continue;
    }
    input.remove_prefix(piece.size());
  }
  (void)parser.finish();
  return 0;
}
