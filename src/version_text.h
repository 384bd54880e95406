// kurl -V: kurl's version, the versions of the libraries it runs on, its protocols and its
// features, laid out as curl -V lays out its own.
#pragma once

#include <string>

namespace kurl {

/// Three lines: "kurl VERSION (TARGET) libuv/... llhttp/... mbedTLS/... zlib/... brotli/...
/// zstd/... simdjson/...", "Protocols: ...", "Features: ...". Each library's version comes
/// from the library itself (its version call, or its header's macro for those built in).
std::string version_text();

}  // namespace kurl
