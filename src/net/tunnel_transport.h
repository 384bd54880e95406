// An HTTP CONNECT tunnel through a proxy: after the proxy's 2xx, bytes pass straight through.
#pragma once

#include <uv.h>

#include <memory>
#include <string>

#include "net/tcp_transport.h"
#include "net/transport.h"

namespace kurl {

/// Connects to the proxy, asks it for a tunnel to `authority` ("host:port") and reports
/// ready once the proxy agreed. A refusal is exit 56 naming the proxy's status.
class TunnelTransport final : public Transport, private TransportHandler {
 public:
  /// `proxy_authorization` is the full header value ("Basic ..."), or "" for none.
  TunnelTransport(uv_loop_t* loop, TransportHandler& handler, const TcpOptions& options,
                  std::string authority, std::string proxy_authorization);

  void connect(const sockaddr_storage& address) override { inner_->connect(address); }
  void write(std::string_view bytes) override;
  void close() override { inner_->close(); }
  void pause_reading() override { inner_->pause_reading(); }
  void resume_reading() override { inner_->resume_reading(); }
  uint16_t local_port() const override { return inner_->local_port(); }
  const std::string& local_ip() const override { return inner_->local_ip(); }
  int proxy_connect_status() const override { return connect_status_; }
  const TransportTimes& times() const override { return inner_->times(); }

 private:
  void on_transport_ready() override;
  void on_transport_data(std::string_view bytes) override;
  void on_transport_eof() override;
  void on_transport_error(const Error& error) override;
  void on_transport_closed() override { handler_.on_transport_closed(); }
  bool on_transport_drained() override { return established_ && handler_.on_transport_drained(); }
  bool wants_drain() const override { return established_ && handler_.wants_drain(); }
  void fail(const Error& error);

  /// The longest proxy reply head kurl reads before giving up.
  static constexpr size_t kMaxProxyReplyBytes = 64 * 1024;

  TransportHandler& handler_;
  std::unique_ptr<TcpTransport> inner_;
  std::string authority_;
  std::string proxy_authorization_;
  std::string reply_;
  bool established_ = false;
  int connect_status_ = 0;  ///< the proxy's answer to CONNECT, once it came
  bool failed_ = false;
};

/// The status code of a proxy's reply head ("HTTP/1.1 200 Connection established"), 0 if malformed.
int parse_proxy_reply_status(std::string_view head);

}  // namespace kurl
