// How a connection is closed when its last response forbids reuse.
#pragma once

#include "core/error.h"
#include "engine/observer.h"
#include "http/reuse_policy.h"

namespace kurl {

/// The close reason counted in the statistics, and the error that the requests still in
/// flight fail with (and that -v shows when kurl itself decided to close).
struct ReuseClose {
  CloseReason reason = CloseReason::ServerClose;
  Error error;  ///< ok: the usual "connection closed before the response"
};

/// The close for a verdict other than Reusable.
ReuseClose close_for_verdict(ReuseVerdict verdict);

}  // namespace kurl
