#include "net/tunnel_transport.h"

namespace kurl {

int parse_proxy_reply_status(std::string_view head) {
  if (!head.starts_with("HTTP/1.")) return 0;
  size_t space = head.find(' ');
  if (space == std::string_view::npos || head.size() < space + 4) return 0;
  int status = 0;
  for (size_t i = space + 1; i < space + 4; ++i) {
    if (head[i] < '0' || head[i] > '9') return 0;
    status = status * 10 + (head[i] - '0');
  }
  return status;
}

TunnelTransport::TunnelTransport(uv_loop_t* loop, TransportHandler& handler,
                                 const TcpOptions& options, std::string authority,
                                 std::string proxy_authorization)
    : handler_(handler),
      inner_(std::make_unique<TcpTransport>(loop, static_cast<TransportHandler&>(*this), options)),
      authority_(std::move(authority)),
      proxy_authorization_(std::move(proxy_authorization)) {}

void TunnelTransport::on_transport_ready() {
  std::string request = "CONNECT " + authority_ + " HTTP/1.1\r\nHost: " + authority_ + "\r\n";
  if (!proxy_authorization_.empty())
    request += "Proxy-Authorization: " + proxy_authorization_ + "\r\n";
  request += "Proxy-Connection: Keep-Alive\r\n\r\n";
  inner_->write(request);
}

void TunnelTransport::on_transport_data(std::string_view bytes) {
  if (established_) {
    handler_.on_transport_data(bytes);
    return;
  }
  reply_.append(bytes);
  size_t end = reply_.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (reply_.size() > kMaxProxyReplyBytes) {
      fail(Error(ExitCode::RecvFailed, "proxy reply to CONNECT " + authority_ + " is too large"));
    }
    return;
  }
  int status = parse_proxy_reply_status(reply_);
  connect_status_ = status;
  if (status < 200 || status > 299) {
    std::string line = reply_.substr(0, reply_.find("\r\n"));
    fail(Error(ExitCode::RecvFailed,
               "CONNECT tunnel to " + authority_ +
                   " failed, proxy replied: " + (status == 0 ? "a malformed reply" : line)));
    return;
  }
  established_ = true;
  std::string rest = reply_.substr(end + 4);
  reply_.clear();
  reply_.shrink_to_fit();
  handler_.on_transport_ready();
  if (!rest.empty() && !failed_) handler_.on_transport_data(rest);
}

void TunnelTransport::on_transport_eof() {
  if (!established_) {
    fail(Error(ExitCode::RecvFailed, "proxy closed the connection before the CONNECT to " +
                                         authority_ + " was answered"));
    return;
  }
  handler_.on_transport_eof();
}

void TunnelTransport::on_transport_error(const Error& error) {
  fail(error);
}

void TunnelTransport::write(std::string_view bytes) {
  if (established_) inner_->write(bytes);
}

void TunnelTransport::fail(const Error& error) {
  if (failed_) return;
  failed_ = true;
  handler_.on_transport_error(error);
}

}  // namespace kurl
