#include "engine/reuse_close.h"

namespace kurl {

ReuseClose close_for_verdict(ReuseVerdict verdict) {
  switch (verdict) {
    case ReuseVerdict::TrailingBytes:
      return {CloseReason::Error,
              Error(ExitCode::RecvFailed, "unexpected bytes after the response")};
    case ReuseVerdict::UnsureFraming:
      return {CloseReason::Error,
              Error(ExitCode::RecvFailed,
                    "a bodiless response announced a body; the requests pipelined behind it "
                    "go on a new connection")};
    case ReuseVerdict::BodyUnsent:
      return {CloseReason::Error, Error(ExitCode::RecvFailed,
                                        "the response came before the request body was all sent")};
    case ReuseVerdict::Reusable:
    case ReuseVerdict::ServerClose:
    case ReuseVerdict::Http10:
    case ReuseVerdict::CloseDelimited:
      break;
  }
  return {CloseReason::ServerClose, Error()};
}

}  // namespace kurl
