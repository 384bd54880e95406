// Asynchronous name resolution with uv_getaddrinfo.
#pragma once

#include <sys/socket.h>
#include <uv.h>

#include <functional>
#include <string>
#include <vector>

#include "core/connect_rules.h"
#include "core/error.h"

namespace kurl {

/// The addresses of one host, in the order the resolver gave them.
using AddressList = std::vector<sockaddr_storage>;

/// One pending lookup. The owner may cancel() it at any time; the callback then never runs.
class Resolution {
 public:
  using Callback = std::function<void(Error, AddressList)>;
  /// Starts finding the addresses of `target`: its --resolve addresses or its unix socket
  /// without a lookup (reported on the next loop turn), else uv_getaddrinfo of its host,
  /// limited to its family (-4, -6). `callback` runs on the loop with the result.
  static Resolution* start(uv_loop_t* loop, const Destination& target, Callback callback);
  /// Forgets the callback; the request frees itself when libuv is done with it.
  void cancel();

 private:
  static void on_resolved(uv_getaddrinfo_t* req, int status, addrinfo* res);
  static void on_known(uv_timer_t* timer);
  void start_known(uv_loop_t* loop, const Destination& target);
  uv_getaddrinfo_t request_{};
  uv_timer_t known_timer_{};  ///< delivers addresses known without a lookup
  bool looking_up_ = false;   ///< request_ is with the thread pool
  bool unix_socket_ = false;  ///< host_ is a unix socket path
  Callback callback_;
  std::string host_;
  AddressList known_;
};

/// The addresses --resolve gave (numeric, so no lookup), those of another family than
/// `family` left out; a unix socket path as one AF_UNIX address.
AddressList known_addresses(const Destination& target);

/// "127.0.0.1" or "::1" for an address; a unix socket's path ("@name" for an abstract one).
std::string address_to_string(const sockaddr_storage& address);
/// The port of an address in host byte order.
uint16_t address_port(const sockaddr_storage& address);

}  // namespace kurl
