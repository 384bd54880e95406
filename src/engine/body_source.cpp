#include "engine/body_source.h"

#include <algorithm>

namespace kurl {

namespace {

bool is_newline(char c) { return c == '\r' || c == '\n'; }

}  // namespace

StreamedBody::StreamedBody(uv_loop_t* loop, const BodyPlan& plan) : loop_(loop), plan_(plan) {}

BodyStream::Status StreamedBody::next(size_t max, std::string_view& piece) {
  const std::vector<BodySegment>& segments = plan_.segments();
  while (segment_ < segments.size()) {
    const BodySegment& segment = segments[segment_];
    if (segment.kind == BodySegment::Kind::Text) {
      if (segment_sent_ < segment.text.size()) {
        piece = std::string_view(segment.text).substr(segment_sent_, max);
        segment_sent_ += piece.size();
        return Status::Data;
      }
      next_segment();
      continue;
    }
    Status status = Status::Data;
    if (next_from_file(segment, max, piece, status)) return status;
    next_segment();
  }
  return Status::End;
}

bool StreamedBody::next_from_file(const BodySegment& segment, size_t max, std::string_view& piece,
                                  Status& status) {
  bool is_stdin = segment.kind == BodySegment::Kind::Stdin;
  // A file read no further than the size its Content-Length announced, even if it grew.
  if (!is_stdin && segment_sent_ >= segment.size) return false;
  if (!reader_) {
    reader_ = std::make_unique<FileReader>(loop_, segment.path, is_stdin, [this] {
      if (waker_) waker_->on_body_ready();
    });
  }
  for (;;) {
    switch (reader_->state()) {
      case FileReader::State::Ready: {
        std::string_view data = reader_->data();
        if (segment.strip_newlines) {
          size_t skip = 0;
          while (skip < data.size() && is_newline(data[skip])) ++skip;
          reader_->consume(skip);
          data.remove_prefix(skip);
          data = data.substr(0, static_cast<size_t>(std::find_if(data.begin(), data.end(),
                                                                 is_newline) -
                                                    data.begin()));
          if (data.empty()) continue;  // the buffer was all newlines: read on
        }
        size_t room = max;
        if (!is_stdin) room = static_cast<size_t>(std::min<uint64_t>(room, segment.size - segment_sent_));
        piece = data.substr(0, room);
        reader_->consume(piece.size());  // the bytes stay in the buffer until the next fill
        segment_sent_ += piece.size();
        stdin_sent_ = stdin_sent_ || is_stdin;
        status = Status::Data;
        return true;
      }
      case FileReader::State::Idle:
        reader_->fill();
        if (reader_->state() == FileReader::State::Failed) continue;
        status = Status::Pending;
        return true;
      case FileReader::State::Busy:
        status = Status::Pending;
        return true;
      case FileReader::State::End:
        return false;  // a shorter file than announced: the serialiser sees the body end short
      case FileReader::State::Failed:
        error_ = reader_->error();
        status = Status::Failed;
        return true;
    }
  }
}

void StreamedBody::next_segment() {
  ++segment_;
  segment_sent_ = 0;
  reader_.reset();
}

bool StreamedBody::rewind() {
  if (stdin_sent_) return false;  // standard input cannot give its bytes a second time
  segment_sent_ = 0;
  error_ = Error();
  const std::vector<BodySegment>& segments = plan_.segments();
  // Standard input is the whole body when it is in it (the plan builder sees to that): its
  // reader keeps what it read and has not sent, which is the start of the body.
  if (segment_ < segments.size() && segments[segment_].kind == BodySegment::Kind::Stdin) return true;
  segment_ = 0;
  reader_.reset();
  return true;
}

}  // namespace kurl
