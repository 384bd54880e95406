#include "output/body_writer.h"

#include <sys/stat.h>

#include <algorithm>

#include "output/colour.h"
#include "output/json_pretty.h"
#include "output/output_channel.h"
#include "output/write_out.h"

namespace kurl {

BodyWriter::BodyWriter(BodyOutputConfig config, OutputChannel& out)
    : config_(std::move(config)),
      stdout_(out),
      destinations_(config_.outputs, config_.output_dir, config_.remote_name) {
  held_budget_.limit = config_.max_held_bytes;
  if (config_.terminal.pretty) json_ = std::make_unique<JsonPretty>();
}

BodyWriter::~BodyWriter() {
  // An interrupted run: no temporary file may outlive it.
  while (ring_count_ > 0) {
    Slot& slot = ring_[ring_head_];
    if (slot.kind == Slot::Kind::File) finish_file(slot, false);
    pop_slot();
  }
}

Error BodyWriter::stop_reason() const {
  if (config_.write_out_stderr != nullptr && config_.write_out_stderr->failed())
    return config_.write_out_stderr->error();
  return stdout_.error();
}

void BodyWriter::Slot::reset() {
  kind = Kind::Stdout;
  index = 0;
  path.clear();
  file.reset();
  opened = suppressed = done = kept = holds_output = false;
  resume_offset = 0;
  error = Error();
}

BodyWriter::Slot* BodyWriter::find_slot(uint64_t index) {
  if (ring_count_ == 0) return nullptr;
  auto at = [this](size_t i) -> Slot& { return ring_[(ring_head_ + i) % ring_.size()]; };
  // Indexes grow in ring order; without --shard they are consecutive, so try that first.
  uint64_t offset = index - at(0).index;
  if (index >= at(0).index && offset < ring_count_ && at(offset).index == index) return &at(offset);
  size_t low = 0, high = ring_count_;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (at(middle).index < index) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low < ring_count_ && at(low).index == index ? &at(low) : nullptr;
}

BodyWriter::Slot& BodyWriter::push_slot(uint64_t index) {
  if (ring_count_ == 0) ring_head_ = 0;
  if (ring_count_ == ring_.size()) {
    // Grow, keeping the order: oldest first at position 0.
    std::vector<Slot> grown;
    grown.reserve(std::max<size_t>(8, ring_.size() * 2));
    for (size_t i = 0; i < ring_count_; ++i)
      grown.push_back(std::move(ring_[(ring_head_ + i) % ring_.size()]));
    grown.resize(grown.capacity());
    ring_.swap(grown);
    ring_head_ = 0;
  }
  Slot& slot = ring_[(ring_head_ + ring_count_) % ring_.size()];
  ++ring_count_;
  slot.reset();
  slot.index = index;
  return slot;
}

void BodyWriter::pop_slot() {
  ring_[ring_head_].held.discard(held_budget_);
  ring_[ring_head_].terminal.reset(pretty_budget_);
  ring_[ring_head_].reset();
  ring_head_ = (ring_head_ + 1) % ring_.size();
  --ring_count_;
}

void BodyWriter::on_transfer_start(const TransferStart& e) {
  if (ring_count_ == 0) stdout_turn_ = e.index;
  Slot& slot = push_slot(e.index);
  slot.error = destinations_.choose(e, slot.kind, slot.path);
  slot.resume_offset = config_.resume_from.value_or(0);
  if (config_.resume_from_file && slot.kind == Slot::Kind::File) {
    struct stat existing {};
    if (::stat(slot.path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode))
      slot.resume_offset = static_cast<uint64_t>(existing.st_size);
  }
  if (!slot.error.ok() && e.refusal != nullptr && e.refusal->ok()) *e.refusal = slot.error;
  // Only what goes to standard output waits for older requests; files are written at once.
  slot.holds_output =
      slot.kind == Slot::Kind::Stdout || config_.write_out != nullptr || config_.dump_headers;
  if (slot.holds_output) ++stdout_window_;
}

uint64_t BodyWriter::resume_offset(uint64_t index) {
  Slot* slot = find_slot(index);
  return slot ? slot->resume_offset : 0;
}

void BodyWriter::open_file(Slot& slot) {
  slot.opened = true;
  bool append = slot.resume_offset > 0;
  if (slot.error.ok())
    slot.error = slot.file.open(slot.path, slot.index, config_.create_dirs, append);
}

void BodyWriter::write_file(Slot& slot, std::string_view bytes) {
  if (!slot.opened) open_file(slot);
  if (slot.error.ok()) slot.error = slot.file.write(bytes);
}

void BodyWriter::write_stdout(uint64_t index, Slot& slot, std::string_view bytes) {
  if (bytes.empty() || stdout_.failed()) return;
  if (index != stdout_turn_) {
    Error error = slot.held.hold(bytes, held_budget_);
    if (!error.ok() && slot.error.ok()) slot.error = std::move(error);
    return;
  }
  if (!stdout_.write(bytes) && slot.error.ok()) slot.error = stdout_.error();
}

void BodyWriter::write(uint64_t index, Slot& slot, std::string_view bytes) {
  switch (slot.kind) {
    case Slot::Kind::Stdout:
      write_stdout(index, slot, bytes);
      break;
    case Slot::Kind::File:
      write_file(slot, bytes);
      break;
    case Slot::Kind::Discard:
      break;
  }
}

void BodyWriter::write_header_lines(uint64_t index, Slot& slot, bool include) {
  if (!config_.dump_headers) {
    write(index, slot, scratch_);
    return;
  }
  if (include && slot.kind == Slot::Kind::Stdout) {
    // -D - and -i both on standard output: curl writes each line to one, then the other.
    std::string lines = std::move(scratch_);
    scratch_.clear();
    for (size_t start = 0; start < lines.size();) {
      size_t end = lines.find("\r\n", start) + 2;
      std::string_view line(lines.data() + start, end - start);
      scratch_.append(line).append(line);
      start = end;
    }
    include = false;
  }
  write_stdout(index, slot, scratch_);  // whatever -o says, -D - is standard output
  if (include) write(index, slot, scratch_);
}

bool BodyWriter::coloured_head(const Slot& slot) const {
  // -D - interleaves its lines with -i's; a file gets the bytes as received.
  return config_.terminal.colour_stdout && !config_.dump_headers && slot.kind == Slot::Kind::Stdout;
}

void BodyWriter::on_response_head(const ResponseHead& e) {
  Slot* found = find_slot(e.index);
  if (!found) return;
  Slot& slot = *found;
  bool suppressed = e.final && e.suppress_body;
  if (!e.retried) {  // a retried response is not the user's: it decides nothing here
    slot.suppressed = suppressed;
    if (e.final && !suppressed && slot.kind == Slot::Kind::File && !slot.opened) open_file(slot);
    if (e.final && !suppressed && slot.kind == Slot::Kind::Stdout &&
        config_.terminal.shapes_bodies())
      slot.terminal.start(config_.terminal, e.response->headers.find("Content-Type"));
  }
  // -i shows the response the user gets: not a retried one, nor one -f keeps back. -D -
  // shows every head.
  bool include = config_.include_headers && !e.retried && !suppressed;
  if (!include && !config_.dump_headers) return;
  scratch_.clear();
  if (coloured_head(slot)) {
    append_coloured_head(*e.response, scratch_);
  } else {
    append_head(*e.response, scratch_);
  }
  write_header_lines(e.index, slot, include);
}

void BodyWriter::on_retry(const RetryEvent& e) {
  if (e.kind != RetryEvent::Kind::Retry) return;  // a replay comes before any response byte
  Slot* slot = find_slot(e.index);
  if (slot != nullptr) finish_terminal_body(e.index, *slot, false);  // stdout keeps it all
  if (slot == nullptr || slot->kind != Slot::Kind::File || !slot->opened || !slot->error.ok())
    return;
  slot->error = slot->file.start_over();
}

void BodyWriter::on_response_body(uint64_t index, std::string_view bytes) {
  Slot* slot = find_slot(index);
  if (!slot || slot->suppressed) return;
  write_body(index, *slot, bytes);
}

void BodyWriter::write_body(uint64_t index, Slot& slot, std::string_view bytes) {
  if (!slot.terminal.engaged()) return write(index, slot, bytes);
  switch (slot.terminal.feed(bytes, pretty_budget_)) {
    case TerminalBody::Step::Pass:
      write(index, slot, bytes);
      break;
    case TerminalBody::Step::Release:
      write(index, slot, slot.terminal.held());
      slot.terminal.forget_held(pretty_budget_);
      write(index, slot, bytes);
      break;
    case TerminalBody::Step::Refused:
      refuse_binary(slot);
      break;
    case TerminalBody::Step::Held:
    case TerminalBody::Step::Dropped:
      break;
  }
}

void BodyWriter::finish_terminal_body(uint64_t index, Slot& slot, bool reindent) {
  if (slot.terminal.engaged())
    write(index, slot, slot.terminal.finish(json_.get(), reindent, pretty_budget_));
}

void BodyWriter::refuse_binary(Slot& slot) {
  if (slot.error.ok())
    slot.error = Error(ExitCode::WriteError, "binary output not written to the terminal");
  OutputChannel* err = config_.write_out_stderr;
  if (binary_warned_ || !config_.terminal.warn || err == nullptr) return;
  binary_warned_ = true;
  if (err->write(kBinaryWarning)) err->flush();
}

void BodyWriter::finish_file(Slot& slot, bool keep) {
  Error error = slot.file.finish(keep && slot.error.ok(), slot.kept);
  if (slot.error.ok()) slot.error = error;
}

void BodyWriter::amend_result(TransferResult& result) {
  Slot* found = find_slot(result.index);
  if (!found) return;
  Slot& slot = *found;
  finish_terminal_body(result.index, slot, result.error.ok());  // before any trailer
  bool include_trailers = config_.include_headers && !slot.suppressed;
  if ((include_trailers || config_.dump_headers) && result.error.ok() && result.response &&
      result.response->trailers.size() > 0) {
    scratch_.clear();  // after the body, as curl -i and -D write them
    if (coloured_head(slot)) {
      append_coloured_header_lines(result.response->trailers, scratch_);
    } else {
      append_header_lines(result.response->trailers, scratch_);
    }
    write_header_lines(result.index, slot, include_trailers);
  }
  if (slot.kind == Slot::Kind::File) {
    bool complete =
        result.error.ok() || (config_.keep_error_bodies &&
                              result.error.code == ExitCode::HttpError && result.status >= 400);
    if (complete && !slot.suppressed && !slot.opened) open_file(slot);  // an empty body
    finish_file(slot, complete);
  }
  // The request streaming to stdout is told now whether its bytes got out: a small body
  // may still sit in the channel's buffer, and a full disk only shows on the flush.
  if (slot.holds_output && slot.index == stdout_turn_ && slot.error.ok() && !stdout_.flush())
    slot.error = stdout_.error();
  // The engine stops the request with the first sink's stop reason; the slot knows its own
  // cause, so its error wins.
  if (!slot.error.ok() && (result.error.ok() || result.error.code == ExitCode::WriteError))
    result.error = slot.error;
  if (stdout_.failed() && result.error.code == ExitCode::WriteError)
    stdout_.mark_failure_reported();
  bool written = slot.kind == Slot::Kind::Discard || slot.kept;
  // Into the result's own string: TransferResult is reused request after request.
  if (written) {
    result.output.assign(slot.path);
  } else {
    result.output.clear();
  }
}

void BodyWriter::write_out(const TransferResult& result, Slot& slot) {
  scratch_.clear();
  stderr_scratch_.clear();
  config_.write_out->render(result, scratch_, stderr_scratch_);
  Slot::Kind kind = slot.kind;
  slot.kind = Slot::Kind::Stdout;  // -w goes to standard output, after the body
  write_stdout(result.index, slot, scratch_);
  slot.kind = kind;
  // What %{stderr} chose goes out as the request ends, flushed at once so that it keeps
  // its place among the other messages on standard error.
  OutputChannel* err = config_.write_out_stderr;
  if (!stderr_scratch_.empty() && err != nullptr && err->write(stderr_scratch_)) err->flush();
}

void BodyWriter::on_transfer_end(const TransferResult& result) {
  Slot* found = find_slot(result.index);
  if (!found) return;
  Slot& slot = *found;
  if (config_.write_out) write_out(result, slot);
  slot.done = true;
  flush_ready_slots();
}

void BodyWriter::release_held(Slot& slot) {
  if (slot.held.empty()) return;
  Error error = slot.held.release(stdout_, held_budget_);
  // The request has ended already: a lost spill file fails the run, as stdout would.
  if (!error.ok() && !stdout_.failed()) stdout_.fail_with(error);
}

void BodyWriter::flush_ready_slots() {
  while (ring_count_ > 0) {
    Slot& slot = ring_[ring_head_];
    stdout_turn_ = slot.index;
    release_held(slot);
    if (!slot.done) break;
    if (slot.holds_output) --stdout_window_;
    pop_slot();
  }
  if (ring_count_ == 0) stdout_.flush();
}

void BodyWriter::on_run_end() {
  stdout_.flush();
}

}  // namespace kurl
