// The server's certificate chain after a handshake, described as curl describes it.
#pragma once

#include <mbedtls/ssl.h>

#include <memory>
#include <string>

#include "core/peer_certificates.h"

namespace kurl {

/// The chain the server sent on `ssl` (after a handshake that verified it, in mbedTLS's
/// required or optional mode) and the verification's result.
std::shared_ptr<const PeerCertificates> describe_peer_certificates(const mbedtls_ssl_context& ssl);

/// The OpenSSL X509_V_ERR code curl 7.88 (built with OpenSSL) prints for the same failure as
/// mbedTLS's verification `flags` on `chain`; 0 when the flags hold no failure.
long openssl_verify_code(uint32_t flags, const mbedtls_x509_crt* chain);

/// OpenSSL's one-line form of a name (X509_NAME_print_ex, XN_FLAG_ONELINE): "O = Org, CN = n".
std::string one_line_name(const mbedtls_x509_name* name);

/// True when `crt` names itself as its issuer.
bool self_signed(const mbedtls_x509_crt& crt);

}  // namespace kurl
