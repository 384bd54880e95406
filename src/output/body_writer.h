// Writes response bodies (and -i heads, -w text) to standard output in input order, or to
// files that appear under their final name only when complete.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/observer.h"
#include "output/file_output.h"
#include "output/output_destination.h"
#include "output/held_output.h"
#include "output/terminal_body.h"

namespace kurl {

class JsonPretty;
class WriteOutFormat;

/// Where bodies go, from -o, -O, --output-dir, --create-dirs, -i, -I and -w.
struct BodyOutputConfig {
  std::vector<std::string> outputs;  ///< -o values in order; "-" is standard output
  bool remote_name = false;          ///< -O
  std::string output_dir;
  bool create_dirs = false;
  bool include_headers = false;    ///< -i, and -I (which shows only the head)
  bool keep_error_bodies = false;  ///< --fail-with-body: keep the file of an HTTP error (22)
  bool dump_headers = false;       ///< -D -: every response head also goes to standard output
  const WriteOutFormat* write_out = nullptr;
  /// Where -w text after %{stderr} goes: standard error's checked channel.
  OutputChannel* write_out_stderr = nullptr;
  /// Requests bound for standard output that may be started and not yet written (-P): the
  /// engine pauses at this many, so at most max_held - 1 bodies wait.
  size_t max_held = 1;
  /// -C OFFSET: every request resumes there; nullopt without -C or with -C -.
  std::optional<uint64_t> resume_from;
  /// -C -: a request resumes at its output file's size (0, a fresh download, without one).
  bool resume_from_file = false;
  /// Bytes those waiting bodies may keep in memory together; the rest spills to a file.
  size_t max_held_bytes = HeldMemoryBudget::kDefaultLimit;
  /// Colour, --pretty and the binary refusal for standard output on a terminal.
  TerminalSettings terminal;
};

/// The body sink. Standard output is shared in input order: the oldest unfinished request
/// streams straight through, later ones are held until it ends (in memory up to
/// max_held_bytes in all, then in temporary files), so bodies never interleave.
class BodyWriter final : public Observer {
 public:
  /// `out` is standard output's channel, shared with the other sinks that write there.
  BodyWriter(BodyOutputConfig config, OutputChannel& out);
  ~BodyWriter() override;

  void on_transfer_start(const TransferStart& e) override;
  /// -C: the bytes request `index` (started) already has; a file output resumed past 0 is
  /// appended to, as curl does, rather than replaced.
  uint64_t resume_offset(uint64_t index);
  void on_response_head(const ResponseHead& e) override;
  void on_response_body(uint64_t index, std::string_view bytes) override;
  /// A --retry attempt starts again: its output file is cut back to where it began, as curl
  /// does (standard output keeps what it got, as in curl).
  void on_retry(const RetryEvent& e) override;
  void amend_result(TransferResult& result) override;
  void on_transfer_end(const TransferResult& result) override;
  void on_run_end() override;
  /// Set once standard output, or standard error for -w's %{stderr}, failed (closed pipe,
  /// full disk): the run should stop.
  Error stop_reason() const override;
  /// True while max_held requests bound for standard output are started and not yet
  /// written: one streams, the others' bodies wait in memory, never more.
  bool holds_back() const override {
    return stdout_window_ >= config_.max_held ||
           ring_count_ >= kMaxSlotsPerParallel * config_.max_held;
  }

 private:
  /// One request's output while it runs.
  struct Slot {
    using Kind = OutputDestinations::Kind;
    Kind kind = Kind::Stdout;
    uint64_t index = 0;
    std::string path;  ///< final file name
    FileOutput file;
    bool opened = false;
    bool suppressed = false;    ///< -f on an error status: write nothing
    bool done = false;          ///< the request ended; waiting for its turn on stdout
    bool kept = false;          ///< the file is complete under its final name
    bool holds_output = false;  ///< writes to standard output, so waits for its turn
    uint64_t resume_offset = 0;  ///< -C: bytes it already has; a file past 0 is appended to
    Error error;                ///< a write error (exit 23)
    HeldOutput held;            ///< stdout bytes held until this slot's turn
    TerminalBody terminal;      ///< the body on its way to a terminal (--pretty, binary)

    /// Forgets the request (once `held` is released or discarded) but keeps the strings'
    /// memory for the next one.
    void reset();
  };

  /// The slot of a running request, nullptr when unknown.
  Slot* find_slot(uint64_t index);
  /// Adds the slot for the next index (indexes start in growing order; --shard leaves gaps).
  Slot& push_slot(uint64_t index);
  void pop_slot();

  void open_file(Slot& slot);
  void write(uint64_t index, Slot& slot, std::string_view bytes);
  void write_stdout(uint64_t index, Slot& slot, std::string_view bytes);
  void write_file(Slot& slot, std::string_view bytes);
  /// A body's bytes: through the slot's TerminalBody when it is engaged.
  void write_body(uint64_t index, Slot& slot, std::string_view bytes);
  /// Writes what the TerminalBody still holds (re-indented when `reindent` and JSON).
  void finish_terminal_body(uint64_t index, Slot& slot, bool reindent);
  /// A body bound for the terminal looks binary: the request fails (23); warned once a run.
  void refuse_binary(Slot& slot);
  /// True when -i's head (and trailers) for `slot` go to standard output in colour.
  bool coloured_head(const Slot& slot) const;
  void finish_file(Slot& slot, bool keep);
  void release_held(Slot& slot);
  void flush_ready_slots();
  /// Writes the head or trailer lines in scratch_ to -D - (when given) and, when
  /// `include`, to the request's output (-i), as curl interleaves them.
  void write_header_lines(uint64_t index, Slot& slot, bool include);
  void write_out(const TransferResult& result, Slot& slot);

  BodyOutputConfig config_;
  OutputChannel& stdout_;
  OutputDestinations destinations_;
  HeldMemoryBudget held_budget_;
  /// Requests started and not yet written out, oldest first (indexes growing), in a ring
  /// that is reused so a warm run allocates nothing per request.
  std::vector<Slot> ring_;
  size_t ring_head_ = 0;
  size_t ring_count_ = 0;
  uint64_t stdout_turn_ = 0;            ///< the index whose stdout bytes stream directly
  size_t stdout_window_ = 0;            ///< requests started, not yet written to stdout
  /// Finished requests kept in order behind a slow one (files need no memory, only a slot)
  /// are bounded too: this many per -P.
  static constexpr size_t kMaxSlotsPerParallel = 256;
  std::string scratch_;
  std::string stderr_scratch_;  ///< -w text after %{stderr}
  /// Bytes every TerminalBody holds for --pretty together, at most kPrettyBodyLimit.
  HeldMemoryBudget pretty_budget_{kPrettyBodyLimit};
  std::unique_ptr<JsonPretty> json_;  ///< with --pretty only
  bool binary_warned_ = false;
};

}  // namespace kurl
