// Read buffers shared by every connection of the loop thread.
#pragma once

#include <cstddef>

namespace kurl {

/// Bytes a socket read may land in at once.
inline constexpr size_t kSocketReadBufferSize = 64 * 1024;
/// Bytes one mbedtls_ssl_read may decrypt at once (a TLS record carries at most 16 KiB).
inline constexpr size_t kTlsPlainBufferSize = 16 * 1024;
/// A connection's own buffer (bytes waiting to be written, TLS records) grown past this, by a
/// large request body, is freed once drained: an idle connection keeps at most this much in
/// each of its at most four transport buffers, 8 KiB in all.
inline constexpr size_t kKeptBufferCapacity = 2 * 1024;

/// The loop thread's buffer for socket reads (kSocketReadBufferSize bytes). libuv reads into
/// it and the read callback hands the bytes on synchronously; every consumer copies what it
/// keeps (the response parser, the TLS engine, the proxy tunnel), so one buffer serves all
/// connections and an idle connection holds no read buffer of its own.
char* socket_read_buffer();

/// The loop thread's buffer for decrypted TLS bytes (kTlsPlainBufferSize bytes), handed on
/// the same way. Distinct from socket_read_buffer(): it is filled while that one is read.
char* tls_plain_buffer();

}  // namespace kurl
