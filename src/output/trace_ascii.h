// --trace-ascii FILE: what went out and came in, blocks of bytes as curl 7.88 writes them.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "engine/observer.h"

namespace kurl {

class OutputChannel;

/// Appends one block as curl's --trace-ascii dump writes it: "TITLE, N bytes (0xN)", then
/// the bytes 64 to a line, each line opened by its offset ("0000: ") with bytes outside
/// 0x20-0x7f shown as '.', and a CRLF ending the line early (the CRLF itself not shown).
void append_trace_block(std::string& out, std::string_view title, std::string_view bytes);

/// Writes "== Info: " connection lines (-v's words), "=> Send header" and "=> Send data" for
/// each request, "<= Recv header" for each line of each response head (1xx included, as
/// kurl read it: "Name: value") and "<= Recv data" for each piece of the final body as it
/// was handed on (after chunked decoding). Costs nothing when the flag is not given: the
/// observer is not there.
class TraceAscii final : public Observer {
 public:
  /// Writes to `out` (standard output's channel, or a file's: see open()).
  explicit TraceAscii(OutputChannel& out) : out_(out) {}
  /// The file for --trace-ascii FILE, created or truncated before any request (exit 23).
  static Result<std::unique_ptr<OutputChannel>> open(const std::string& path);

  void on_connection_event(const ConnectionEvent& e) override;
  void on_request_sent(const RequestSent& e) override;
  void on_response_head(const ResponseHead& e) override;
  void on_response_body(uint64_t index, std::string_view bytes) override;
  void on_transfer_end(const TransferResult&) override;
  void on_run_end() override;
  void amend_result(TransferResult& result) override;
  Error stop_reason() const override;

 private:
  /// Appends one block to text_.
  void write_block(std::string_view title, std::string_view bytes);
  /// Hands text_ to the channel, whole, and empties it.
  void emit();

  OutputChannel& out_;
  std::string text_;  ///< the blocks being built; keeps its capacity
  std::string line_;  ///< one response head line
};

}  // namespace kurl
