#include <catch2/catch.hpp>
#include <string>

#include "core/url.h"
#include "engine/http1_session.h"

namespace {

class NullHandler final : public kurl::Http1SessionHandler {
 public:
  void on_session_head(kurl::Transfer&) override {}
  void on_session_interim_head(kurl::Transfer&) override {}
  void on_session_body(kurl::Transfer&, std::string_view) override {}
};

void make_request(kurl::Transfer& transfer, const char* method, std::string_view body) {
  transfer.request.method = method;
  transfer.request.url = *kurl::parse_url("http://h/x");
  transfer.request.headers = {{"Host", "h"}};
  transfer.request.body = body;
  transfer.request.has_body = !body.empty();
}

}  // namespace

TEST_CASE("http1 session: a large body goes in pieces, and nothing is pipelined behind it") {
  NullHandler handler;
  kurl::Http1Session session(handler);
  std::string body(kurl::kBodyPieceBytes * 3 + 1, 'b');
  kurl::Transfer put;
  make_request(put, "PUT", body);
  std::string wire;
  size_t head = session.enqueue(put, wire);
  CHECK(wire.size() == head + kurl::kBodyPieceBytes);
  CHECK(session.writing_body());
  kurl::Transfer get;
  make_request(get, "GET", "");
  CHECK_FALSE(session.can_pipeline(get, 8));
  int pieces = 1;
  while (session.writing_body() && pieces < 10) {
    CHECK(&session.continue_body(wire) == &put);
    ++pieces;
  }
  CHECK(pieces == 4);
  CHECK(wire.size() == head + body.size());
  CHECK(session.can_pipeline(get, 8));
}

TEST_CASE("http1 session: a response before the body was all written cuts it short") {
  NullHandler handler;
  kurl::Http1Session session(handler);
  std::string body(kurl::kBodyPieceBytes * 2, 'b');
  kurl::Transfer post;
  make_request(post, "POST", body);
  std::string wire;
  session.enqueue(post, wire);
  REQUIRE(session.writing_body());
  auto progress = session.feed("HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\n");
  CHECK(progress.step == kurl::Http1Session::Step::ResponseDone);
  CHECK(progress.done == &post);
  CHECK(session.body_cut_short());
  CHECK_FALSE(session.writing_body());  // the rest is never sent
}

TEST_CASE("http1 session: never pipelined behind a HEAD or a non-idempotent request") {
  NullHandler handler;
  kurl::Http1Session session(handler);
  kurl::Transfer head_request, get, post;
  make_request(head_request, "HEAD", "");
  make_request(get, "GET", "");
  make_request(post, "POST", "x");
  std::string wire;
  session.enqueue(head_request, wire);
  CHECK_FALSE(session.can_pipeline(get, 8));
  kurl::Http1Session other(handler);
  other.enqueue(get, wire);
  CHECK(other.can_pipeline(get, 8));
  CHECK_FALSE(other.can_pipeline(post, 8));
  CHECK_FALSE(other.can_pipeline(get, 1));  // the limit counts what is in flight
}
