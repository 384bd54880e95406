#include "engine/transfer_result.h"

#include <algorithm>
#include <optional>

#include "core/redact.h"
#include "core/text.h"
#include "engine/redirect_policy.h"
#include "net/timer.h"

namespace kurl {

namespace {

double since(double start, double mark) {
  return mark > 0 && start > 0 ? std::max(0.0, mark - start) : 0;
}

// curl's redirect_url: the URL a final 3xx's Location names, resolved, when -L did not
// follow it (or could not: too many redirects).
void describe_redirect_url(const Transfer& transfer, std::string& out) {
  out.clear();
  const Response& response = transfer.response;
  if (response.status < 300 || response.status > 399) return;
  std::optional<std::string_view> location = response.headers.find("Location");
  if (!location) return;
  Result<RedirectPlan> plan =
      plan_redirect(transfer.request.url, transfer.request.method, response.status, *location);
  if (!plan) return;
  out.append(plan->url.scheme).append("://");
  plan->url.append_host_header(out);
  out.append(plan->url.target);
}

}  // namespace

void describe_transfer(const Transfer& transfer, const Verdict& verdict,
                       std::string_view default_method, TransferResult& r) {
  const Request& request = transfer.request;
  bool has_url = !request.url.host.empty();
  r.index = transfer.spec.index;
  r.line = transfer.spec.line;
  // The one place a URL as given becomes what every sink shows: without credentials.
  r.url.clear();
  append_without_credentials(r.url, transfer.spec.url);
  r.url_effective.clear();
  r.origin.clear();
  if (has_url) {
    r.url_effective.append(request.url.scheme).append("://");
    request.url.append_host_header(r.url_effective);
    r.url_effective.append(request.url.target);
    request.url.append_origin(r.origin);
  } else {
    r.url_effective = r.url;
  }
  if (!request.method.empty()) {
    r.method = request.method;
  } else {  // it failed before a request was built (a malformed line or URL)
    r.method = !transfer.spec.method.empty() ? transfer.spec.method
               : !default_method.empty()     ? std::string(default_method)
                                             : std::string("GET");
  }
  r.name = transfer.spec.name;
  r.status = transfer.response.status;
  r.error = verdict.error;
  r.expectation_failed = verdict.expectation_failed;
  r.bytes_received = transfer.response.body_bytes;
  r.wire_bytes_received = transfer.wire_bytes_received + transfer.response.wire_bytes;
  r.http_connect = transfer.proxy_connect_status;
  r.header_bytes =
      transfer.head_bytes_received - transfer.attempt_start.head_bytes + transfer.response.head_bytes;
  r.bytes_sent = transfer.bytes_sent - transfer.attempt_start.bytes_sent;
  r.requests_sent = transfer.requests_sent;
  r.upload_bytes = transfer.body_bytes_sent;
  r.connection_id = transfer.connection_id;
  r.has_connection = transfer.has_connection;
  r.reused = transfer.reused;
  r.attempts = transfer.attempts;
  r.stale_retry = transfer.stale_retry;
  r.replays = transfer.replays;
  r.failed_attempts = transfer.failed_attempts;  // allocates only when there are some
  r.redirects = transfer.redirects;
  r.num_connects = transfer.connections_opened - transfer.attempt_start.connections;
  r.peer_certificates = transfer.peer_certificates;
  double start = transfer.start_time;
  double end = monotonic_seconds();
  r.time_total = end - start;
  // A reused connection needs no lookup or connect: those times are 0, as in curl.
  r.time_namelookup = since(start, transfer.namelookup_time);
  r.time_connect = since(start, transfer.connect_time);
  r.time_appconnect = since(start, transfer.appconnect_time);
  r.time_starttransfer = since(start, transfer.first_byte_time);
  r.time_pretransfer = since(start, transfer.pretransfer_time);
  r.time_redirect = since(start, transfer.redirect_time);
  r.remote_ip = transfer.remote_ip;
  r.remote_port = transfer.remote_port;
  r.local_port = transfer.local_port;
  r.local_ip = transfer.local_ip;
  r.response = &transfer.response;
  describe_redirect_url(transfer, r.redirect_url);
  r.referer.clear();
  for (const Header& header : request.headers) {
    if (iequals(header.name, "Referer")) r.referer = header.value;
  }
}

void describe_request_sent(const Transfer& transfer, uint64_t connection_id,
                           std::string_view origin, std::string_view head, RequestSent& sent) {
  sent.index = transfer.spec.index;
  sent.connection_id = connection_id;
  sent.origin = origin;
  sent.head = head;
  const BodyStream* body = transfer.request.has_body ? transfer.request.body : nullptr;
  sent.body = body ? body->held_bytes() : std::string_view();
  sent.reused = transfer.reused;
  sent.pipelined = transfer.pipelined;
  sent.retry = transfer.retried;
}

}  // namespace kurl
