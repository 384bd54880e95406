#include "output/verbose_log.h"

#include <string>

namespace kurl {

namespace {

std::string bracketed_if_v6(std::string_view ip) {
  return ip.find(':') != std::string_view::npos ? "[" + std::string(ip) + "]" : std::string(ip);
}

}  // namespace

void VerboseLog::on_connection_event(const ConnectionEvent& e) {
  auto host = static_cast<int>(e.host.size());
  auto ip = static_cast<int>(e.ip.size());
  unsigned long long id = e.id;
  switch (e.kind) {
    case ConnectionEvent::Kind::Trying:
      std::fprintf(stream_, "*   Trying %s:%u...\n", bracketed_if_v6(e.ip).c_str(), e.port);
      break;
    case ConnectionEvent::Kind::Connected:
      std::fprintf(stream_, "* Connected to %.*s (%.*s) port %u (#%llu)\n", host, e.host.data(), ip,
                   e.ip.data(), e.port, id);
      if (e.tls) {
        std::fprintf(stream_, "* SSL connection using %.*s%s\n", static_cast<int>(e.detail.size()),
                     e.detail.data(), e.tls_resumed ? " (session resumed)" : "");
      }
      break;
    case ConnectionEvent::Kind::Reused:
      std::fprintf(stream_, "* Re-using existing connection #%llu with host %.*s\n", id, host,
                   e.host.data());
      break;
    case ConnectionEvent::Kind::LeftIntact:
      std::fprintf(stream_, "* Connection #%llu to host %.*s left intact\n", id, host,
                   e.host.data());
      break;
    case ConnectionEvent::Kind::Closed:
      if (e.detail.empty()) {
        std::fprintf(stream_, "* Closing connection #%llu (%s)\n", id,
                     close_reason_words(e.reason));
      } else {
        std::fprintf(stream_, "* Closing connection #%llu (%s: %.*s)\n", id,
                     close_reason_words(e.reason), static_cast<int>(e.detail.size()),
                     e.detail.data());
      }
      break;
  }
}

void VerboseLog::on_request_sent(const RequestSent& e) {
  std::string_view head = e.head;
  while (!head.empty()) {
    size_t end = head.find("\r\n");
    std::string_view line = head.substr(0, end);
    std::fprintf(stream_, "> %.*s\n", static_cast<int>(line.size()), line.data());
    if (end == std::string_view::npos) break;
    head.remove_prefix(end + 2);
  }
}

void VerboseLog::on_response_head(const ResponseHead& e) {
  const Response& r = *e.response;
  std::fprintf(stream_, "< %s\n", r.status_line().c_str());
  for (size_t i = 0; i < r.headers.size(); ++i) {
    std::string_view name = r.headers.name(i);
    std::string_view value = r.headers.value(i);
    std::fprintf(stream_, "< %.*s: %.*s\n", static_cast<int>(name.size()), name.data(),
                 static_cast<int>(value.size()), value.data());
  }
  std::fprintf(stream_, "<\n");
}

void VerboseLog::on_retry(uint64_t index, bool stale) {
  std::fprintf(stream_, "* Request %llu: %s; sending it again on a new connection\n",
               static_cast<unsigned long long>(index),
               stale ? "the reused connection was stale" : "the pipelined connection died");
}

}  // namespace kurl
