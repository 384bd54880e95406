// The byte stream under a connection: plain TCP today, TLS over TCP beside it.
#pragma once

#include <sys/socket.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/peer_certificates.h"

namespace kurl {

/// What a transport tells its owner. Callbacks run on the loop thread; the owner may destroy
/// the transport only from on_transport_closed().
class TransportHandler {
 public:
  virtual ~TransportHandler() = default;
  /// The stream is ready for application bytes (TCP connected, TLS handshake done).
  virtual void on_transport_ready() = 0;
  /// Application bytes arrived (valid only during the call).
  virtual void on_transport_data(std::string_view bytes) = 0;
  /// The peer closed its side cleanly.
  virtual void on_transport_eof() = 0;
  /// Connecting, reading or writing failed; `error` carries the exit code.
  virtual void on_transport_error(const Error& error) = 0;
  /// Every handle is closed: the owner may now free the transport.
  virtual void on_transport_closed() = 0;
  /// Everything written so far has gone to the kernel: a good time to write more of a body.
  /// Returns true while more is to be written soon (a body whose source is still reading),
  /// so the transport keeps its write buffers for it.
  virtual bool on_transport_drained() { return false; }
  /// True while the handler is streaming a body and so needs on_transport_drained after
  /// each write. Otherwise a transport may write at once, with no completion to report.
  virtual bool wants_drain() const { return false; }
};

/// Timing marks a transport records for -w and --report.
struct TransportTimes {
  double connected = 0;  ///< TCP connect finished (monotonic seconds), 0 if not yet
  double ready = 0;      ///< ready for application data (after TLS), 0 if not yet
};

/// A connected byte stream. write() copies the bytes, so the caller's buffer may be reused.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Starts connecting to `address`; ends in on_transport_ready or on_transport_error.
  virtual void connect(const sockaddr_storage& address) = 0;
  /// Queues application bytes for sending.
  virtual void write(std::string_view bytes) = 0;
  /// Closes the stream; idempotent. on_transport_closed follows once.
  virtual void close() = 0;
  /// Stops delivering data until resume_reading() (back-pressure from a slow sink).
  virtual void pause_reading() = 0;
  virtual void resume_reading() = 0;
  /// The local port once connected, 0 before.
  virtual uint16_t local_port() const = 0;
  /// The local address once connected ("127.0.0.1"), "" before.
  virtual const std::string& local_ip() const = 0;
  /// The status of the proxy's answer to CONNECT (curl's http_connect), 0 without a tunnel.
  virtual int proxy_connect_status() const { return 0; }
  /// The server's certificates when TLS was asked to describe them (-w), else nullptr.
  virtual std::shared_ptr<const PeerCertificates> peer_certificates() const { return nullptr; }
  virtual const TransportTimes& times() const = 0;
};

}  // namespace kurl
