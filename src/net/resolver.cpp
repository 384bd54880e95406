#include "net/resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>

namespace kurl {

Resolution* Resolution::start(uv_loop_t* loop, const std::string& host, uint16_t port,
                              Callback callback) {
  auto* self = new Resolution;
  self->callback_ = std::move(callback);
  self->host_ = host;
  self->request_.data = self;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
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

void Resolution::cancel() {
  callback_ = nullptr;
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
