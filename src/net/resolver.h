// Asynchronous name resolution with uv_getaddrinfo.
#pragma once

#include <sys/socket.h>
#include <uv.h>

#include <functional>
#include <string>
#include <vector>

#include "core/error.h"

namespace kurl {

/// The addresses of one host, in the order the resolver gave them.
using AddressList = std::vector<sockaddr_storage>;

/// One pending lookup. The owner may cancel() it at any time; the callback then never runs.
class Resolution {
 public:
  using Callback = std::function<void(Error, AddressList)>;
  /// Starts resolving `host` for `port`; `callback` runs on the loop with the result.
  static Resolution* start(uv_loop_t* loop, const std::string& host, uint16_t port,
                           Callback callback);
  /// Forgets the callback; the request frees itself when libuv is done with it.
  void cancel();

 private:
  static void on_resolved(uv_getaddrinfo_t* req, int status, addrinfo* res);
  uv_getaddrinfo_t request_{};
  Callback callback_;
  std::string host_;
};

/// "127.0.0.1" or "::1" for an address.
std::string address_to_string(const sockaddr_storage& address);
/// The port of an address in host byte order.
uint16_t address_port(const sockaddr_storage& address);

}  // namespace kurl
