#include "engine/observer.h"

namespace kurl {

const char* close_reason_key(CloseReason reason) {
  switch (reason) {
    case CloseReason::ServerClose:
      return "server_close";
    case CloseReason::IdleTimeout:
      return "idle_timeout";
    case CloseReason::MaxRequests:
      return "max_requests";
    case CloseReason::Error:
      return "error";
    case CloseReason::EndOfRun:
      return "end_of_run";
  }
  return "error";
}

const char* close_reason_words(CloseReason reason) {
  switch (reason) {
    case CloseReason::ServerClose:
      return "server asked";
    case CloseReason::IdleTimeout:
      return "idle timeout";
    case CloseReason::MaxRequests:
      return "max requests";
    case CloseReason::Error:
      return "error";
    case CloseReason::EndOfRun:
      return "end of run";
  }
  return "error";
}

void ObserverList::on_transfer_start(const TransferStart& e) {
  for (Observer* o : observers_) o->on_transfer_start(e);
}
void ObserverList::on_request_sent(const RequestSent& e) {
  for (Observer* o : observers_) o->on_request_sent(e);
}
void ObserverList::on_response_head(const ResponseHead& e) {
  for (Observer* o : observers_) o->on_response_head(e);
}
void ObserverList::on_response_body(uint64_t index, std::string_view bytes) {
  for (Observer* o : observers_) o->on_response_body(index, bytes);
}
void ObserverList::amend_result(TransferResult& e) {
  for (Observer* o : observers_) o->amend_result(e);
}
void ObserverList::on_transfer_end(const TransferResult& e) {
  for (Observer* o : observers_) o->on_transfer_end(e);
}
void ObserverList::on_connection_event(const ConnectionEvent& e) {
  for (Observer* o : observers_) o->on_connection_event(e);
}
void ObserverList::on_retry(const RetryEvent& e) {
  for (Observer* o : observers_) o->on_retry(e);
}
void ObserverList::on_tick(size_t open_connections) {
  for (Observer* o : observers_) o->on_tick(open_connections);
}
void ObserverList::on_run_end() {
  for (Observer* o : observers_) o->on_run_end();
}
Error ObserverList::stop_reason() const {
  for (const Observer* o : observers_) {
    if (Error reason = o->stop_reason(); !reason.ok()) return reason;
  }
  return Error();
}

bool ObserverList::holds_back() const {
  for (const Observer* o : observers_) {
    if (o->holds_back()) return true;
  }
  return false;
}

}  // namespace kurl
