// The engine: pulls requests from a Source, runs them over pooled connections on a libuv
// loop, and reports every event to an Observer.
#pragma once

#include <uv.h>

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/connection.h"
#include "engine/engine_config.h"
#include "engine/observer.h"
#include "engine/pool.h"
#include "engine/rate_limiter.h"
#include "engine/request_headers.h"
#include "engine/request_spec.h"
#include "engine/retry_scheduler.h"
#include "engine/tls_gate.h"
#include "engine/transfer.h"
#include "engine/transfer_limits.h"
#include "engine/transfer_result.h"
#include "net/timer.h"

namespace kurl {

/// Runs one invocation's requests. Create, run(), then read results from the observer.
class Engine final : private ConnectionOwner {
 public:
  /// Takes the config by value: main moves it in, so a large -d body is held once.
  Engine(uv_loop_t* loop, EngineConfig config, Source& source, Observer& observer);
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Runs the loop until every request has ended and every connection is closed.
  void run();
  /// Stops starting requests and aborts those in flight (SIGINT/SIGTERM): waiting requests
  /// end with `reason`, connections close. Call from a top-level loop callback (a signal).
  void abort(const Error& reason);
  /// The same, from inside a connection callback: stops now, tears down on the next turn.
  void request_stop(const Error& reason);

 private:
  // ConnectionOwner
  void on_head(Connection& connection, Transfer& transfer) override;
  void on_interim_head(Connection& connection, Transfer& transfer) override;
  void on_body(Connection& connection, Transfer& transfer, std::string_view bytes) override;
  void on_complete(Connection& connection, Transfer& transfer) override;
  void on_failed(Connection& connection, Transfer& transfer, const Error& error) override;
  void on_ready(Connection& connection) override;
  void on_idle(Connection& connection) override;
  void on_leaving(Connection& connection) override;
  void on_closed(Connection& connection) override;
  void on_connection_event(const ConnectionEvent& event) override;
  void on_request_written(Connection& connection, Transfer& transfer,
                          std::string_view head) override;

  void pump();
  void begin(Transfer& transfer);
  Error prepare_first_request(Transfer& transfer);
  Error route(Transfer& transfer);
  void dispatch(Transfer& transfer, bool fresh_connection);
  void serve_waiters(OriginState& origin, Connection* connection);
  void enqueue_waiter(OriginState& origin, Transfer& transfer, bool resend);
  Transfer& take_waiter(OriginState& origin);
  void follow_redirect(Transfer& transfer);
  void finish(Transfer& transfer, const Error& error);
  void maybe_end_run();
  void on_tick();
  void on_rate_timer();
  Transfer* acquire_transfer();
  void release_transfer(Transfer* transfer);

  uv_loop_t* loop_;
  EngineConfig config_;
  Source& source_;
  Observer& observer_;
  RateLimiter rate_;
  std::unique_ptr<Timer> rate_timer_;
  std::unique_ptr<Timer> tick_timer_;
  std::unique_ptr<Timer> abort_timer_;

  TlsGate tls_;  ///< the TLS context, built on the thread pool for the first https request
  Pool pool_;
  RetryScheduler retry_;   ///< --retry: requests waiting for their resend
  TransferLimits limits_;  ///< -r, -C, --limit-rate, --max-filesize

  std::vector<std::unique_ptr<Transfer>> all_transfers_;  ///< owner of every Transfer
  std::vector<Transfer*> spare_transfers_;                ///< recycled, ready for reuse
  Transfer* rate_pending_ = nullptr;  ///< read from the source, waiting for a --rate token
  size_t in_flight_ = 0;  ///< transfers on a connection (sent or waiting for it to open)
  size_t queued_ = 0;     ///< transfers waiting in an origin queue
  size_t live_ = 0;       ///< transfers begun and not finished
  bool source_done_ = false;
  bool stopping_ = false;  ///< no new requests; no retries
  bool aborted_ = false;   ///< connections were closed for abort()
  bool ended_ = false;
  bool pumping_ = false;
  bool pump_again_ = false;
  Error abort_error_;
  TransferResult result_;            ///< reused for every on_transfer_end
  HeaderDefaults defaults_scratch_;  ///< reused when a request's defaults differ from the run's
};

}  // namespace kurl
