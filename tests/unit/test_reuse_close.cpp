#include <catch2/catch.hpp>

#include "engine/reuse_close.h"

using kurl::CloseReason;
using kurl::ReuseVerdict;

TEST_CASE("reuse close: what the server decided counts as a server close") {
  for (ReuseVerdict verdict :
       {ReuseVerdict::ServerClose, ReuseVerdict::Http10, ReuseVerdict::CloseDelimited}) {
    kurl::ReuseClose close = kurl::close_for_verdict(verdict);
    CHECK(close.reason == CloseReason::ServerClose);
    CHECK(close.error.ok());
  }
}

TEST_CASE("reuse close: framing kurl cannot trust is an error close with its words") {
  kurl::ReuseClose trailing = kurl::close_for_verdict(ReuseVerdict::TrailingBytes);
  CHECK(trailing.reason == CloseReason::Error);
  CHECK(trailing.error.message == "unexpected bytes after the response");
  kurl::ReuseClose unsure = kurl::close_for_verdict(ReuseVerdict::UnsureFraming);
  CHECK(unsure.reason == CloseReason::Error);
  CHECK(unsure.error.code == kurl::ExitCode::RecvFailed);
  CHECK(unsure.error.message.find("announced a body") != std::string::npos);
}
