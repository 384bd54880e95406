#include "engine/http1_session.h"

#include "engine/retry_policy.h"

namespace kurl {

Http1Session::Http1Session(Http1SessionHandler& handler) : handler_(handler), parser_(*this) {}

Http1Session::Enqueued Http1Session::enqueue(Transfer& transfer, std::string& out) {
  fifo_.push_back(&transfer);
  if (fifo_.size() == 1) expect_front();
  size_t before = out.size();
  serialize_request_head(transfer.request, out);
  size_t head_length = out.size() - before;
  transfer.body_bytes_sent = 0;
  writing_ = &transfer;
  awaiting_continue_ = transfer.request.expect_continue;
  return Enqueued{head_length, continue_body(out)};
}

BodyStep Http1Session::continue_body(std::string& out) {
  if (awaiting_continue_) return BodyStep::Waiting;
  BodyStep step = serialize_body_piece(writing_->request, writing_->body_bytes_sent, out);
  if (step == BodyStep::Done) stop_writing();
  return step;
}

void Http1Session::stop_writing() {
  if (writing_ && writing_->request.body) writing_->request.body->set_waker(nullptr);
  writing_ = nullptr;
  awaiting_continue_ = false;
}

bool Http1Session::can_pipeline(const Transfer& transfer, unsigned limit) const {
  if (writing_ || fifo_.size() >= limit || !is_idempotent(transfer.request.method)) return false;
  for (const Transfer* queued : fifo_) {
    if (!is_idempotent(queued->request.method) || queued->request.is_head()) return false;
  }
  return true;
}

void Http1Session::expect_front() {
  Transfer& front = *fifo_.front();
  parser_.expect(front.response, front.request.is_head());
}

Http1Session::Progress Http1Session::feed(std::string_view bytes) {
  if (fifo_.empty()) return Progress{Step::Failed, 0, nullptr};
  ResponseParser::FeedResult result = parser_.feed(bytes);
  switch (result.status) {
    case ResponseParser::Status::NeedMore:
      return Progress{Step::NeedMore, result.consumed, nullptr};
    case ResponseParser::Status::Failed:
      return Progress{Step::Failed, 0, nullptr};
    case ResponseParser::Status::Complete:
      break;
  }
  Transfer* done = fifo_.front();
  fifo_.pop_front();
  body_cut_short_ = done == writing_;
  if (body_cut_short_) stop_writing();  // the server answered early: stop sending it
  if (!fifo_.empty()) expect_front();
  return Progress{Step::ResponseDone, result.consumed, done};
}

Http1Session::Progress Http1Session::finish() {
  if (fifo_.empty()) return Progress{Step::Failed, 0, nullptr};
  ResponseParser::FeedResult result = parser_.finish();
  if (result.status != ResponseParser::Status::Complete) return Progress{Step::Failed, 0, nullptr};
  Transfer* done = fifo_.front();
  fifo_.pop_front();
  body_cut_short_ = done == writing_;
  stop_writing();
  return Progress{Step::ResponseDone, 0, done};
}

void Http1Session::take_in_flight(std::vector<Transfer*>& out) {
  out.clear();
  for (Transfer* transfer : fifo_) out.push_back(transfer);
  fifo_.clear();
  stop_writing();
}

void Http1Session::on_response_head(const Response&) {
  handler_.on_session_head(*fifo_.front());
}

void Http1Session::on_interim_head(const Response& response) {
  // The 100 Continue the body waited for; the connection sends the body once feed() returns.
  if (response.status == 100 && writing_ == fifo_.front()) awaiting_continue_ = false;
  handler_.on_session_interim_head(*fifo_.front());
}

void Http1Session::on_response_body(std::string_view bytes) {
  handler_.on_session_body(*fifo_.front(), bytes);
}

}  // namespace kurl
