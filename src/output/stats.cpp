#include "output/stats.h"

#include <cstdio>

#include "core/text.h"

namespace kurl {

namespace {

constexpr CloseReason kCloseReasons[] = {CloseReason::ServerClose, CloseReason::IdleTimeout,
                                         CloseReason::MaxRequests, CloseReason::Error,
                                         CloseReason::EndOfRun};

constexpr const char* kStatusClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
constexpr const char* kHttpVersions[] = {"1.0", "1.1", "2"};

// Counts a final response in `row`: by class (statuses outside 100-599 have none) and by
// version (HTTP/0.9 or an unknown one has none).
void count_response(HostStats& row, int status, const Response* response) {
  if (status >= 100 && status <= 599) ++row.status[static_cast<size_t>(status / 100 - 1)];
  if (response == nullptr || status == 0) return;
  if (response->http_major == 2) {
    ++row.http_versions[2];
  } else if (response->http_major == 1 && response->http_minor <= 1) {
    ++row.http_versions[static_cast<size_t>(response->http_minor)];
  }
}

// {"1xx":N,...} or {"1.0":N,...}
template <size_t N>
std::string counts_json(const char* const (&keys)[N], const std::array<uint64_t, N>& counts) {
  std::string out = "{";
  for (size_t i = 0; i < N; ++i) {
    out += (i == 0 ? "\"" : ",\"") + std::string(keys[i]) + "\":" + std::to_string(counts[i]);
  }
  return out + "}";
}

// "2xx 97, 5xx 3": the classes that occurred, "none" when no response arrived.
template <size_t N>
std::string counts_text(const char* const (&keys)[N], const std::array<uint64_t, N>& counts) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (counts[i] == 0) continue;
    out += (out.empty() ? "" : ", ") + std::string(keys[i]) + " " + std::to_string(counts[i]);
  }
  return out.empty() ? "none" : out;
}

std::string number(double value, const char* format = "%.3f") {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

}  // namespace

Stats::Stats(std::function<double()> clock) : clock_(std::move(clock)), started_(clock_()) {}

HostStats& Stats::host(std::string_view origin) {
  auto found = hosts_.find(origin);
  if (found != hosts_.end()) return found->second;
  return hosts_.emplace(std::string(origin), HostStats{}).first->second;
}

void Stats::on_request_sent(const RequestSent& e) {
  HostStats& row = host(e.origin);
  if (!e.retry) {
    ++requests_;
    ++row.requests;
  }
  if (e.reused && !e.retry) {  // a resend is not a request of its own (see retries)
    ++reused_requests_;
    ++row.reused_requests;
  }
  if (e.pipelined) ++pipelined_requests_;
}

void Stats::on_transfer_end(const TransferResult& e) {
  if (e.requests_sent == 0) {
    ++requests_;  // it failed before a request could be written; it still was one
    if (!e.origin.empty()) ++host(e.origin).requests;
  }
  if (e.error.ok()) {
    ++succeeded_;
  } else {
    ++failed_;
    if (!e.origin.empty()) ++host(e.origin).failed;
  }
  count_response(totals_, e.status, e.response);
  if (!e.origin.empty()) count_response(host(e.origin), e.status, e.response);
  bytes_received_ += e.wire_bytes_received;
  bytes_sent_ += e.bytes_sent;  // as the connection wrote them: streamed bodies included
  latency_.record(e.time_total);
}

void Stats::on_connection_event(const ConnectionEvent& e) {
  switch (e.kind) {
    case ConnectionEvent::Kind::Connected:
      ++connections_opened_;
      ++open_connections_;
      ++host(e.origin).connections_opened;
      if (e.tls) {
        ++tls_handshakes_;
        if (e.tls_resumed) ++tls_resumed_;
      }
      break;
    case ConnectionEvent::Kind::Closed:
      ++closed_[static_cast<size_t>(e.reason)];
      if (open_connections_ > 0) --open_connections_;
      break;
    case ConnectionEvent::Kind::Trying:
    case ConnectionEvent::Kind::Reused:
    case ConnectionEvent::Kind::LeftIntact:
      break;
  }
}

void Stats::on_retry(const RetryEvent& e) {
  ++retries_;
  if (e.kind == RetryEvent::Kind::Stale) ++stale_retries_;
  if (!e.origin.empty()) ++host(e.origin).retries;
}

void Stats::on_run_end() {
  ended_ = clock_();
}

double Stats::reuse_ratio() const {
  return requests_ == 0 ? 0.0
                        : static_cast<double>(reused_requests_) / static_cast<double>(requests_);
}

double Stats::elapsed() const {
  return (ended_ > 0 ? ended_ : clock_()) - started_;
}

std::string Stats::render_text() const {
  double seconds = elapsed();
  double rate = seconds > 0 ? static_cast<double>(requests_) / seconds : 0;
  std::string out;
  out += "requests:     " + std::to_string(requests_) + " (" + std::to_string(succeeded_) +
         " succeeded, " + std::to_string(failed_) + " failed) in " + number(seconds) + " s, " +
         number(rate, "%.1f") + " req/s\n";
  out += "connections:  " + std::to_string(connections_opened_) + " opened, " +
         std::to_string(reused_requests_) + " requests reused one (" +
         number(reuse_ratio() * 100, "%.1f") + "% reuse)\n";
  out += "closed:      ";
  for (CloseReason reason : kCloseReasons) {
    out += std::string(" ") + close_reason_key(reason) + " " +
           std::to_string(closed_[static_cast<size_t>(reason)]);
  }
  out += "\n";
  out += "retries:      " + std::to_string(retries_) + " (" + std::to_string(stale_retries_) +
         " stale), " + std::to_string(pipelined_requests_) + " pipelined requests\n";
  out += "tls:          " + std::to_string(tls_handshakes_) + " handshakes, " +
         std::to_string(tls_resumed_) + " resumed\n";
  out += "latency ms:   p50 " + number(latency_.percentile_ms(50)) + ", p90 " +
         number(latency_.percentile_ms(90)) + ", p99 " + number(latency_.percentile_ms(99)) +
         ", max " + number(latency_.max_ms()) + "\n";
  out += "bytes:        " + std::to_string(bytes_received_) + " received, " +
         std::to_string(bytes_sent_) + " sent\n";
  out += "status:       " + counts_text(kStatusClasses, totals_.status) + "\n";
  out += "http:         " + counts_text(kHttpVersions, totals_.http_versions) + "\n";
  for (const auto& [origin, row] : hosts_) {
    out += "host " + printable(origin) + ": " + std::to_string(row.requests) + " requests, " +
           std::to_string(row.connections_opened) + " connections, " +
           std::to_string(row.reused_requests) + " reused, " + std::to_string(row.failed) +
           " failed, " + std::to_string(row.retries) + " retries; status " +
           counts_text(kStatusClasses, row.status) + "; http " +
           counts_text(kHttpVersions, row.http_versions) + "\n";
  }
  return out;
}

std::string Stats::render_json() const {
  double seconds = elapsed();
  double rate = seconds > 0 ? static_cast<double>(requests_) / seconds : 0;
  auto field = [](std::string& out, const char* key, const std::string& value) {
    out += "\"";
    out += key;
    out += "\":";
    out += value;
    out += ",";
  };
  std::string out = "{";
  field(out, "requests", std::to_string(requests_));
  field(out, "succeeded", std::to_string(succeeded_));
  field(out, "failed", std::to_string(failed_));
  field(out, "connections_opened", std::to_string(connections_opened_));
  field(out, "reused_requests", std::to_string(reused_requests_));
  field(out, "reuse_ratio", number(reuse_ratio(), "%.6f"));
  field(out, "retries", std::to_string(retries_));
  field(out, "stale_retries", std::to_string(stale_retries_));
  field(out, "pipelined_requests", std::to_string(pipelined_requests_));
  // HTTP/1.1 has only the stale replay; GOAWAY and REFUSED_STREAM are HTTP/2's.
  out += "\"replays\":{\"stale\":" + std::to_string(stale_retries_) +
         ",\"goaway\":0,\"refused_stream\":0},";
  std::string closed = "{";
  for (CloseReason reason : kCloseReasons) {
    field(closed, close_reason_key(reason), std::to_string(closed_[static_cast<size_t>(reason)]));
  }
  closed.back() = '}';
  field(out, "connections_closed", closed);
  field(out, "tls",
        "{\"handshakes\":" + std::to_string(tls_handshakes_) +
            ",\"resumed\":" + std::to_string(tls_resumed_) + "}");
  field(out, "elapsed_s", number(seconds, "%.6f"));
  field(out, "requests_per_s", number(rate, "%.3f"));
  field(out, "latency_ms",
        "{\"p50\":" + number(latency_.percentile_ms(50)) + ",\"p90\":" +
            number(latency_.percentile_ms(90)) + ",\"p99\":" + number(latency_.percentile_ms(99)) +
            ",\"max\":" + number(latency_.max_ms()) + "}");
  field(out, "bytes_received", std::to_string(bytes_received_));
  field(out, "bytes_sent", std::to_string(bytes_sent_));
  std::string hosts = "{";
  for (const auto& [origin, row] : hosts_) {
    append_json_string(hosts, origin);
    hosts += ":{\"requests\":" + std::to_string(row.requests) +
             ",\"connections_opened\":" + std::to_string(row.connections_opened) +
             ",\"reused_requests\":" + std::to_string(row.reused_requests) +
             ",\"failed\":" + std::to_string(row.failed) +
             ",\"retries\":" + std::to_string(row.retries) +
             ",\"status\":" + counts_json(kStatusClasses, row.status) +
             ",\"http_versions\":" + counts_json(kHttpVersions, row.http_versions) + "},";
  }
  if (hosts.back() == ',') hosts.pop_back();
  hosts += "}";
  field(out, "hosts", hosts);
  field(out, "status", counts_json(kStatusClasses, totals_.status));
  out += "\"http_versions\":" + counts_json(kHttpVersions, totals_.http_versions) + "}";
  return out;
}

}  // namespace kurl
