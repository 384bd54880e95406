// The reuse statistics of a run (--stats, --stats=json, --stats-file): counters and a
// fixed histogram, so memory stays constant for any number of requests.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/histogram.h"
#include "engine/observer.h"

namespace kurl {

/// Per-origin figures: the "hosts" object of --stats=json.
struct HostStats {
  uint64_t requests = 0;            ///< requests sent to the origin (see Stats::requests)
  uint64_t connections_opened = 0;  ///< connections established to it
  uint64_t reused_requests = 0;     ///< requests sent on a connection that had carried one
  uint64_t failed = 0;              ///< requests of the run whose last hop went there and failed
  uint64_t retries = 0;             ///< attempts sent again (stale, pipelined, --retry)
  /// Final responses by status class, 1xx to 5xx (the "status" object): one per request that
  /// got a response, counted at its last hop (redirects followed with -L are not counted).
  std::array<uint64_t, 5> status{};
  /// Final responses by HTTP version: "1.0", "1.1", "2" (the "http_versions" object).
  std::array<uint64_t, 3> http_versions{};
};

/// Accumulates the statistics from engine events and renders them.
class Stats final : public Observer {
 public:
  /// `clock` returns monotonic seconds (injectable for tests).
  explicit Stats(std::function<double()> clock);

  void on_request_sent(const RequestSent& e) override;
  void on_transfer_end(const TransferResult& e) override;
  void on_connection_event(const ConnectionEvent& e) override;
  void on_retry(const RetryEvent& e) override;
  void on_run_end() override;

  /// The human-readable block printed by --stats.
  std::string render_text() const;
  /// One JSON object with every key of CLI.md "Statistics".
  std::string render_json() const;

  /// HTTP requests made: every URL or batch line, and every redirect followed; a resend
  /// after a stale connection is not a new request (it is in retries).
  uint64_t requests() const { return requests_; }
  uint64_t succeeded() const { return succeeded_; }
  uint64_t failed() const { return failed_; }
  uint64_t connections_opened() const { return connections_opened_; }
  uint64_t reused_requests() const { return reused_requests_; }
  size_t open_connections() const { return open_connections_; }
  /// reused_requests / requests, 0 without requests.
  double reuse_ratio() const;
  /// Seconds from construction to on_run_end (or to now while running).
  double elapsed() const;
  /// The latency of every request (time_total), for --expect-latency.
  const LatencyHistogram& latency() const { return latency_; }

 private:
  HostStats& host(std::string_view origin);

  std::function<double()> clock_;
  double started_;
  double ended_ = 0;
  uint64_t requests_ = 0;
  uint64_t succeeded_ = 0;
  uint64_t failed_ = 0;
  uint64_t connections_opened_ = 0;
  uint64_t reused_requests_ = 0;
  uint64_t retries_ = 0;
  uint64_t stale_retries_ = 0;
  uint64_t pipelined_requests_ = 0;
  std::array<uint64_t, 5> closed_{};  ///< indexed by CloseReason
  uint64_t tls_handshakes_ = 0;
  uint64_t tls_resumed_ = 0;
  uint64_t bytes_received_ = 0;
  uint64_t bytes_sent_ = 0;
  size_t open_connections_ = 0;
  LatencyHistogram latency_;
  HostStats totals_;  ///< only its status and http_versions: the top-level objects
  std::map<std::string, HostStats, std::less<>> hosts_;
};

}  // namespace kurl
