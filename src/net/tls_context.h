// The TLS settings of a run and the mbedTLS configuration they make: CA chain, client
// certificate, RNG, and the saved session of each origin for resumption.
#pragma once

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "core/result.h"

namespace kurl {

/// The system CA bundle verification uses without --cacert/--capath.
inline constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

/// TLS choices from the command line. Connections are reused only between requests whose
/// settings have the same key().
struct TlsSettings {
  bool verify = true;     ///< false with -k
  std::string ca_file;    ///< --cacert
  std::string ca_path;    ///< --capath
  std::string cert_file;  ///< -E/--cert (may end in ":password")
  std::string cert_password;
  std::string key_file;  ///< --key
  /// Keep the server's chain and the verification result (-w asks for them); under -k this
  /// verifies against no CA without refusing, as curl 7.88 reports it.
  bool describe_peer = false;
  /// A string that differs whenever the settings differ (part of the pool key).
  std::string key() const;
};

/// One shared mbedTLS configuration per TLS setting. Connections each create their own
/// mbedtls_ssl_context from config().
class TlsContext {
 public:
  /// Loads CAs and the client certificate. Errors: 77 for an unusable CA file or directory,
  /// 58 for a client certificate or key that can't be used.
  static Result<std::unique_ptr<TlsContext>> create(const TlsSettings& settings);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  const mbedtls_ssl_config* config() const { return &config_; }
  const TlsSettings& settings() const { return settings_; }
  /// Keeps the session of a full handshake with `origin` to offer on later connections.
  void save_session(const std::string& origin, const mbedtls_ssl_context& ssl);
  /// The saved session for `origin`, nullptr when there is none yet.
  const mbedtls_ssl_session* session_for(const std::string& origin) const;

 private:
  TlsContext() = default;
  Error load(const TlsSettings& settings);
  /// Loads --cacert/--capath (or the system bundle) into the verification chain.
  Error load_ca_chain(const TlsSettings& settings);

  TlsSettings settings_;
  mbedtls_entropy_context entropy_;
  mbedtls_ctr_drbg_context rng_;
  mbedtls_ssl_config config_;
  mbedtls_x509_crt ca_chain_;
  mbedtls_x509_crt client_cert_;
  mbedtls_pk_context client_key_;
  struct SavedSession {
    mbedtls_ssl_session session;
    SavedSession() { mbedtls_ssl_session_init(&session); }
    ~SavedSession() { mbedtls_ssl_session_free(&session); }
  };
  std::unordered_map<std::string, std::unique_ptr<SavedSession>> sessions_;
};

/// mbedTLS's words for an error code ("X509 - Certificate verification failed ...").
std::string mbedtls_error_text(int code);

}  // namespace kurl
