// Base64 encoding, for HTTP Basic credentials.
#pragma once

#include <string>
#include <string_view>

namespace kurl {

/// Standard base64 with padding (RFC 4648 section 4).
std::string base64_encode(std::string_view bytes);

}  // namespace kurl
