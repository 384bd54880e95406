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
  transfer.string_body.reset(body);
  transfer.request.body = &transfer.string_body;
  transfer.request.body_length = body.size();
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
  size_t head = session.enqueue(put, wire).head_length;
  CHECK(wire.size() == head + kurl::kBodyPieceBytes);
  CHECK(session.writing_body());
  kurl::Transfer get;
  make_request(get, "GET", "");
  CHECK_FALSE(session.can_pipeline(get, 8));
  int pieces = 1;
  while (session.writing_body() && pieces < 10) {
    CHECK(&session.body_owner() == &put);
    session.continue_body(wire);
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

// A PUT of "payload" with Expect: 100-continue, enqueued on `session`.
static kurl::Http1Session::Enqueued enqueue_expecting(kurl::Http1Session& session, kurl::Transfer& put,
                                                      std::string& wire) {
  make_request(put, "PUT", "payload");
  put.request.expect_continue = true;
  return session.enqueue(put, wire);
}

TEST_CASE("http1 session: with Expect: 100-continue the body waits for the 100") {
  NullHandler handler;
  kurl::Http1Session session(handler);
  kurl::Transfer put;
  std::string wire;
  kurl::Http1Session::Enqueued enqueued = enqueue_expecting(session, put, wire);
  CHECK(enqueued.body == kurl::BodyStep::Waiting);
  CHECK(wire.size() == enqueued.head_length);  // the head alone
  CHECK(session.awaiting_continue());
  CHECK(session.continue_body(wire) == kurl::BodyStep::Waiting);
  auto progress = session.feed("HTTP/1.1 100 Continue\r\n\r\n");
  CHECK(progress.step == kurl::Http1Session::Step::NeedMore);
  CHECK_FALSE(session.awaiting_continue());
  CHECK(session.continue_body(wire) == kurl::BodyStep::Done);
  CHECK(wire.ends_with("\r\n\r\npayload"));
  CHECK(put.body_bytes_sent == 7);
}

TEST_CASE("http1 session: a final answer instead of the 100 means the body is never sent") {
  NullHandler handler;
  kurl::Http1Session session(handler);
  kurl::Transfer put;
  std::string wire;
  enqueue_expecting(session, put, wire);
  auto progress = session.feed("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n");
  CHECK(progress.step == kurl::Http1Session::Step::ResponseDone);
  CHECK(session.body_cut_short());  // the connection closes: its framing is unknown to the server
  CHECK_FALSE(session.writing_body());
  CHECK(put.body_bytes_sent == 0);
}

TEST_CASE("http1 session: waiting out the 100 sends the body anyway") {
  NullHandler handler;
  kurl::Http1Session session(handler);
  kurl::Transfer put;
  std::string wire;
  enqueue_expecting(session, put, wire);
  session.release_continue();
  CHECK(session.continue_body(wire) == kurl::BodyStep::Done);
  CHECK(wire.ends_with("payload"));
}
