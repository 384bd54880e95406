// Which body a request carries and how it is framed: the batch line's own, or the run's
// (held in memory, or read from files and standard input as it is sent).
#pragma once

#include <uv.h>

#include "engine/engine_config.h"
#include "engine/transfer.h"

namespace kurl {

/// curl sends Expect: 100-continue with a POST body larger than this (and with any -T upload
/// that is not empty).
inline constexpr uint64_t kExpectContinueThreshold = 1024 * 1024;

/// Points transfer.request's body at its source and sets its size and method (a batch line's
/// method, -X, HEAD for -I, PUT for -T, POST with a body, else GET). A body that reads no
/// file allocates nothing.
void attach_request_body(const EngineConfig& config, uv_loop_t* loop, Transfer& transfer);

/// True when curl 7.88 would send Expect: 100-continue for this body: every non-empty -T
/// upload, and any other body over kExpectContinueThreshold or of unknown size.
bool wants_expect_continue(bool upload, const Request& request);

/// curl 7.88 answers a 417 to its Expect: 100-continue by sending the request again at once
/// without Expect (its body was never sent). True for such a response, once per request:
/// then the request's headers have lost their Expect and resend_without_expect is set.
bool drop_refused_expect(Transfer& transfer);

/// The error of a resend whose body cannot be read a second time.
Error body_not_rewindable();

}  // namespace kurl
