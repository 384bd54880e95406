// What a TLS handshake learnt about the server's certificates, for -w's %{certs},
// %{num_certs} and %{ssl_verify_result}. Plain data: net/ fills it, output/ prints it.
#pragma once

#include <string>

namespace kurl {

struct PeerCertificates {
  std::string text;        ///< every certificate of the chain as curl's %{certs} lists it
  int count = 0;           ///< certificates the server sent (%{num_certs})
  long verify_result = 0;  ///< OpenSSL's X509_V_ERR code curl prints, 0 = verified
};

}  // namespace kurl
