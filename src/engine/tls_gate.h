// The run's TLS context, built off the loop thread the first time an https request needs it.
#pragma once

#include <uv.h>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "core/error.h"
#include "net/tls_context.h"

namespace kurl {

struct Transfer;

/// Reading and parsing the CA bundle (and a client certificate, perhaps from a slow FIFO)
/// takes tens of milliseconds or more: it runs on libuv's thread pool, so the loop keeps
/// serving plain-http requests meanwhile. An https request that comes first waits here and
/// is handed back, in arrival order, once the context is ready or has failed.
class TlsGate {
 public:
  /// `resume(transfer, fresh_connection, error)` continues a waiting request on the loop:
  /// `error` is ok when the context is ready, else why it could not be made.
  using Resume = std::function<void(Transfer&, bool fresh_connection, const Error&)>;

  TlsGate(uv_loop_t* loop, TlsSettings settings, Resume resume);
  ~TlsGate();
  TlsGate(const TlsGate&) = delete;
  TlsGate& operator=(const TlsGate&) = delete;

  /// True when an https request may go on now. Otherwise it waits (and the build starts)
  /// until resume() hands it back; when the context could not be made, it is handed back
  /// at once with the error.
  bool admit(Transfer& transfer, bool fresh_connection);
  /// The context once admit() has let a request through.
  TlsContext* context() const { return context_.get(); }
  size_t waiting() const { return waiting_.size(); }
  /// Hands every waiting request back with `reason` (an aborted run).
  void cancel_all(const Error& reason);

 private:
  struct Build;
  static void build_on_thread(uv_work_t* work);
  static void built(uv_work_t* work, int status);
  void start_build();
  void take(Build& build);

  uv_loop_t* loop_;
  TlsSettings settings_;
  Resume resume_;
  std::unique_ptr<TlsContext> context_;
  Error error_;
  Build* building_ = nullptr;  ///< owned by the thread pool's request until built() runs
  std::vector<std::pair<Transfer*, bool>> waiting_;
};

}  // namespace kurl
