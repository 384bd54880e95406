// libFuzzer target: -w formats, rendered against a result with and without a response.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "output/write_out.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view format(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  kurl::WriteOutFormat parsed = kurl::WriteOutFormat::parse(format, &warnings);
  kurl::TransferResult result;
  result.url = "http://example.test/a?b";
  result.url_effective = result.url;
  result.status = 200;
  std::string out, err;
  parsed.render(result, out, err);
  kurl::Response response;
  response.status = 404;
  response.headers.append_name("Content-Type");
  response.headers.append_value("text/plain");
  response.headers.finish_header();
  result.response = &response;
  result.error = kurl::Error(kurl::ExitCode::HttpError, "the requested URL returned error: 404");
  parsed.render(result, out, err);
  return 0;
}
