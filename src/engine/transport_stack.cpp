#include "engine/transport_stack.h"

#include "engine/connection.h"
#include "net/tls_transport.h"
#include "net/tunnel_transport.h"

namespace kurl {

std::unique_ptr<Transport> make_transport_stack(uv_loop_t* loop, TransportHandler& handler,
                                                const ConnectionSettings& settings,
                                                TlsTransport*& tls) {
  auto plain = [loop, &settings](TransportHandler& inner) -> std::unique_ptr<Transport> {
    if (!settings.tunnel_authority.empty()) {
      return std::make_unique<TunnelTransport>(loop, inner, settings.tcp, settings.tunnel_authority,
                                               settings.proxy_authorization);
    }
    return std::make_unique<TcpTransport>(loop, inner, settings.tcp);
  };
  if (!settings.tls) {
    tls = nullptr;
    return plain(handler);
  }
  auto layered =
      std::make_unique<TlsTransport>(handler, plain, *settings.tls, settings.tls_host, settings.origin);
  tls = layered.get();
  return layered;
}

}  // namespace kurl
