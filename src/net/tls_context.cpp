#include "net/tls_context.h"

#include <mbedtls/error.h>

#include "core/file_io.h"

namespace kurl {

namespace {

// ALPN: kurl speaks HTTP/1.1 only (for now); the list must outlive the configuration.
const char* kAlpnProtocols[] = {"http/1.1", nullptr};

constexpr char kRngPersonalisation[] = "kurl";

/// How long reading a certificate or key may block (a FIFO whose writer is slow).
constexpr int kCredentialReadTimeoutMs = 10000;

// mbedTLS's own file loaders seek and allocate the size they find, which fails on pipes and
// directories: read the bytes ourselves. PEM needs the terminating NUL counted.
Result<std::string> read_pem_or_der(const std::string& path, ExitCode failure_code) {
  Result<std::string> bytes = read_file_bounded(path, kCredentialReadTimeoutMs, failure_code);
  if (bytes) bytes->push_back('\0');
  return bytes;
}

int parse_certificates(mbedtls_x509_crt* chain, const std::string& bytes) {
  return mbedtls_x509_crt_parse(chain, reinterpret_cast<const unsigned char*>(bytes.data()),
                                bytes.size());
}

}  // namespace

std::string mbedtls_error_text(int code) {
  char buffer[256];
  mbedtls_strerror(code, buffer, sizeof buffer);
  return buffer;
}

std::string TlsSettings::key() const {
  return std::string(verify ? "v" : "k") + (describe_peer ? "d|" : "|") + ca_file + "|" + ca_path + "|" + cert_file + "|" +
         key_file;
}

Result<std::unique_ptr<TlsContext>> TlsContext::create(const TlsSettings& settings) {
  std::unique_ptr<TlsContext> context(new TlsContext);
  Error error = context->load(settings);
  if (!error.ok()) return error;
  return context;
}

TlsContext::~TlsContext() {
  sessions_.clear();
  mbedtls_ssl_config_free(&config_);
  mbedtls_x509_crt_free(&ca_chain_);
  mbedtls_x509_crt_free(&client_cert_);
  mbedtls_pk_free(&client_key_);
  mbedtls_ctr_drbg_free(&rng_);
  mbedtls_entropy_free(&entropy_);
}

Error TlsContext::load(const TlsSettings& settings) {
  settings_ = settings;
  mbedtls_entropy_init(&entropy_);
  mbedtls_ctr_drbg_init(&rng_);
  mbedtls_ssl_config_init(&config_);
  mbedtls_x509_crt_init(&ca_chain_);
  mbedtls_x509_crt_init(&client_cert_);
  mbedtls_pk_init(&client_key_);
  int rc = mbedtls_ctr_drbg_seed(&rng_, mbedtls_entropy_func, &entropy_,
                                 reinterpret_cast<const unsigned char*>(kRngPersonalisation),
                                 sizeof kRngPersonalisation - 1);
  if (rc != 0)
    return Error(ExitCode::TlsHandshake,
                 "can't seed the TLS random generator: " + mbedtls_error_text(rc));
  rc = mbedtls_ssl_config_defaults(&config_, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                   MBEDTLS_SSL_PRESET_DEFAULT);
  if (rc != 0) return Error(ExitCode::TlsHandshake, "can't set up TLS: " + mbedtls_error_text(rc));
  mbedtls_ssl_conf_rng(&config_, mbedtls_ctr_drbg_random, &rng_);
  mbedtls_ssl_conf_alpn_protocols(&config_, kAlpnProtocols);
  mbedtls_ssl_conf_session_tickets(&config_, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
  mbedtls_ssl_conf_min_version(&config_, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);

  if (settings.verify) {
    Error error = load_ca_chain(settings);
    if (!error.ok()) return error;
    mbedtls_ssl_conf_ca_chain(&config_, &ca_chain_, nullptr);
    mbedtls_ssl_conf_authmode(&config_, MBEDTLS_SSL_VERIFY_REQUIRED);
  } else if (settings.describe_peer) {
    // -k with -w asking for ssl_verify_result: verify and report, never refuse. curl 7.88
    // loads no CA under -k, so it reports the chain checked against nothing; so does kurl.
    mbedtls_ssl_conf_authmode(&config_, MBEDTLS_SSL_VERIFY_OPTIONAL);
  } else {
    mbedtls_ssl_conf_authmode(&config_, MBEDTLS_SSL_VERIFY_NONE);
  }

  if (!settings.cert_file.empty()) {
    Result<std::string> cert = read_pem_or_der(settings.cert_file, ExitCode::LocalCertProblem);
    if (!cert)
      return Error(ExitCode::LocalCertProblem,
                   "unable to use client certificate: " + cert.error().message);
    rc = parse_certificates(&client_cert_, *cert);
    if (rc != 0) {
      return Error(
          ExitCode::LocalCertProblem,
          "unable to use client certificate " + settings.cert_file + ": " + mbedtls_error_text(rc));
    }
    const std::string& key_file =
        settings.key_file.empty() ? settings.cert_file : settings.key_file;
    Result<std::string> key = read_pem_or_der(key_file, ExitCode::LocalCertProblem);
    if (!key)
      return Error(ExitCode::LocalCertProblem, "unable to use private key: " + key.error().message);
    const std::string& password = settings.cert_password;
    rc = mbedtls_pk_parse_key(&client_key_, reinterpret_cast<const unsigned char*>(key->data()),
                              key->size(), reinterpret_cast<const unsigned char*>(password.data()),
                              password.size());
    if (rc != 0) {
      return Error(ExitCode::LocalCertProblem,
                   "unable to use private key " + key_file + ": " + mbedtls_error_text(rc));
    }
    rc = mbedtls_pk_check_pair(&client_cert_.pk, &client_key_);
    if (rc != 0) {
      return Error(ExitCode::LocalCertProblem, "private key " + key_file +
                                                   " does not match the client certificate " +
                                                   settings.cert_file);
    }
    rc = mbedtls_ssl_conf_own_cert(&config_, &client_cert_, &client_key_);
    if (rc != 0) {
      return Error(ExitCode::LocalCertProblem,
                   "unable to use client certificate: " + mbedtls_error_text(rc));
    }
  }
  return Error();
}

void TlsContext::save_session(const std::string& origin, const mbedtls_ssl_context& ssl) {
  auto saved = std::make_unique<SavedSession>();
  if (mbedtls_ssl_get_session(&ssl, &saved->session) != 0) return;
  sessions_[origin] = std::move(saved);
}

const mbedtls_ssl_session* TlsContext::session_for(const std::string& origin) const {
  auto found = sessions_.find(origin);
  return found == sessions_.end() ? nullptr : &found->second->session;
}

Error TlsContext::load_ca_chain(const TlsSettings& settings) {
  int rc = 0;
  if (!settings.ca_file.empty() || settings.ca_path.empty()) {
    const std::string& file =
        settings.ca_file.empty() ? std::string(kSystemCaBundle) : settings.ca_file;
    Result<std::string> bytes = read_pem_or_der(file, ExitCode::CaFileUnusable);
    if (!bytes)
      return Error(ExitCode::CaFileUnusable,
                   "error setting certificate file: " + bytes.error().message);
    rc = parse_certificates(&ca_chain_, *bytes);
    if (rc < 0) {
      return Error(ExitCode::CaFileUnusable,
                   "error setting certificate file: " + file + ": " + mbedtls_error_text(rc));
    }
  }
  if (!settings.ca_path.empty()) {
    rc = mbedtls_x509_crt_parse_path(&ca_chain_, settings.ca_path.c_str());
    if (rc < 0) {
      return Error(
          ExitCode::CaFileUnusable,
          "error setting certificate path: " + settings.ca_path + ": " + mbedtls_error_text(rc));
    }
  }
  if (ca_chain_.version == 0) {
    return Error(ExitCode::CaFileUnusable, "no usable CA certificate was loaded");
  }
  return Error();
}

}  // namespace kurl
