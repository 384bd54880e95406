#include "engine/connection.h"

#include <algorithm>
#include <optional>

#include "engine/retry_policy.h"
#include "engine/reuse_close.h"
#include "engine/transport_stack.h"
#include "http/reuse_policy.h"
#include "net/tls_transport.h"

namespace kurl {

namespace {

/// How long a body waits for the server's 100 Continue before it goes anyway (curl's
/// --expect100-timeout default).
constexpr double kExpectContinueTimeout = 1;

}  // namespace

Connection::Connection(uv_loop_t* loop, ConnectionOwner& owner, uint64_t id,
                       const ConnectionSettings& settings)
    : loop_(loop),
      owner_(owner),
      id_(id),
      settings_(settings),
      session_(*this),
      timer_(loop, [this] { on_timer(); }),
      idle_limit_(settings.keepalive) {
  transport_ = make_transport_stack(loop_, *this, settings_, tls_transport_);
}

Connection::~Connection() {
  if (resolution_) resolution_->cancel();
}

void Connection::start(Transfer& first) {
  first_ = &first;
  state_ = State::Resolving;
  connect_started_ = monotonic_seconds();
  arm_timer();
  resolution_ = Resolution::start(loop_, settings_.target, [this](Error error, AddressList found) {
    resolution_ = nullptr;
    on_resolved(error, std::move(found));
  });
}

void Connection::on_resolved(const Error& error, AddressList addresses) {
  if (state_ == State::Closing) return;
  if (first_) first_->namelookup_time = monotonic_seconds();
  if (!error.ok()) {
    if (settings_.via_proxy) {
      close(CloseReason::Error,
            Error(ExitCode::ProxyNotResolved, "could not resolve proxy: " + settings_.target.host));
    } else {
      close(CloseReason::Error, error);
    }
    return;
  }
  addresses_ = std::move(addresses);
  state_ = State::Connecting;
  connect_next_address();
}

void Connection::connect_next_address() {
  if (next_address_ >= addresses_.size()) {
    close(CloseReason::Error, last_connect_error_);
    return;
  }
  const sockaddr_storage& address = addresses_[next_address_++];
  remote_ip_ = address_to_string(address);
  remote_port_ = address_port(address);
  emit(ConnectionEvent::Kind::Trying);
  if (address.ss_family == AF_UNIX) remote_port_ = settings_.target.port;  // curl's port after
  transport_->connect(address);
}

void Connection::on_transport_ready() {
  if (state_ == State::Closing) return;
  established_ = true;
  state_ = State::Idle;
  std::string tls_description = tls_transport_ ? tls_transport_->description() : std::string();
  emit(ConnectionEvent::Kind::Connected, CloseReason::EndOfRun, tls_description);
  owner_.on_ready(*this);
  if (state_ != State::Idle) return;  // closed meanwhile, or busy already
  Transfer* first = first_;
  first_ = nullptr;
  if (first) {
    first->opened_connection(*transport_, settings_.tls);
    send(*first);
  } else {
    become_idle();
  }
}

bool Connection::can_accept(const Transfer& transfer) const {
  if (state_ == State::Closing) return false;
  if (settings_.max_requests != 0 && requests_sent_ >= settings_.max_requests) return false;
  if (state_ == State::Idle) return true;
  if (state_ != State::Busy || !pipelining_ok_) return false;
  return session_.can_pipeline(transfer, settings_.pipeline);
}

void Connection::send(Transfer& transfer) {
  transfer.connection = this;
  transfer.has_connection = true;
  transfer.connection_id = id_;
  transfer.reused = requests_sent_ > 0;
  transfer.pipelined = in_flight() > 0;
  transfer.set_addresses(remote_ip_, remote_port_, transport_->local_ip(),
                         transport_->local_port());
  transfer.response_started = false;
  if (transfer.reused) emit(ConnectionEvent::Kind::Reused);
  out_.clear();
  if (transfer.request.body) transfer.request.body->set_waker(this);
  Http1Session::Enqueued enqueued = session_.enqueue(transfer, out_);
  ++requests_sent_;
  ++transfer.requests_sent;
  transfer.bytes_sent += out_.size();
  state_ = State::Busy;
  transfer.pretransfer_time = last_activity_ = monotonic_seconds();
  continue_deadline_ = session_.awaiting_continue() ? last_activity_ + kExpectContinueTimeout : 0;
  owner_.on_request_written(*this, transfer, std::string_view(out_).substr(0, enqueued.head_length));
  write_out();
  arm_timer();
  after_body_step(enqueued.body);
}

void Connection::on_transport_data(std::string_view bytes) {
  last_activity_ = monotonic_seconds();
  if (state_ == State::Idle) {
    close(CloseReason::Error,
          Error(ExitCode::BadServerReply, "unexpected data on an idle connection"));
    return;
  }
  while (!bytes.empty() && state_ == State::Busy) {
    Transfer& front = *session_.in_flight().front();
    if (!front.response_started) {
      front.response_started = true;
      front.first_byte_time = monotonic_seconds();
    }
    Http1Session::Progress progress = session_.feed(bytes);
    if (state_ == State::Closing) return;
    if (progress.step == Http1Session::Step::Failed) {
      close(CloseReason::Error, session_.error());
      return;
    }
    if (progress.step == Http1Session::Step::NeedMore) {
      if (body_stalled_ && !session_.awaiting_continue()) on_body_ready();  // the 100 came
      return;
    }
    bytes.remove_prefix(progress.consumed);
    on_response_done(*progress.done, !bytes.empty());
  }
}

void Connection::on_response_done(Transfer& transfer, bool bytes_follow) {
  ++responses_done_;
  last_used_ = monotonic_seconds();
  transfer.connection = nullptr;
  ReuseContext context;
  context.requests_pipelined = !session_.in_flight().empty();
  context.trailing_bytes = bytes_follow && !context.requests_pipelined;
  context.request_body_unsent = session_.body_cut_short();
  ReuseDecision decision = decide_reuse(transfer.response, context);
  transfer.refuses_pipelining = !decision.pipelining_ok;
  if (decision.server_idle_timeout)
    idle_limit_ = std::min(idle_limit_, *decision.server_idle_timeout);
  std::optional<ReuseClose> close_now;
  if (!decision.reusable()) {
    close_now = close_for_verdict(decision.verdict);
  } else if (settings_.keepalive <= 0 ||
             (settings_.max_requests != 0 && responses_done_ >= settings_.max_requests)) {
    close_now = ReuseClose{CloseReason::MaxRequests, Error()};  // --keepalive=0: one each
  }
  if (close_now) {
    // Close first, so the reason recorded is this one even if completing the request ends
    // the run (which closes whatever is still open as "end of run"); requests pipelined
    // behind this one are resent.
    close(close_now->reason, close_now->error);
    owner_.on_complete(*this, transfer);
    return;
  }
  if (session_.in_flight().empty()) {
    state_ = State::Idle;
    emit(ConnectionEvent::Kind::LeftIntact);
  }
  owner_.on_complete(*this, transfer);
  if (state_ == State::Idle) {
    become_idle();
  } else if (state_ == State::Busy) {
    arm_timer();
  }
}

void Connection::become_idle() {
  idle_since_ = monotonic_seconds();
  arm_timer();
  owner_.on_idle(*this);
}

void Connection::on_transport_eof() {
  switch (state_) {
    case State::Idle:
      close(CloseReason::ServerClose);
      return;
    case State::Busy: {
      Http1Session::Progress progress = session_.finish();
      if (progress.step == Http1Session::Step::ResponseDone) {
        on_response_done(*progress.done, false);
        if (state_ != State::Closing) close(CloseReason::ServerClose);
        return;
      }
      bool started =
          !session_.in_flight().empty() && session_.in_flight().front()->response_started;
      close(started ? CloseReason::Error : CloseReason::ServerClose, session_.error());
      return;
    }
    case State::Resolving:
    case State::Connecting:
      close(CloseReason::Error,
            Error(ExitCode::ConnectFailed, "connection closed while connecting"));
      return;
    case State::Closing:
      return;
  }
}

void Connection::on_transport_error(const Error& error) {
  if (state_ == State::Connecting) {
    last_connect_error_ = error;
    if (next_address_ < addresses_.size()) {
      reconnect_after_close_ = true;
      transport_->close();
      return;
    }
  }
  close(CloseReason::Error, error);
}

void Connection::on_transport_closed() {
  if (reconnect_after_close_ && state_ == State::Connecting) {
    reconnect_after_close_ = false;
    transport_ = make_transport_stack(loop_, *this, settings_, tls_transport_);
    connect_next_address();
    return;
  }
  owner_.on_closed(*this);  // frees this connection
}

void Connection::close(CloseReason reason, const Error& error) {
  if (state_ == State::Closing) return;
  state_ = State::Closing;
  reconnect_after_close_ = false;
  timer_.stop();
  if (resolution_) {
    resolution_->cancel();
    resolution_ = nullptr;
  }
  // Only an error close has words to add; the in-flight error text is for the requests.
  if (established_)
    emit(ConnectionEvent::Kind::Closed, reason, reason == CloseReason::Error ? error.message : "");
  // Fail (and so resend) what was in flight before anything queued can take its place.
  fail_in_flight(error.ok() ? Error(ExitCode::RecvFailed, "connection closed before the response")
                            : error);
  owner_.on_leaving(*this);
  transport_->close();
}

void Connection::fail_in_flight(const Error& error) {
  if (Transfer* first = first_) {
    first_ = nullptr;
    first->proxy_connect_status = transport_->proxy_connect_status();
    owner_.on_failed(*this, *first, error);
  }
  std::vector<Transfer*> failed;
  session_.take_in_flight(failed);
  for (Transfer* transfer : failed) {
    transfer->connection = nullptr;
    owner_.on_failed(*this, *transfer, error);
  }
}

void Connection::emit(ConnectionEvent::Kind kind, CloseReason reason, std::string_view detail) {
  ConnectionEvent event;
  event.kind = kind;
  event.id = id_;
  event.host = settings_.target.host;
  event.origin = settings_.origin;
  event.ip = remote_ip_;
  event.port = remote_port_;
  event.reason = reason;
  event.detail = detail;
  event.tls = tls_transport_ != nullptr;
  event.tls_resumed = tls_transport_ != nullptr && tls_transport_->resumed();
  owner_.on_connection_event(event);
}

}  // namespace kurl
