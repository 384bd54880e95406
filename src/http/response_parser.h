// Incremental HTTP/1.x response parser on top of llhttp, one response at a time.
#pragma once

#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "http/response.h"

namespace kurl {

/// Largest response head (status line and all header lines) kurl accepts.
inline constexpr size_t kMaxHeadBytes = 256 * 1024;
/// Most header lines kurl accepts in one response head.
inline constexpr size_t kMaxHeaderLines = 1000;

/// Receives the parts of the final response as they are parsed. Must not destroy the parser.
class ResponseListener {
 public:
  virtual ~ResponseListener() = default;
  /// The final response head is complete (1xx interim responses are skipped).
  virtual void on_response_head(const Response& response) = 0;
  /// A 1xx interim head (100 Continue, 103 Early Hints) arrived before the final one.
  virtual void on_interim_head(const Response& /*response*/) {}
  /// A piece of the decoded body (valid only during the call).
  virtual void on_response_body(std::string_view bytes) = 0;
};

/// Parses the responses on one connection. Call expect() before each response, then feed()
/// the bytes read; feed() stops right after a complete response so that the bytes after it
/// are never taken as part of it.
class ResponseParser {
 public:
  enum class Status { NeedMore, Complete, Failed };
  struct FeedResult {
    Status status = Status::NeedMore;
    size_t consumed = 0;  ///< bytes of the input that belong to this response
  };

  explicit ResponseParser(ResponseListener& listener);
  ResponseParser(const ResponseParser&) = delete;
  ResponseParser& operator=(const ResponseParser&) = delete;

  /// Prepares for the response to the next request; `head_request` means no body.
  void expect(Response& target, bool head_request);
  /// Parses bytes; on Complete, `consumed` tells where the next response starts.
  FeedResult feed(std::string_view bytes);
  /// The connection reached EOF: completes a close-delimited body, or fails.
  FeedResult finish();
  /// True once any byte of the current response arrived.
  bool started() const { return started_; }
  /// True once the final head has been parsed.
  bool head_complete() const { return head_done_; }
  /// Why feed() or finish() failed.
  const Error& error() const { return error_; }

 private:
  friend struct ParserCallbacks;
  int on_message_begin();
  int on_status(std::string_view part);
  int on_header_field(std::string_view part);
  int on_header_value(std::string_view part);
  int on_header_value_complete();
  int on_headers_complete();
  int on_body(std::string_view part);
  int on_message_complete();
  FeedResult fail(ExitCode code, std::string message);
  bool is_interim() const;
  /// Checks `next` against the CRLF still owed after a chunk's data; false (and the error
  /// set) when another byte came instead.
  bool check_chunk_crlf(std::string_view next);
  /// on_headers_complete's answer: pause where the head ends (feed() counts its bytes and
  /// resumes), with no body to read when `no_body`.
  int pause_after_head(bool no_body);

  llhttp_t parser_;
  ResponseListener& listener_;
  Response* response_ = nullptr;
  Error error_;
  bool head_request_ = false;
  bool started_ = false;
  bool head_done_ = false;
  bool complete_ = false;
  bool refused_ = false;
  size_t header_lines_ = 0;
  const char* feed_end_ = nullptr;       ///< end of the bytes llhttp is parsing now
  std::string_view chunk_crlf_pending_;  ///< the part of "\r\n" not seen yet after chunk data
  bool head_paused_ = false;             ///< llhttp paused where a head ended
  uint64_t message_start_ = 0;           ///< where the current head began, in this response's bytes
};

}  // namespace kurl
