#include "output/body_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/url.h"
#include "output/output_path.h"
#include "output/write_out.h"

namespace kurl {

namespace {

Error write_error(const std::string& path, int err) {
  return Error(ExitCode::WriteError,
               "failure writing output to " + path + ": " + std::strerror(err));
}

bool is_dev_null(const std::string& path) {
  struct stat target {
  }, null_device{};
  return stat(path.c_str(), &target) == 0 && stat("/dev/null", &null_device) == 0 &&
         S_ISCHR(target.st_mode) && target.st_rdev == null_device.st_rdev;
}

// Regular files get a temporary name; FIFOs, devices and the like are written directly.
bool exists_as_non_regular(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

std::string temp_name_for(const std::string& path, uint64_t index) {
  std::filesystem::path p(path);
  std::string name = "." + p.filename().string() + ".kurl-" + std::to_string(getpid()) + "-" +
                     std::to_string(index) + ".part";
  return (p.parent_path() / name).string();
}

}  // namespace

BodyWriter::BodyWriter(BodyOutputConfig config, std::FILE* stdout_stream)
    : config_(std::move(config)), stdout_(stdout_stream) {
  covers_later_requests_ =
      !config_.outputs.empty() &&
      (is_output_template(config_.outputs.back()) || is_dev_null(config_.outputs.back()));
}

BodyWriter::~BodyWriter() {
  // An interrupted run: no temporary file may outlive it.
  while (ring_count_ > 0) {
    Slot& slot = ring_[ring_head_];
    if (slot.kind == Slot::Kind::File) finish_file(slot, false);
    pop_slot();
  }
}

void BodyWriter::Slot::reset() {
  kind = Kind::Stdout;
  index = 0;
  path.clear();
  temp_path.clear();
  fd = -1;
  opened = suppressed = done = kept = holds_output = false;
  error = Error();
  held.clear();
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
  ring_[ring_head_].reset();
  ring_head_ = (ring_head_ + 1) % ring_.size();
  --ring_count_;
}

Error BodyWriter::choose_destination(Slot& slot, const TransferStart& e) {
  // Most runs write to stdout: decide that without building any string.
  if (e.output.empty() && e.index > config_.outputs.size() && !config_.remote_name &&
      (config_.outputs.empty() || !covers_later_requests_)) {
    slot.kind = Slot::Kind::Stdout;
    return Error();
  }
  std::string chosen(e.output);
  bool from_command_line = e.output.empty();  // else a batch line's "output"
  if (chosen.empty() && e.index >= 1 && e.index <= config_.outputs.size()) {
    chosen = config_.outputs[e.index - 1];
  } else if (chosen.empty() && covers_later_requests_) {
    chosen = config_.outputs.back();  // a template or /dev/null covers every later request
  }
  if (chosen.empty() && config_.remote_name) {
    Result<Url> url = parse_url(e.url);
    Result<std::string> name = remote_file_name(url ? url->target : std::string("/"));
    if (!name) return name.error();
    chosen = *name;
  }
  if (chosen.empty() || chosen == "-") {
    slot.kind = Slot::Kind::Stdout;
    return Error();
  }
  if (is_output_template(chosen)) {
    Result<Url> url = parse_url(e.url);
    chosen = expand_output_template(chosen, e.index, url ? url->host : std::string(),
                                    url ? url->target : std::string("/"));
  }
  // A refused path still makes a File slot: the request fails (23) and writes nothing.
  slot.kind = Slot::Kind::File;
  Result<std::string> path = confined_output_path(config_.output_dir, chosen, from_command_line);
  if (!path) return path.error();
  slot.path = std::move(*path);
  if (is_dev_null(slot.path)) slot.kind = Slot::Kind::Discard;
  return Error();
}

void BodyWriter::on_transfer_start(const TransferStart& e) {
  if (ring_count_ == 0) stdout_turn_ = e.index;
  Slot& slot = push_slot(e.index);
  slot.error = choose_destination(slot, e);
  // Only what goes to standard output waits for older requests; files are written at once.
  slot.holds_output = slot.kind == Slot::Kind::Stdout || config_.write_out != nullptr;
  if (slot.holds_output) ++stdout_window_;
}

void BodyWriter::open_file(Slot& slot) {
  slot.opened = true;
  if (!slot.error.ok()) return;
  if (config_.create_dirs) {
    std::error_code ec;
    std::filesystem::path parent = std::filesystem::path(slot.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  bool direct = exists_as_non_regular(slot.path);
  slot.temp_path = direct ? std::string() : temp_name_for(slot.path, slot.index);
  const std::string& open_path = direct ? slot.path : slot.temp_path;
  // O_NONBLOCK: opening a FIFO nobody reads must fail (ENXIO), not block the loop.
  int flags = O_WRONLY | O_CLOEXEC | O_NONBLOCK | (direct ? 0 : O_CREAT | O_TRUNC | O_EXCL);
  slot.fd = ::open(open_path.c_str(), flags, 0666);
  if (slot.fd < 0 && !direct && errno == EEXIST) {
    ::unlink(open_path.c_str());  // a leftover of a killed run of ours: same pid, same index
    slot.fd = ::open(open_path.c_str(), flags, 0666);
  }
  if (slot.fd < 0) {
    slot.error = errno == ENXIO
                     ? Error(ExitCode::WriteError, "failure writing output to " + slot.path +
                                                       ": no process reads that FIFO")
                     : write_error(slot.path, errno);
    return;
  }
  // Writes block again: a slow reader or disk holds the run back rather than losing bytes.
  ::fcntl(slot.fd, F_SETFL, ::fcntl(slot.fd, F_GETFL) & ~O_NONBLOCK);
}

void BodyWriter::write_file(Slot& slot, std::string_view bytes) {
  if (!slot.opened) open_file(slot);
  if (slot.fd < 0 || !slot.error.ok()) return;
  while (!bytes.empty()) {
    ssize_t n = ::write(slot.fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      slot.error = write_error(slot.path, errno);
      return;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void BodyWriter::write_stdout(uint64_t index, Slot& slot, std::string_view bytes) {
  if (bytes.empty() || stdout_failed_) return;
  if (index != stdout_turn_) {
    slot.held.append(bytes);
    return;
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), stdout_) != bytes.size()) {
    stdout_failed_ = true;
    slot.error = Error(ExitCode::WriteError,
                       std::string("failure writing output to stdout: ") + std::strerror(errno));
  }
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

void BodyWriter::write_head(uint64_t index, Slot& slot, const Response& response) {
  scratch_.clear();
  scratch_ += response.status_line();
  scratch_ += "\r\n";
  for (size_t i = 0; i < response.headers.size(); ++i) {
    scratch_ += response.headers.name(i);
    scratch_ += ": ";
    scratch_ += response.headers.value(i);
    scratch_ += "\r\n";
  }
  scratch_ += "\r\n";
  write(index, slot, scratch_);
}

void BodyWriter::write_trailers(uint64_t index, Slot& slot, const HeaderBlock& trailers) {
  scratch_.clear();
  for (size_t i = 0; i < trailers.size(); ++i) {
    scratch_ += trailers.name(i);
    scratch_ += ": ";
    scratch_ += trailers.value(i);
    scratch_ += "\r\n";
  }
  write(index, slot, scratch_);
}

void BodyWriter::on_response_head(const ResponseHead& e) {
  Slot* found = find_slot(e.index);
  if (!found) return;
  Slot& slot = *found;
  slot.suppressed = e.final && e.suppress_body;
  if (slot.suppressed) return;
  if (e.final && slot.kind == Slot::Kind::File && !slot.opened) open_file(slot);
  if (config_.include_headers) write_head(e.index, slot, *e.response);
}

void BodyWriter::on_response_body(uint64_t index, std::string_view bytes) {
  Slot* slot = find_slot(index);
  if (!slot || slot->suppressed) return;
  write(index, *slot, bytes);
}

void BodyWriter::finish_file(Slot& slot, bool keep) {
  if (slot.fd >= 0) {
    if (::close(slot.fd) != 0 && keep && slot.error.ok())
      slot.error = write_error(slot.path, errno);
    slot.fd = -1;
  }
  if (slot.temp_path.empty()) {
    slot.kept = keep && slot.opened && slot.error.ok();  // written directly (a FIFO, a device)
    return;
  }
  if (keep && slot.error.ok()) {
    if (::rename(slot.temp_path.c_str(), slot.path.c_str()) != 0) {
      slot.error = write_error(slot.path, errno);
      ::unlink(slot.temp_path.c_str());
    } else {
      slot.kept = true;
    }
  } else {
    ::unlink(slot.temp_path.c_str());
  }
  slot.temp_path.clear();
}

void BodyWriter::amend_result(TransferResult& result) {
  Slot* found = find_slot(result.index);
  if (!found) return;
  Slot& slot = *found;
  if (config_.include_headers && result.error.ok() && !slot.suppressed && result.response &&
      result.response->trailers.size() > 0) {
    write_trailers(result.index, slot, result.response->trailers);  // after the body, as curl -i
  }
  if (slot.kind == Slot::Kind::File) {
    bool complete =
        result.error.ok() || (config_.keep_error_bodies &&
                              result.error.code == ExitCode::HttpError && result.status >= 400);
    if (complete && !slot.suppressed && !slot.opened) open_file(slot);  // an empty body
    finish_file(slot, complete);
  }
  if (!slot.error.ok() && result.error.ok()) result.error = slot.error;
  bool written = slot.kind == Slot::Kind::Discard || slot.kept;
  result.output = written ? slot.path : std::string();
}

void BodyWriter::on_transfer_end(const TransferResult& result) {
  Slot* found = find_slot(result.index);
  if (!found) return;
  Slot& slot = *found;
  if (config_.write_out) {
    scratch_.clear();
    config_.write_out->render(result, scratch_);
    Slot::Kind kind = slot.kind;
    slot.kind = Slot::Kind::Stdout;  // -w always goes to standard output, after the body
    write_stdout(result.index, slot, scratch_);
    slot.kind = kind;
  }
  slot.done = true;
  flush_ready_slots();
}

void BodyWriter::flush_ready_slots() {
  while (ring_count_ > 0) {
    Slot& slot = ring_[ring_head_];
    stdout_turn_ = slot.index;
    if (!slot.held.empty()) {
      held_scratch_.swap(slot.held);
      write_stdout(slot.index, slot, held_scratch_);
      held_scratch_.clear();
    }
    if (!slot.done) break;
    if (slot.holds_output) --stdout_window_;
    pop_slot();
  }
  if (ring_count_ == 0) std::fflush(stdout_);
}

void BodyWriter::on_run_end() {
  std::fflush(stdout_);
}

}  // namespace kurl
