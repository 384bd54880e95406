// The one place that decides what a request head may contain, so that every head kurl
// writes is valid HTTP/1.1 whatever the input: a batch line, a flag, a config value, a
// cookie, a redirect. Nothing that could end a line or a head reaches the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.h"

namespace kurl {

/// RFC 9110 5.6.2 token: one or more tchar (letters, digits and !#$%&'*+-.^_`|~).
bool is_token(std::string_view text);

/// A header value kurl will send (RFC 9110 5.5): no control byte but tab, so never CR, LF or
/// NUL, which would end the line or the head.
bool is_field_value(std::string_view text);

/// Why `name: value` may not be sent, or nullopt when it may. Messages never repeat the
/// offending bytes: they name them ("contains CR").
std::optional<std::string> header_problem(std::string_view name, std::string_view value);

/// Why `method` may not be sent, or nullopt when it may.
std::optional<std::string> method_problem(std::string_view method);

/// Why a Content-Length of `value` may not go with a body of `body_size` bytes.
std::optional<std::string> content_length_problem(std::string_view value, uint64_t body_size);

/// Why `request` may not be written, or nullopt when it may: its method, target and every
/// header line, and its framing (one Content-Length equal to the body's size, or
/// Transfer-Encoding: chunked alone, never both).
std::optional<std::string> request_head_problem(const Request& request);

}  // namespace kurl
