// A connection's request body: written piece by piece as the transport drains and the body's
// source has bytes (a file, standard input, a form), and stopped when it fails.
#include "engine/connection.h"
#include "net/loop_buffers.h"

namespace kurl {

bool Connection::on_transport_drained() {
  if (wants_drain()) write_body_piece();
  return wants_drain();
}

bool Connection::wants_drain() const {
  return session_.writing_body() && state_ == State::Busy;
}

void Connection::on_body_ready() {
  if (!body_stalled_ || !session_.writing_body() || state_ != State::Busy) return;
  body_stalled_ = false;
  write_body_piece();
}

void Connection::write_body_piece() {
  out_.clear();
  Transfer& transfer = session_.body_owner();
  BodyStep step = session_.continue_body(out_);
  transfer.bytes_sent += out_.size();
  last_activity_ = monotonic_seconds();
  if (!out_.empty()) write_out();
  after_body_step(step);
}

void Connection::after_body_step(BodyStep step) {
  // Nothing was written, so no drain will come: the body's source (or the 100) wakes us.
  body_stalled_ = step == BodyStep::Waiting;
  if (step != BodyStep::Failed) return;
  const Error& error = session_.body_owner().request.body->error();
  close(CloseReason::Error, error.ok() ? Error(ExitCode::ReadError, "the request body ended "
                                                                    "before its announced size")
                                       : error);
}

void Connection::write_out() {
  transport_->write(out_);  // copies the bytes
  // The pieces of a large body are not kept while the connection idles.
  if (!session_.writing_body() && out_.capacity() > kKeptBufferCapacity) std::string().swap(out_);
}

}  // namespace kurl
