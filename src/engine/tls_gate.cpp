#include "engine/tls_gate.h"

namespace kurl {

struct TlsGate::Build {
  uv_work_t work{};
  TlsGate* gate = nullptr;  ///< null once the gate is gone: the result is dropped
  TlsSettings settings;
  Result<std::unique_ptr<TlsContext>> made = Error();
};

TlsGate::TlsGate(uv_loop_t* loop, TlsSettings settings, Resume resume)
    : loop_(loop), settings_(std::move(settings)), resume_(std::move(resume)) {}

TlsGate::~TlsGate() {
  if (building_) building_->gate = nullptr;
}

bool TlsGate::admit(Transfer& transfer, bool fresh_connection) {
  if (context_) return true;
  if (error_.ok() && !building_) start_build();
  if (!error_.ok()) {
    resume_(transfer, fresh_connection, error_);
    return false;
  }
  waiting_.emplace_back(&transfer, fresh_connection);
  return false;
}

void TlsGate::start_build() {
  auto build = std::make_unique<Build>();
  build->gate = this;
  build->settings = settings_;
  build->work.data = build.get();
  int rc = uv_queue_work(loop_, &build->work, &TlsGate::build_on_thread, &TlsGate::built);
  if (rc != 0) {
    error_ = Error(ExitCode::TlsHandshake, std::string("can't set up TLS: ") + uv_strerror(rc));
    return;
  }
  building_ = build.release();  // the thread pool's request owns it until built()
}

void TlsGate::build_on_thread(uv_work_t* work) {
  auto* build = static_cast<Build*>(work->data);
  build->made = TlsContext::create(build->settings);
}

void TlsGate::built(uv_work_t* work, int /*status*/) {
  std::unique_ptr<Build> build(static_cast<Build*>(work->data));
  if (build->gate) build->gate->take(*build);
}

void TlsGate::take(Build& build) {
  building_ = nullptr;
  if (build.made) {
    context_ = std::move(*build.made);
  } else {
    error_ = build.made.error();
  }
  // resume() may admit more requests: hand back only those that waited until now.
  std::vector<std::pair<Transfer*, bool>> ready;
  ready.swap(waiting_);
  for (auto& [transfer, fresh] : ready) resume_(*transfer, fresh, error_);
}

void TlsGate::cancel_all(const Error& reason) {
  std::vector<std::pair<Transfer*, bool>> cancelled;
  cancelled.swap(waiting_);
  for (auto& [transfer, fresh] : cancelled) resume_(*transfer, fresh, reason);
}

}  // namespace kurl
