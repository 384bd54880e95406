// libFuzzer target: batch lines, plain and JSON Lines.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/batch_line.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kurl::BatchLineParser parser;
  std::string_view line(reinterpret_cast<const char*>(data), size);
  kurl::RequestSpec spec;
  (void)parser.parse(line, kurl::BatchFormat::Text, spec);
  spec.clear();
  (void)parser.parse(line, kurl::BatchFormat::JsonLines, spec);
  return 0;
}
