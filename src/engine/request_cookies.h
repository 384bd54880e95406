// The cookie engine's two hooks in a request's life: the Cookie header before the head is
// written, and the Set-Cookie lines of every response (redirect hops and retried ones too).
#pragma once

#include <string>

#include "http/cookie_jar.h"
#include "http/request.h"
#include "http/response.h"

namespace kurl {

/// The run's cookies as the engine uses them. Off (nothing done per request) by default.
struct CookieSettings {
  /// The cookie engine, on with -b FILE or -c: cookies received are kept and sent. Owned by
  /// main, which loads it before the run and writes the jar after; null = off.
  CookieJar* jar = nullptr;
  /// -b 'name=value; n2=v2' literal cookies, joined with "; ": sent on every request, to
  /// every host, after the jar's, unless the user's headers carry a Cookie (curl's rules).
  std::string literal;
  /// -c with -b FILE: curl reads its -b files again each time it writes the jar, which it
  /// does after every command-line URL, so the next URL sees them again (deleted ones too).
  bool restore_file_cookies = false;

  bool active() const { return jar != nullptr || !literal.empty(); }
};

/// Adds the request's Cookie header after the default headers: the jar's cookies for the
/// request's host (its Host header, as curl takes it), path and scheme, then the literal ones
/// unless `run_edits` (-H) or `line_edits` (the batch line's) name Cookie. A Cookie header of
/// the user's own stays as it is, beside this one. On a `first_hop` (not a redirect), with
/// restore_file_cookies, the -b files' cookies are added again first.
void add_cookie_header(const CookieSettings& cookies, const std::vector<HeaderEdit>& run_edits,
                       const std::vector<HeaderEdit>& line_edits, bool first_hop, Request& request);

/// Stores the cookies the Set-Cookie lines of `response` set, for the request that got it
/// (at most kMaxSetCookiesPerResponse of them, as curl).
void store_response_cookies(const CookieSettings& cookies, const Request& request,
                            const Response& response);

}  // namespace kurl
