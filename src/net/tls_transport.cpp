#include "net/tls_transport.h"

#include <mbedtls/error.h>
#include <mbedtls/ssl_internal.h>  // handshake->resume: 2.28 has no public "was it resumed"

#include <cstring>

#include "net/certificate_chain.h"
#include "net/handshake_failure.h"
#include "net/loop_buffers.h"
#include "net/timer.h"

namespace kurl {

TlsTransport::TlsTransport(TransportHandler& handler, const InnerTransportFactory& make_inner,
                           TlsContext& context, std::string host, std::string origin)
    : handler_(handler), context_(context), host_(std::move(host)), origin_(std::move(origin)) {
  inner_ = make_inner(static_cast<TransportHandler&>(*this));
  mbedtls_ssl_init(&ssl_);
}

TlsTransport::~TlsTransport() {
  mbedtls_ssl_free(&ssl_);
}

void TlsTransport::connect(const sockaddr_storage& address) {
  inner_->connect(address);
}

void TlsTransport::on_transport_ready() {
  inner_ready_ = true;
  times_.connected = inner_->times().ready;
  int rc = mbedtls_ssl_setup(&ssl_, context_.config());
  // An address gets no SNI (RFC 6066) and is checked against iPAddress names by
  // verify_certificate; a name goes to mbedTLS for both SNI and the certificate check.
  unsigned char ip[16];
  size_t ip_length = 0;
  if (rc == 0 && !parse_ip(host_, ip, ip_length))
    rc = mbedtls_ssl_set_hostname(&ssl_, host_.c_str());
  if (rc != 0) {
    fail(Error(ExitCode::TlsHandshake,
               "TLS set-up failed for " + host_ + ": " + mbedtls_error_text(rc)));
    return;
  }
  mbedtls_ssl_set_bio(&ssl_, this, &TlsTransport::bio_send, &TlsTransport::bio_recv, nullptr);
  if (context_.settings().verify)
    mbedtls_ssl_set_verify(&ssl_, &TlsTransport::verify_certificate, this);
  if (const mbedtls_ssl_session* saved = context_.session_for(origin_))
    mbedtls_ssl_set_session(&ssl_, saved);
  continue_handshake();
}

int TlsTransport::verify_certificate(void* self_ptr, mbedtls_x509_crt* certificate, int depth,
                                     uint32_t* flags) {
  auto* self = static_cast<TlsTransport*>(self_ptr);
  unsigned char ip[16];
  size_t length = 0;
  if (depth == 0 && parse_ip(self->host_, ip, length) &&
      !certificate_has_ip(*certificate, ip, length)) {
    *flags |= MBEDTLS_X509_BADCERT_CN_MISMATCH;
  }
  if (*flags != 0) add_certificate_problem(self->certificate_problem_, *certificate, depth, *flags,
                                           self->host_);
  return 0;
}

void TlsTransport::continue_handshake() {
  while (!handshake_done_ && !failed_ && !closing_) {
    if (ssl_.handshake != nullptr && ssl_.handshake->resume) resumed_ = true;
    int rc = mbedtls_ssl_handshake_step(&ssl_);
    if (ssl_.handshake != nullptr && ssl_.handshake->resume) resumed_ = true;
    flush_output();
    if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) return;
    if (rc != 0) {
      fail(describe_handshake_failure(ssl_, host_, rc, certificate_problem_));
      return;
    }
    if (ssl_.state == MBEDTLS_SSL_HANDSHAKE_OVER) handshake_done_ = true;
  }
  if (!handshake_done_ || failed_ || closing_) return;
  times_.ready = monotonic_seconds();
  if (!resumed_) context_.save_session(origin_, ssl_);
  if (context_.settings().describe_peer) peer_ = describe_peer_certificates(ssl_);
  handler_.on_transport_ready();
  if (!closing_ && !failed_) read_application_data();  // records that arrived with the Finished
}

std::string TlsTransport::description() const {
  if (!handshake_done_) return "";
  return std::string(mbedtls_ssl_get_version(&ssl_)) + " / " + mbedtls_ssl_get_ciphersuite(&ssl_);
}

void TlsTransport::on_transport_data(std::string_view bytes) {
  incoming_ = bytes;  // valid only during this call: what mbedTLS leaves is copied below
  if (!handshake_done_) {
    continue_handshake();
  } else {
    read_application_data();
  }
  keep_unread_input();
}

// Both loops above run until mbedTLS wants more than it was given, so bytes are left only
// when the connection failed or closed meanwhile; they are kept anyway, never dropped.
void TlsTransport::keep_unread_input() {
  if (cipher_in_offset_ == cipher_in_.size()) {
    cipher_in_offset_ = 0;
    if (cipher_in_.capacity() > kKeptBufferCapacity) {
      std::string().swap(cipher_in_);
    } else {
      cipher_in_.clear();
    }
  }
  cipher_in_.append(incoming_);
  incoming_ = {};
}

void TlsTransport::read_application_data() {
  char* plain = tls_plain_buffer();
  while (!closing_ && !failed_) {
    int n = mbedtls_ssl_read(&ssl_, reinterpret_cast<unsigned char*>(plain), kTlsPlainBufferSize);
    if (n > 0) {
      handler_.on_transport_data(std::string_view(plain, static_cast<size_t>(n)));
      continue;
    }
    flush_output();
    if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE) return;
    if (n == 0 || n == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
      if (!peer_closed_) {
        peer_closed_ = true;
        handler_.on_transport_eof();
      }
      return;
    }
    fail(Error(ExitCode::RecvFailed,
               "TLS read from " + host_ + " failed: " + mbedtls_error_text(n)));
    return;
  }
}

void TlsTransport::on_transport_eof() {
  if (!handshake_done_) {
    fail(Error(ExitCode::TlsHandshake,
               "TLS handshake with " + host_ + " failed: connection closed by the server"));
    return;
  }
  if (peer_closed_) return;
  peer_closed_ = true;
  handler_.on_transport_eof();
}

void TlsTransport::on_transport_error(const Error& error) {
  if (failed_) return;
  failed_ = true;
  if (inner_ready_ && !handshake_done_) {
    // A reset or a failed write once TCP is up ends the handshake: curl's 35, not 56 or 55.
    handler_.on_transport_error(
        Error(ExitCode::TlsHandshake, "TLS handshake with " + host_ + " failed: " + error.message));
    return;
  }
  handler_.on_transport_error(error);
}

void TlsTransport::on_transport_closed() {
  handler_.on_transport_closed();
}

bool TlsTransport::on_transport_drained() {
  // mbedTLS hands every record to the inner transport at once: drained there is drained here.
  return handshake_done_ && !failed_ && !closing_ && handler_.on_transport_drained();
}

void TlsTransport::write(std::string_view bytes) {
  if (!handshake_done_ || failed_ || closing_) return;
  while (!bytes.empty()) {
    int n = mbedtls_ssl_write(&ssl_, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n == MBEDTLS_ERR_SSL_WANT_WRITE || n == MBEDTLS_ERR_SSL_WANT_READ) continue;
    fail(
        Error(ExitCode::SendFailed, "TLS write to " + host_ + " failed: " + mbedtls_error_text(n)));
    return;
  }
  flush_output();
}

void TlsTransport::close() {
  if (closing_) return;
  closing_ = true;
  if (handshake_done_ && !failed_ && !peer_closed_) {
    mbedtls_ssl_close_notify(&ssl_);
    flush_output();
  }
  inner_->close();
}

int TlsTransport::bio_send(void* self, const unsigned char* bytes, size_t length) {
  static_cast<TlsTransport*>(self)->cipher_out_.append(reinterpret_cast<const char*>(bytes),
                                                       length);
  return static_cast<int>(length);
}

int TlsTransport::bio_recv(void* self, unsigned char* bytes, size_t length) {
  return static_cast<TlsTransport*>(self)->receive(bytes, length);
}

int TlsTransport::receive(unsigned char* bytes, size_t length) {
  size_t kept = cipher_in_.size() - cipher_in_offset_;
  if (kept > 0) {  // older bytes first
    size_t n = std::min(kept, length);
    std::memcpy(bytes, cipher_in_.data() + cipher_in_offset_, n);
    cipher_in_offset_ += n;
    return static_cast<int>(n);
  }
  if (incoming_.empty()) return MBEDTLS_ERR_SSL_WANT_READ;
  size_t n = std::min(incoming_.size(), length);
  std::memcpy(bytes, incoming_.data(), n);
  incoming_.remove_prefix(n);
  return static_cast<int>(n);
}

void TlsTransport::flush_output() {
  if (cipher_out_.empty()) return;
  inner_->write(cipher_out_);  // the inner transport copies the bytes
  if (cipher_out_.capacity() > kKeptBufferCapacity) {
    std::string().swap(cipher_out_);  // a large body's records: not kept while idle
  } else {
    cipher_out_.clear();
  }
}

void TlsTransport::fail(const Error& error) {
  if (failed_) return;
  failed_ = true;
  handler_.on_transport_error(error);
}

}  // namespace kurl
