// TLS (mbedTLS) over another transport, through memory BIO callbacks.
#pragma once

#include <mbedtls/ssl.h>
#include <uv.h>

#include <functional>
#include <memory>
#include <string>

#include "net/tls_context.h"
#include "net/transport.h"

namespace kurl {

/// Builds the transport TLS runs over (plain TCP, or a proxy tunnel), reporting to `handler`.
using InnerTransportFactory = std::function<std::unique_ptr<Transport>(TransportHandler& handler)>;

/// A TLS client session. The BIO receive callback hands mbedTLS the bytes of the inner
/// transport's read while it is being handled (mbedTLS copies them into its record buffer);
/// only bytes it has not taken when the read ends are copied aside. The BIO send callback
/// fills an output buffer written to the inner transport. on_transport_ready fires when the
/// handshake is done. Decrypted bytes go to the handler from the loop's shared plain buffer.
class TlsTransport final : public Transport, private TransportHandler {
 public:
  /// `host` is the name for SNI and verification; `origin` keys the saved session.
  TlsTransport(TransportHandler& handler, const InnerTransportFactory& make_inner,
               TlsContext& context, std::string host, std::string origin);
  ~TlsTransport() override;

  void connect(const sockaddr_storage& address) override;
  void write(std::string_view bytes) override;
  void close() override;
  void pause_reading() override { inner_->pause_reading(); }
  void resume_reading() override { inner_->resume_reading(); }
  uint16_t local_port() const override { return inner_->local_port(); }
  const std::string& local_ip() const override { return inner_->local_ip(); }
  int proxy_connect_status() const override { return inner_->proxy_connect_status(); }
  std::shared_ptr<const PeerCertificates> peer_certificates() const override { return peer_; }
  const TransportTimes& times() const override { return times_; }
  /// True when the handshake resumed a saved session (an abbreviated handshake).
  bool resumed() const { return resumed_; }
  /// "TLSv1.2 / TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384" once the handshake is done.
  std::string description() const;

 private:
  // The inner transport's events.
  void on_transport_ready() override;
  void on_transport_data(std::string_view bytes) override;
  void on_transport_eof() override;
  void on_transport_error(const Error& error) override;
  void on_transport_closed() override;
  bool on_transport_drained() override;
  bool wants_drain() const override { return handshake_done_ && handler_.wants_drain(); }

  static int bio_send(void* self, const unsigned char* bytes, size_t length);
  static int bio_recv(void* self, unsigned char* bytes, size_t length);
  static int verify_certificate(void* self, mbedtls_x509_crt* certificate, int depth,
                                uint32_t* flags);
  int receive(unsigned char* bytes, size_t length);
  void keep_unread_input();
  void continue_handshake();
  void read_application_data();
  void flush_output();
  void fail(const Error& error);

  TransportHandler& handler_;
  TlsContext& context_;
  std::string host_;
  std::string origin_;
  std::unique_ptr<Transport> inner_;
  mbedtls_ssl_context ssl_;
  std::string_view incoming_;  ///< the bytes of the read being handled, not yet taken by mbedTLS
  std::string cipher_in_;      ///< bytes of an earlier read mbedTLS has not taken yet (rare)
  size_t cipher_in_offset_ = 0;
  std::string cipher_out_;    ///< bytes mbedTLS produced, to write to the socket
  std::string certificate_problem_;  ///< what verification found wrong, in words (rarely set)
  bool inner_ready_ = false;  ///< TCP (and the proxy tunnel) is up: failures are the handshake's
  bool handshake_done_ = false;
  bool resumed_ = false;
  bool failed_ = false;
  bool closing_ = false;
  bool peer_closed_ = false;
  TransportTimes times_;
  std::shared_ptr<const PeerCertificates> peer_;  ///< made once, when settings ask for it
};

}  // namespace kurl
