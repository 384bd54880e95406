// What went wrong in a TLS handshake, in words a person can act on.
#pragma once

#include <mbedtls/ssl.h>

#include <string>

#include "core/error.h"

namespace kurl {

/// Adds to `words` what is wrong with `crt`, at `depth` in the chain the server sent (0: its
/// own), for mbedTLS's verification `flags`: self-signed, unknown issuer, expired, not yet
/// valid, or a name it does not have (naming the names it has), and what to do about it
/// (--cacert, -k). Called from the verification callback, the one moment mbedTLS shows each
/// certificate of a chain that fails: it frees the chain before the handshake returns.
void add_certificate_problem(std::string& words, const mbedtls_x509_crt& crt, int depth,
                             uint32_t flags, const std::string& host);

/// The error for a handshake with `host` that mbedTLS ended with `code`; a failed
/// verification is said with the `certificate_problem` words gathered during it. A server
/// that refuses every TLS version this build speaks is said to want TLS 1.3.
Error describe_handshake_failure(const mbedtls_ssl_context& ssl, const std::string& host, int code,
                                 const std::string& certificate_problem);

/// True when `host` is an IPv4 or IPv6 literal; its bytes go to `out` (16 bytes of room).
bool parse_ip(const std::string& host, unsigned char* out, size_t& length);

/// True when `certificate` has an iPAddress subject alternative name equal to `ip`.
bool certificate_has_ip(const mbedtls_x509_crt& certificate, const unsigned char* ip,
                        size_t length);

}  // namespace kurl
