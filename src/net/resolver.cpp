#include "net/resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>

namespace kurl {

namespace {

int address_family(IpFamily family) {
  switch (family) {
    case IpFamily::V4:
      return AF_INET;
    case IpFamily::V6:
      return AF_INET6;
    case IpFamily::Any:
      break;
  }
  return AF_UNSPEC;
}

// sun_path for a path, or "\0name" for the abstract namespace; false when it does not fit.
bool unix_address(const Destination& target, sockaddr_storage& out) {
  auto* un = reinterpret_cast<sockaddr_un*>(&out);
  size_t offset = target.abstract_unix ? 1 : 0;
  if (target.unix_socket.size() + offset >= sizeof un->sun_path) return false;
  un->sun_family = AF_UNIX;
  std::memcpy(un->sun_path + offset, target.unix_socket.data(), target.unix_socket.size());
  return true;
}

}  // namespace

AddressList known_addresses(const Destination& target) {
  AddressList out;
  sockaddr_storage address{};
  if (!target.unix_socket.empty()) {
    if (unix_address(target, address)) out.push_back(address);
    return out;
  }
  int wanted = address_family(target.family);
  for (const std::string& text : target.addresses) {
    address = {};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    if (uv_ip4_addr(text.c_str(), target.port, v4) != 0 &&
        uv_ip6_addr(text.c_str(), target.port, v6) != 0)
      continue;
    if (wanted == AF_UNSPEC || wanted == address.ss_family) out.push_back(address);
  }
  return out;
}

Resolution* Resolution::start(uv_loop_t* loop, const Destination& target, Callback callback) {
  auto* self = new Resolution;
  self->callback_ = std::move(callback);
  self->host_ = target.unix_socket.empty() ? target.host : target.unix_socket;
  if (!target.unix_socket.empty() || !target.addresses.empty()) {
    self->start_known(loop, target);
    return self;
  }
  const std::string& host = target.host;
  uint16_t port = target.port;
  self->request_.data = self;
  self->looking_up_ = true;
  addrinfo hints{};
  hints.ai_family = address_family(target.family);
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_ADDRCONFIG;
  // A literal address needs no lookup: AI_NUMERICHOST keeps it off the network.
  in6_addr scratch;
  if (inet_pton(AF_INET, host.c_str(), &scratch) == 1 ||
      inet_pton(AF_INET6, host.c_str(), &scratch) == 1) {
    hints.ai_flags = AI_NUMERICHOST;
  }
  std::string service = std::to_string(port);
  int rc = uv_getaddrinfo(loop, &self->request_, &Resolution::on_resolved, host.c_str(),
                          service.c_str(), &hints);
  if (rc != 0) {
    // Report asynchronously-shaped but immediately; the caller expects the callback once.
    Callback cb = std::move(self->callback_);
    std::string name = self->host_;
    delete self;
    cb(Error(ExitCode::HostNotResolved,
             "could not resolve host: " + name + " (" + uv_strerror(rc) + ")"),
       {});
    return nullptr;
  }
  return self;
}

// Known addresses still reach the owner on a later loop turn, as a lookup's would, so a
// start function never calls back before it has returned.
void Resolution::start_known(uv_loop_t* loop, const Destination& target) {
  known_ = known_addresses(target);
  unix_socket_ = !target.unix_socket.empty();
  uv_timer_init(loop, &known_timer_);
  known_timer_.data = this;
  uv_timer_start(&known_timer_, &Resolution::on_known, 0, 0);
}

void Resolution::on_known(uv_timer_t* timer) {
  auto* self = static_cast<Resolution*>(timer->data);
  uv_close(reinterpret_cast<uv_handle_t*>(timer),
           [](uv_handle_t* handle) { delete static_cast<Resolution*>(handle->data); });
  Callback callback = std::move(self->callback_);
  if (!callback) return;
  if (self->known_.empty() && self->unix_socket_) {
    callback(Error(ExitCode::ConnectFailed, "unix socket path too long: " + self->host_), {});
    return;
  }
  if (self->known_.empty()) {
    callback(Error(ExitCode::HostNotResolved, "could not resolve host: " + self->host_), {});
    return;
  }
  callback(Error(), std::move(self->known_));
}

void Resolution::cancel() {
  callback_ = nullptr;
  if (!looking_up_) return;  // the timer fires, finds no callback and frees the request
  // Not started yet: drop it from the thread pool queue (the callback then runs with
  // UV_ECANCELED and frees the request); already running: it finishes and is ignored.
  uv_cancel(reinterpret_cast<uv_req_t*>(&request_));
}

void Resolution::on_resolved(uv_getaddrinfo_t* req, int status, addrinfo* res) {
  auto* self = static_cast<Resolution*>(req->data);
  Callback callback = std::move(self->callback_);
  std::string host = std::move(self->host_);
  delete self;
  AddressList addresses;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    sockaddr_storage address{};
    std::memcpy(&address, ai->ai_addr, ai->ai_addrlen);
    addresses.push_back(address);
  }
  if (res) uv_freeaddrinfo(res);
  if (!callback) return;
  if (status != 0 || addresses.empty()) {
    callback(Error(ExitCode::HostNotResolved, "could not resolve host: " + host), {});
    return;
  }
  callback(Error(), std::move(addresses));
}

std::string address_to_string(const sockaddr_storage& address) {
  if (address.ss_family == AF_UNIX) {
    const auto& un = reinterpret_cast<const sockaddr_un&>(address);
    if (un.sun_path[0] != '\0') return un.sun_path;
    return "@" + std::string(un.sun_path + 1, strnlen(un.sun_path + 1, sizeof un.sun_path - 1));
  }
  char buf[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    uv_ip4_name(reinterpret_cast<const sockaddr_in*>(&address), buf, sizeof buf);
  } else if (address.ss_family == AF_INET6) {
    uv_ip6_name(reinterpret_cast<const sockaddr_in6*>(&address), buf, sizeof buf);
  }
  return buf;
}

uint16_t address_port(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  }
  return 0;
}

}  // namespace kurl
