// libFuzzer target: URL parsing and redirect resolution must never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t split = text.find('\n');
  kurl::Result<kurl::Url> url = kurl::parse_url(text.substr(0, split));
  if (url) {
    (void)url->to_string();
    (void)url->origin();
    (void)url->host_header();
    if (split != std::string_view::npos)
      (void)kurl::resolve_reference(*url, text.substr(split + 1));
  }
  (void)kurl::percent_decode(text);
  return 0;
}
