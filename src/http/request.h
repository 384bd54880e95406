// An HTTP/1.1 request as kurl sends it, and its serialisation into a reusable buffer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/url.h"
#include "http/body.h"
#include "http/headers.h"

namespace kurl {

/// One request on the wire: what the engine hands to a connection.
struct Request {
  std::string method = "GET";
  Url url;
  std::vector<Header> headers;  ///< final header list, Host first (see build_request_headers)
  /// Where the body's bytes come from (a string held once, a file, standard input, a form),
  /// pulled as the socket drains; set whenever has_body.
  BodyStream* body = nullptr;
  bool has_body = false;
  uint64_t body_length = 0;       ///< the body's size, when body_length_known
  bool body_length_known = true;  ///< false for standard input (-T -): it goes chunked
  bool expect_continue = false;  ///< it sends Expect: 100-continue: the body waits for the 100
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

/// What writing one piece of a body did.
enum class BodyStep {
  Done,     ///< the whole body is written (the last chunk too when chunked)
  More,     ///< a piece was appended; more follows once the socket has taken it
  Waiting,  ///< nothing appended: the body's source has no bytes ready yet
  Failed,   ///< the source failed, or ended before the size the head announced
};

/// Appends the next piece of the body, at most kBodyPieceBytes, as it goes on the wire after
/// the head: as it is, or as one chunk (with the last chunk once the end is reached).
/// `sent` counts the body bytes written so far. A body of known size is done as soon as its
/// last byte is appended, so nothing waits on a drain that would hold the connection busy.
BodyStep serialize_body_piece(const Request& request, uint64_t& sent, std::string& out);

}  // namespace kurl
