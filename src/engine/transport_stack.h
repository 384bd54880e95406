// The byte stream a connection runs over: TCP, or a tunnel through a proxy, with TLS on top.
#pragma once

#include <uv.h>

#include <memory>

#include "net/transport.h"

namespace kurl {

struct ConnectionSettings;
class TlsTransport;

/// Builds the transports `settings` ask for, delivering to `handler`; `tls` is set to the
/// TLS layer when there is one (for -v and the statistics), else to nullptr.
std::unique_ptr<Transport> make_transport_stack(uv_loop_t* loop, TransportHandler& handler,
                                                const ConnectionSettings& settings,
                                                TlsTransport*& tls);

}  // namespace kurl
