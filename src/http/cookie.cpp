#include "http/cookie.h"

#include <arpa/inet.h>

#include <string>

#include "core/text.h"

namespace kurl {

bool is_ip_address(std::string_view host) {
  std::string text(host);
  unsigned char address[16];
  return inet_pton(AF_INET, text.c_str(), address) == 1 ||
         inet_pton(AF_INET6, text.c_str(), address) == 1;
}

bool is_secure_cookie_context(std::string_view scheme, std::string_view host) {
  return scheme == "https" || iequals(host, "localhost") || host == "127.0.0.1" || host == "::1";
}

}  // namespace kurl
