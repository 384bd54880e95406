#include "engine/transfer_limits.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "engine/connection.h"
#include "engine/transfer.h"

namespace kurl {

namespace {

/// Ahead of the rate by less than this, reading goes on: a timer that short costs more
/// than the bytes it would hold back.
constexpr double kShortestPause = 0.001;
/// A long pause (a slow --limit-rate after a large read) is taken in slices this long, each
/// telling the connection it is held back on purpose, so its stall limit never fires.
constexpr double kLongestPause = 60;

// How far ahead of --limit-rate the transfer's body is, in seconds (<= 0: not ahead).
double ahead_of_rate(const Transfer& transfer, uint64_t rate) {
  double due = transfer.first_byte_time +
               static_cast<double>(transfer.limit.received) / static_cast<double>(rate);
  return due - monotonic_seconds();
}

bool is_get_or_head(const std::string& method) {
  return method == "GET" || method == "HEAD";
}

std::optional<uint64_t> content_length(const Response& response) {
  std::optional<std::string_view> value = response.headers.find("Content-Length");
  if (!value) return std::nullopt;
  return parse_uint(trim_ows(*value));
}

}  // namespace

size_t read_piece_for_rate(uint64_t rate) {
  if (rate == 0) return 0;
  return static_cast<size_t>(std::min<uint64_t>(std::max<uint64_t>(rate / 16, 1), SIZE_MAX));
}

ResumeVerdict judge_resume(uint64_t offset, int status, bool has_content_range,
                           std::optional<uint64_t> length) {
  if (offset == 0) return ResumeVerdict::Continue;
  if (status == 416) return ResumeVerdict::AlreadyComplete;  // curl: "pretend this is no error"
  if (has_content_range) return ResumeVerdict::Continue;
  if (length && *length == offset) return ResumeVerdict::AlreadyComplete;
  return ResumeVerdict::RangeIgnored;
}

std::string range_for(const LimitSettings& settings, Transfer& transfer) {
  LimitState& state = transfer.limit;
  if (!state.offset_known) {
    state.offset_known = true;
    if (settings.resume_offset_of) state.resume_offset = settings.resume_offset_of(transfer.spec.index);
  }
  if (!is_get_or_head(transfer.request.method)) return "";
  if (state.resume_offset > 0) return "bytes=" + std::to_string(state.resume_offset) + "-";
  if (!settings.range.empty()) return "bytes=" + settings.range;
  return "";
}

void TransferLimits::on_head(Transfer& transfer) {
  const Response& response = transfer.response;
  std::optional<uint64_t> length = content_length(response);
  if (settings_.max_filesize > 0 && length && *length > settings_.max_filesize) {
    fail_soon(transfer, Error(ExitCode::FileTooLarge, "Maximum file size exceeded"));
    return;
  }
  bool ranged = response.headers.find("Content-Range").has_value();
  switch (judge_resume(transfer.limit.resume_offset, response.status, ranged, length)) {
    case ResumeVerdict::Continue:
      return;
    case ResumeVerdict::AlreadyComplete:
      transfer.limit.body_ignored = true;
      return;
    case ResumeVerdict::RangeIgnored:
      fail_soon(transfer, Error(ExitCode::RangeError,
                                "HTTP server doesn't seem to support byte ranges. Cannot resume."));
      return;
  }
}

bool TransferLimits::on_body(Connection& connection, Transfer& transfer, size_t bytes) {
  LimitState& state = transfer.limit;
  if (!state.failure.ok()) return false;
  state.received += bytes;
  if (settings_.max_filesize > 0 && state.received > settings_.max_filesize) {
    // As curl 8.4+: a body without a length (chunked, close-delimited) stops when it passes.
    fail_soon(transfer, Error(ExitCode::FileTooLarge,
                              "Exceeded the maximum allowed file size (" +
                                  std::to_string(settings_.max_filesize) + ") with " +
                                  std::to_string(state.received) + " bytes"));
    return false;
  }
  if (settings_.limit_rate > 0 && !state.paused) {
    double ahead = ahead_of_rate(transfer, settings_.limit_rate);
    if (ahead >= kShortestPause) {
      state.paused = true;
      connection.pause_reading();
      start_timer(transfer, std::min(ahead, kLongestPause));
    }
  }
  return true;
}

void TransferLimits::release(Connection& connection, Transfer& transfer) {
  LimitState& state = transfer.limit;
  if (state.timer) state.timer->stop();
  if (state.paused) {
    state.paused = false;
    connection.resume_reading();  // an idle connection must see the server's close
  }
}

// Closing the connection inside a parser callback would pull the request from under the
// parser: the failure waits for the next loop turn, and reading stops meanwhile.
void TransferLimits::fail_soon(Transfer& transfer, Error error) {
  LimitState& state = transfer.limit;
  state.failure = std::move(error);
  if (transfer.connection && !state.paused) {
    state.paused = true;
    transfer.connection->pause_reading();
  }
  start_timer(transfer, 0);
}

void TransferLimits::start_timer(Transfer& transfer, double seconds) {
  LimitState& state = transfer.limit;
  if (!state.timer)
    state.timer = std::make_unique<Timer>(loop_, [this, &transfer] { on_timer(transfer); });
  state.timer->start(static_cast<uint64_t>(std::ceil(seconds * 1000)));
}

void TransferLimits::on_timer(Transfer& transfer) {
  LimitState& state = transfer.limit;
  Connection* connection = transfer.connection;
  if (!connection) return;  // its response completed meanwhile: release() did the rest
  if (!state.failure.ok()) {
    connection->close(CloseReason::Error, state.failure);
    return;
  }
  double ahead = ahead_of_rate(transfer, settings_.limit_rate);
  if (ahead >= kShortestPause) {
    connection->note_paused_on_purpose();
    start_timer(transfer, std::min(ahead, kLongestPause));
    return;
  }
  state.paused = false;
  connection->resume_reading();
}

}  // namespace kurl
