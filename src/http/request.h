// An HTTP/1.1 request as kurl sends it, and its serialisation into a reusable buffer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/url.h"
#include "http/headers.h"

namespace kurl {

/// One request on the wire: what the engine hands to a connection.
struct Request {
  std::string method = "GET";
  Url url;
  std::vector<Header> headers;  ///< final header list, Host first (see build_request_headers)
  /// The body's bytes, held by whoever made the request (the run's -d data, a batch line):
  /// never copied per request, so a large body is in memory once.
  std::string_view body;
  bool has_body = false;
  bool absolute_form = false;  ///< request-target as an absolute URL (plain HTTP via a proxy)
  bool chunked = false;        ///< the body goes chunk-encoded (the user asked for it)
  bool http10 = false;         ///< -0: the request line says HTTP/1.0

  /// True for methods whose response has no body whatever its headers say.
  bool is_head() const { return method == "HEAD"; }
};

/// What goes into the default headers; the rest of a request's headers are user edits.
struct HeaderDefaults {
  std::string user_agent;         ///< "" = do not send
  std::string referer;            ///< "" = do not send
  std::string authorization;      ///< full header value, "" = none
  std::string content_type;       ///< for a body without a user Content-Type, "" = none
  std::string accept = "*/*";     ///< curl sends Accept: */*
  bool connection_close = false;  ///< --keepalive=0: ask the server to close
};

/// Fills `out` with the headers curl would send for `url`: Host, User-Agent, Accept, the
/// optional defaults, then `edits` applied on top (override, remove, add).
void build_request_headers(const Url& url, const HeaderDefaults& defaults,
                           const std::vector<HeaderEdit>& edits, bool has_body, size_t body_length,
                           std::vector<Header>& out);

/// Call once every header edit is applied: a Transfer-Encoding header from the user means
/// kurl frames the body as chunked itself, so no Content-Length goes with it (never both
/// framings on the wire).
void settle_body_framing(Request& request);

/// Appends only the head (request line and headers, ending in an empty line) to `out`.
void serialize_request_head(const Request& request, std::string& out);

/// The most body bytes written at once: a larger body goes in pieces as the socket drains,
/// so what waits to be sent stays this small whatever the body's size.
inline constexpr size_t kBodyPieceBytes = 256 * 1024;

/// Appends the body bytes from `offset` on, at most kBodyPieceBytes of them, as they go on
/// the wire after the head: as they are, or as one chunk (with the last chunk once the end is
/// reached), and moves `offset` past them. True once the whole body is written (at once for
/// an empty body; an empty chunked body is its last chunk alone).
bool serialize_body_piece(const Request& request, size_t& offset, std::string& out);

/// The bytes the body takes on the wire in pieces of kBodyPieceBytes, framing included.
uint64_t wire_body_size(const Request& request);

}  // namespace kurl
