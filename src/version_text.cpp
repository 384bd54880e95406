#include "version_text.h"

#include <brotli/decode.h>
#include <llhttp.h>
#include <mbedtls/version.h>
#include <simdjson.h>
#include <sys/types.h>
#include <uv.h>
#include <zlib.h>
#include <zstd.h>

namespace kurl {

namespace {

std::string dotted(unsigned major, unsigned minor, unsigned patch) {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

// The mbedTLS linked, which may be newer than the headers kurl was built with.
std::string mbedtls_version() {
  char version[16] = {};  // "x.y.z": its header asks for at least 9 bytes
  mbedtls_version_get_string(version);
  return version;
}

// brotli packs its version as MAJOR << 24 | MINOR << 12 | PATCH.
std::string brotli_version() {
  uint32_t v = BrotliDecoderVersion();
  return dotted(v >> 24, (v >> 12) & 0xFFF, v & 0xFFF);
}

std::string libraries() {
  return std::string("libuv/") + uv_version_string() + " llhttp/" +
         dotted(LLHTTP_VERSION_MAJOR, LLHTTP_VERSION_MINOR, LLHTTP_VERSION_PATCH) + " mbedTLS/" +
         mbedtls_version() + " zlib/" + zlibVersion() + " brotli/" + brotli_version() + " zstd/" +
         ZSTD_versionString() + " simdjson/" +
         dotted(simdjson::SIMDJSON_VERSION_MAJOR, simdjson::SIMDJSON_VERSION_MINOR,
                simdjson::SIMDJSON_VERSION_REVISION);
}

// curl's names for what kurl has too, then kurl's own. AsynchDNS: lookups run on libuv's
// thread pool; Largefile: a 64-bit off_t, so -C and --max-filesize go past 2 GiB.
std::string features() {
  std::string list = "AsynchDNS brotli IPv6";
  if (sizeof(off_t) >= 8) list += " Largefile";
  return list + " libz SSL UnixSockets zstd keep-alive-pool pipelining tls-session-resumption";
}

}  // namespace

std::string version_text() {
  std::string target = KURL_BUILD_TARGET;
  return std::string("kurl ") + KURL_VERSION + (target.empty() ? "" : " (" + target + ")") + " " +
         libraries() + "\nProtocols: http https\nFeatures: " + features() + "\n";
}

}  // namespace kurl
