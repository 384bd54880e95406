#include "http/response_parser.h"

#include <string>

namespace kurl {

struct ParserCallbacks {
  static ResponseParser& self(llhttp_t* p) { return *static_cast<ResponseParser*>(p->data); }
  static std::string_view view(const char* at, size_t n) { return std::string_view(at, n); }
  static int message_begin(llhttp_t* p) { return self(p).on_message_begin(); }
  static int status(llhttp_t* p, const char* at, size_t n) {
    return self(p).on_status(view(at, n));
  }
  static int header_field(llhttp_t* p, const char* at, size_t n) {
    return self(p).on_header_field(view(at, n));
  }
  static int header_value(llhttp_t* p, const char* at, size_t n) {
    return self(p).on_header_value(view(at, n));
  }
  static int header_value_complete(llhttp_t* p) { return self(p).on_header_value_complete(); }
  static int headers_complete(llhttp_t* p) { return self(p).on_headers_complete(); }
  static int body(llhttp_t* p, const char* at, size_t n) { return self(p).on_body(view(at, n)); }
  static int message_complete(llhttp_t* p) { return self(p).on_message_complete(); }
};

namespace {

llhttp_settings_t make_settings() {
  llhttp_settings_t s;
  llhttp_settings_init(&s);
  s.on_message_begin = ParserCallbacks::message_begin;
  s.on_status = ParserCallbacks::status;
  s.on_header_field = ParserCallbacks::header_field;
  s.on_header_value = ParserCallbacks::header_value;
  s.on_header_value_complete = ParserCallbacks::header_value_complete;
  s.on_headers_complete = ParserCallbacks::headers_complete;
  s.on_body = ParserCallbacks::body;
  s.on_message_complete = ParserCallbacks::message_complete;
  return s;
}

const llhttp_settings_t kSettings = make_settings();

// llhttp_execute's return for callbacks that asked to stop on a limit.
constexpr int kStopForLimit = -1;
// What must follow every chunk's data.
constexpr std::string_view kCrlf = "\r\n";

}  // namespace

ResponseParser::ResponseParser(ResponseListener& listener) : listener_(listener) {
  llhttp_init(&parser_, HTTP_RESPONSE, &kSettings);
  parser_.data = this;
}

void ResponseParser::expect(Response& target, bool head_request) {
  response_ = &target;
  response_->clear();
  head_request_ = head_request;
  started_ = false;
  head_done_ = false;
  complete_ = false;
  refused_ = false;
  header_lines_ = 0;
  chunk_crlf_pending_ = {};
  head_paused_ = false;
  message_start_ = 0;
  error_ = Error();
}

bool ResponseParser::is_interim() const {
  return response_->status >= 100 && response_->status < 200;
}

int ResponseParser::on_message_begin() {
  // A new message starts: after a 1xx interim response, forget its head.
  response_->headers.clear();
  response_->reason.clear();
  header_lines_ = 0;
  return 0;
}

int ResponseParser::on_status(std::string_view part) {
  response_->reason.append(part);
  if (response_->reason.size() + response_->headers.bytes() > kMaxHeadBytes) {
    refused_ = true;
    error_ = Error(ExitCode::BadServerReply, "response status line over 256 KiB");
    return kStopForLimit;
  }
  return 0;
}

int ResponseParser::on_header_field(std::string_view part) {
  HeaderBlock& block = head_done_ ? response_->trailers : response_->headers;
  block.append_name(part);
  if (block.bytes() + response_->reason.size() > kMaxHeadBytes) {
    refused_ = true;
    error_ = Error(ExitCode::BadServerReply, "response headers over 256 KiB");
    return kStopForLimit;
  }
  return 0;
}

int ResponseParser::on_header_value(std::string_view part) {
  HeaderBlock& block = head_done_ ? response_->trailers : response_->headers;
  block.append_value(part);
  if (block.bytes() + response_->reason.size() > kMaxHeadBytes) {
    refused_ = true;
    error_ = Error(ExitCode::BadServerReply, "response headers over 256 KiB");
    return kStopForLimit;
  }
  return 0;
}

int ResponseParser::on_header_value_complete() {
  HeaderBlock& block = head_done_ ? response_->trailers : response_->headers;
  block.finish_header();
  if (++header_lines_ > kMaxHeaderLines) {
    refused_ = true;
    error_ = Error(ExitCode::BadServerReply, "more than 1000 response header lines");
    return kStopForLimit;
  }
  return 0;
}

int ResponseParser::on_headers_complete() {
  response_->status = parser_.status_code;
  response_->http_major = parser_.http_major;
  response_->http_minor = parser_.http_minor;
  if (response_->status < 100) {
    // llhttp accepts one or two digits; RFC 9112 wants exactly three.
    refused_ = true;
    error_ = Error(ExitCode::BadServerReply, "malformed response: invalid status code");
    return kStopForLimit;
  }
  if (is_interim()) {
    listener_.on_interim_head(*response_);
    // A 1xx never has a body (RFC 9110 15.2), whatever Content-Length it carries; llhttp
    // would read one.
    return pause_after_head(true);
  }
  head_done_ = true;
  header_lines_ = 0;
  // 204 and 304 never have a body, even with a Content-Length (RFC 9110 8.6); llhttp only
  // knows that when the length is absent.
  bool no_body = head_request_ || response_->status == 204 || response_->status == 304;
  response_->close_delimited = !no_body && llhttp_message_needs_eof(&parser_) != 0;
  response_->skipped_announced_body =
      no_body && ((parser_.flags & F_CHUNKED) != 0 || parser_.content_length > 0);
  listener_.on_response_head(*response_);
  return pause_after_head(no_body);
}

int ResponseParser::pause_after_head(bool no_body) {
  // Pausing is the only way llhttp tells where a head ends (for -w %{size_header}); a paused
  // parser cannot take the "no body" answer, so set the flag that answer would set.
  if (no_body) parser_.flags |= F_SKIPBODY;
  head_paused_ = true;
  return HPE_PAUSED;
}

int ResponseParser::on_body(std::string_view part) {
  response_->body_bytes += part.size();
  listener_.on_response_body(part);
  bool chunk_data_ended = (parser_.flags & F_CHUNKED) != 0 && parser_.content_length == 0;
  if (chunk_data_ended) {
    // llhttp 8.1 skips the two bytes after chunk data without looking at them.
    chunk_crlf_pending_ = kCrlf;
    if (!check_chunk_crlf(
            std::string_view(part.end(), static_cast<size_t>(feed_end_ - part.end()))))
      return kStopForLimit;
  }
  return 0;
}

bool ResponseParser::check_chunk_crlf(std::string_view next) {
  while (!chunk_crlf_pending_.empty() && !next.empty()) {
    if (next.front() != chunk_crlf_pending_.front()) {
      refused_ = true;
      error_ =
          Error(ExitCode::BadServerReply, "malformed response: chunk data not followed by CRLF");
      return false;
    }
    chunk_crlf_pending_.remove_prefix(1);
    next.remove_prefix(1);
  }
  return true;
}

int ResponseParser::on_message_complete() {
  if (!head_done_) return 0;  // an interim response ended; the final one follows
  complete_ = true;
  response_->keep_alive = llhttp_should_keep_alive(&parser_) != 0;
  return HPE_PAUSED;  // stop right here: what follows belongs to the next request
}

ResponseParser::FeedResult ResponseParser::fail(ExitCode code, std::string message) {
  if (error_.ok()) error_ = Error(code, std::move(message));
  return FeedResult{Status::Failed, 0};
}

ResponseParser::FeedResult ResponseParser::feed(std::string_view bytes) {
  if (bytes.empty()) return FeedResult{Status::NeedMore, 0};
  if (complete_) return FeedResult{Status::Complete, 0};
  started_ = true;
  if (!check_chunk_crlf(bytes)) return FeedResult{Status::Failed, 0};
  feed_end_ = bytes.data() + bytes.size();
  llhttp_errno_t rc = llhttp_execute(&parser_, bytes.data(), bytes.size());
  while (rc == HPE_PAUSED && head_paused_) {
    // A head just ended (on_headers_complete paused there): count its bytes, go on.
    const char* head_end = llhttp_get_error_pos(&parser_);
    uint64_t offset = response_->wire_bytes + static_cast<uint64_t>(head_end - bytes.data());
    response_->head_bytes += offset - message_start_;
    message_start_ = offset;
    head_paused_ = false;
    llhttp_resume(&parser_);
    rc = llhttp_execute(&parser_, head_end, static_cast<size_t>(feed_end_ - head_end));
  }
  if (rc == HPE_OK) {
    response_->wire_bytes += bytes.size();
    return FeedResult{Status::NeedMore, bytes.size()};
  }
  if (rc == HPE_PAUSED && complete_) {
    size_t consumed = static_cast<size_t>(llhttp_get_error_pos(&parser_) - bytes.data());
    response_->wire_bytes += consumed;
    llhttp_resume(&parser_);
    return FeedResult{Status::Complete, consumed};
  }
  if (refused_) return FeedResult{Status::Failed, 0};
  if (rc == HPE_PAUSED_UPGRADE) {
    return fail(ExitCode::BadServerReply, "server switched protocols, which kurl does not support");
  }
  std::string reason = llhttp_get_error_reason(&parser_) ? llhttp_get_error_reason(&parser_) : "";
  return fail(ExitCode::BadServerReply, "malformed response: " + reason);
}

ResponseParser::FeedResult ResponseParser::finish() {
  if (complete_) return FeedResult{Status::Complete, 0};
  if (!started_) return fail(ExitCode::EmptyReply, "empty reply from server");
  if (head_done_ && response_->close_delimited) {
    llhttp_errno_t rc = llhttp_finish(&parser_);
    if (rc == HPE_OK || (rc == HPE_PAUSED && complete_)) {
      complete_ = true;
      return FeedResult{Status::Complete, 0};
    }
  }
  if (head_done_) {
    return fail(ExitCode::PartialBody, "transfer closed with " +
                                           std::to_string(response_->body_bytes) +
                                           " bytes of the body received, more expected");
  }
  return fail(ExitCode::BadServerReply, "connection closed in the middle of the response head");
}

}  // namespace kurl
