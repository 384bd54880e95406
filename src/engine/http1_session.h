// The HTTP/1.1 protocol side of a connection: request serialisation, the response parser and
// the FIFO of requests in flight (more than one with pipelining).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ring_queue.h"
#include "engine/transfer.h"
#include "http/response_parser.h"

namespace kurl {

/// Told about the parts of each response as they are parsed.
class Http1SessionHandler {
 public:
  virtual ~Http1SessionHandler() = default;
  virtual void on_session_head(Transfer& transfer) = 0;
  virtual void on_session_interim_head(Transfer& transfer) = 0;
  virtual void on_session_body(Transfer& transfer, std::string_view bytes) = 0;
};

/// Matches responses to requests in order on one connection.
class Http1Session final : private ResponseListener {
 public:
  enum class Step { NeedMore, ResponseDone, Failed };
  struct Progress {
    Step step = Step::NeedMore;
    size_t consumed = 0;       ///< input bytes used (valid for ResponseDone)
    Transfer* done = nullptr;  ///< the request whose response completed
  };

  explicit Http1Session(Http1SessionHandler& handler);

  /// What enqueue() wrote.
  struct Enqueued {
    size_t head_length = 0;        ///< the head's bytes at the start of what was appended
    BodyStep body = BodyStep::Done;  ///< how far the body got (Waiting: nothing of it yet)
  };

  /// Queues `transfer` and appends its head and the first piece of its body to `out`
  /// (none yet when it expects a 100 Continue); returns the length of the head within what
  /// was appended. The rest of the body follows through continue_body().
  Enqueued enqueue(Transfer& transfer, std::string& out);
  /// True while a request body is only partly written: nothing may go out behind it.
  bool writing_body() const { return writing_ != nullptr; }
  /// The request whose body is partly written (writing_body()).
  Transfer& body_owner() const { return *writing_; }
  /// Appends the next piece of the body being written (nothing while it waits for a 100
  /// Continue: then the step is Waiting).
  BodyStep continue_body(std::string& out);
  /// True while the body waits for the server's 100 Continue (Expect: 100-continue).
  bool awaiting_continue() const { return awaiting_continue_; }
  /// The 100 came, or the wait for it ended: the body may go.
  void release_continue() { awaiting_continue_ = false; }
  /// True when the response just completed came before its request body was all written:
  /// the server will read the rest as another request, so the connection must close.
  bool body_cut_short() const { return body_cut_short_; }
  /// True when `transfer` may go out behind the requests in flight, at most `limit` of
  /// them: only idempotent requests are pipelined, never behind a HEAD, whose response
  /// announces a body that a broken server may send anyway, nor behind an unfinished body.
  bool can_pipeline(const Transfer& transfer, unsigned limit) const;
  /// Parses bytes for the oldest request; stops after one complete response.
  Progress feed(std::string_view bytes);
  /// The peer closed: completes a close-delimited body or fails.
  Progress finish();
  /// Requests sent and not yet answered, oldest first.
  const RingQueue<Transfer*>& in_flight() const { return fifo_; }
  /// Moves every unanswered request, oldest first, into `out` (when the connection dies).
  void take_in_flight(std::vector<Transfer*>& out);
  const Error& error() const { return parser_.error(); }

 private:
  void on_response_head(const Response& response) override;
  void on_interim_head(const Response& response) override;
  void on_response_body(std::string_view bytes) override;
  void expect_front();

  Http1SessionHandler& handler_;
  ResponseParser parser_;
  RingQueue<Transfer*> fifo_;
  void stop_writing();

  Transfer* writing_ = nullptr;  ///< the request whose body is partly written
  bool awaiting_continue_ = false;
  bool body_cut_short_ = false;
};

}  // namespace kurl
