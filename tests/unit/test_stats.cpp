#include <simdjson.h>

#include <catch2/catch.hpp>
#include <map>
#include <cstdint>
#include <string>
#include <string_view>

#include "output/stats.h"

namespace {

using kurl::CloseReason;
using kurl::ConnectionEvent;
using kurl::RequestSent;
using kurl::Stats;
using kurl::TransferResult;

constexpr std::string_view kPlain = "http://a.example:80";
constexpr std::string_view kTls = "https://b.example:443";

// Drives a Stats the way the engine would, on a clock the test moves by hand.
class Run {
 public:
  double now = 100.0;
  Stats stats{[this] { return now; }};

  void connect(std::string_view origin, uint64_t id, bool tls = false, bool resumed = false) {
    ConnectionEvent e;
    e.kind = ConnectionEvent::Kind::Connected;
    e.id = id;
    e.origin = origin;
    e.tls = tls;
    e.tls_resumed = resumed;
    stats.on_connection_event(e);
  }
  void close(uint64_t id, CloseReason reason) {
    ConnectionEvent e;
    e.kind = ConnectionEvent::Kind::Closed;
    e.id = id;
    e.reason = reason;
    stats.on_connection_event(e);
  }
  void other_event(ConnectionEvent::Kind kind, std::string_view origin) {
    ConnectionEvent e;
    e.kind = kind;
    e.origin = origin;
    stats.on_connection_event(e);
  }
  void send(uint64_t index, std::string_view origin, bool reused, uint64_t bytes,
            bool pipelined = false, bool retry = false) {
    RequestSent e;
    e.index = index;
    e.origin = origin;
    e.reused = reused;
    sent_bytes[index] += bytes;  // the connection counts them; the result carries them
    e.pipelined = pipelined;
    e.retry = retry;
    stats.on_request_sent(e);
  }
  void end(uint64_t index, std::string_view origin, double seconds, uint64_t wire_bytes,
           kurl::Error error = {}, int requests_sent = 1) {
    TransferResult r;
    r.index = index;
    r.origin = std::string(origin);
    r.time_total = seconds;
    r.wire_bytes_received = wire_bytes;
    r.bytes_sent = sent_bytes[index];
    r.error = std::move(error);
    r.requests_sent = requests_sent;
    stats.on_transfer_end(r);
  }
  std::map<uint64_t, uint64_t> sent_bytes;  ///< per request index, as send() wrote them
};

// Two origins, no retries: 6 requests on 3 connections, 3 of them reused.
void typical_run(Run& run) {
  run.connect(kPlain, 1);
  run.send(1, kPlain, false, 100);
  run.end(1, kPlain, 0.010, 1000);
  run.other_event(ConnectionEvent::Kind::LeftIntact, kPlain);
  run.other_event(ConnectionEvent::Kind::Reused, kPlain);
  run.send(2, kPlain, true, 100);
  run.end(2, kPlain, 0.020, 1000);
  run.send(3, kPlain, true, 100, true);
  run.end(3, kPlain, 0.030, 1000);

  run.other_event(ConnectionEvent::Kind::Trying, kTls);
  run.connect(kTls, 2, true, false);
  run.send(4, kTls, false, 200);
  run.end(4, kTls, 0.100, 2000);
  run.connect(kTls, 3, true, true);
  run.send(5, kTls, false, 200);
  run.end(5, kTls, 0.200, 2000, kurl::Error(kurl::ExitCode::HttpError, "status 500"));
  run.send(6, kTls, true, 200);
  run.end(6, kTls, 0.300, 2000);

  run.close(1, CloseReason::IdleTimeout);
  run.close(2, CloseReason::ServerClose);
  run.close(3, CloseReason::EndOfRun);
  run.now += 2.0;
  run.stats.on_run_end();
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element doc;
  INFO(json);
  REQUIRE(parser.parse(json).get(doc) == simdjson::SUCCESS);
  REQUIRE(doc.is_object());
  return doc;
}

size_t key_count(simdjson::dom::element object) {
  size_t n = 0;
  for (auto field : simdjson::dom::object(object)) {
    (void)field;
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("stats: counters of a typical run") {
  Run run;
  typical_run(run);
  const Stats& s = run.stats;
  CHECK(s.requests() == 6);
  CHECK(s.succeeded() == 5);
  CHECK(s.failed() == 1);
  CHECK(s.connections_opened() == 3);
  CHECK(s.reused_requests() == 3);
  CHECK(s.requests() == s.connections_opened() + s.reused_requests());
  CHECK(s.reuse_ratio() == Approx(0.5));
  CHECK(s.open_connections() == 0);
  CHECK(s.elapsed() == Approx(2.0));
}

TEST_CASE("stats: open connections, and elapsed while running") {
  Run run;
  CHECK(run.stats.elapsed() == 0.0);
  run.connect(kPlain, 1);
  run.connect(kPlain, 2);
  CHECK(run.stats.open_connections() == 2);
  run.close(1, CloseReason::Error);
  CHECK(run.stats.open_connections() == 1);
  run.now += 1.5;
  CHECK(run.stats.elapsed() == Approx(1.5));
  run.stats.on_run_end();
  run.now += 10;
  CHECK(run.stats.elapsed() == Approx(1.5));  // frozen at the end of the run
}

TEST_CASE("stats: retries are counted apart from requests") {
  Run run;
  run.connect(kPlain, 1);
  run.send(1, kPlain, false, 10);
  run.end(1, kPlain, 0.01, 100);
  run.send(2, kPlain, true, 10);  // the server had closed the idle connection: stale
  run.close(1, CloseReason::Error);
  kurl::RetryEvent stale;
  stale.kind = kurl::RetryEvent::Kind::Stale;
  stale.index = 2;
  stale.origin = kPlain;
  run.stats.on_retry(stale);
  run.connect(kPlain, 2);
  run.send(2, kPlain, false, 10, false, true);
  run.end(2, kPlain, 0.02, 100);
  kurl::RetryEvent later;  // a --retry resend after a 503
  kurl::Error unavailable(kurl::ExitCode::HttpError, "the requested URL returned error: 503");
  later.kind = kurl::RetryEvent::Kind::Retry;
  later.index = 3;
  later.origin = kPlain;
  later.error = &unavailable;
  run.stats.on_retry(later);

  CHECK(run.stats.requests() == 2);
  CHECK(run.stats.connections_opened() == 2);
  CHECK(run.stats.reused_requests() == 1);
  CHECK(run.stats.succeeded() == 2);

  simdjson::dom::parser parser;
  auto doc = parse(parser, run.stats.render_json());
  CHECK(int64_t(doc["retries"]) == 2);
  CHECK(int64_t(doc["stale_retries"]) == 1);
  CHECK(int64_t(doc["bytes_sent"]) == 30);
  CHECK(int64_t(doc["hosts"][kPlain]["requests"]) == 2);
  CHECK(int64_t(doc["hosts"][kPlain]["retries"]) == 2);
}

TEST_CASE("stats: a request that failed before it was sent still counts") {
  Run run;
  run.end(1, kPlain, 0.5, 0, kurl::Error(kurl::ExitCode::ConnectFailed, "refused"), 0);
  run.end(2, "", 0.0, 0, kurl::Error(kurl::ExitCode::MalformedUrl, "bad"), 0);
  CHECK(run.stats.requests() == 2);
  CHECK(run.stats.failed() == 2);
  CHECK(run.stats.succeeded() == 0);

  simdjson::dom::parser parser;
  auto doc = parse(parser, run.stats.render_json());
  CHECK(key_count(doc["hosts"]) == 1);  // no row for a URL without an origin
  CHECK(int64_t(doc["hosts"][kPlain]["requests"]) == 1);
  CHECK(int64_t(doc["hosts"][kPlain]["failed"]) == 1);
  CHECK(int64_t(doc["hosts"][kPlain]["connections_opened"]) == 0);
}

TEST_CASE("stats: render_json has every key of CLI.md with the right values") {
  Run run;
  typical_run(run);
  simdjson::dom::parser parser;
  auto doc = parse(parser, run.stats.render_json());

  for (const char* key :
       {"requests", "succeeded", "failed", "connections_opened", "reused_requests", "reuse_ratio",
        "retries", "stale_retries", "pipelined_requests", "connections_closed", "tls", "elapsed_s",
        "requests_per_s", "latency_ms", "bytes_received", "bytes_sent", "hosts", "status",
        "http_versions", "replays"}) {
    INFO(key);
    CHECK(doc[key].error() == simdjson::SUCCESS);
  }
  CHECK(key_count(doc) == 20);
  simdjson::dom::element replays = doc["replays"];
  CHECK(key_count(replays) == 3);
  CHECK(int64_t(replays["stale"]) == int64_t(doc["stale_retries"]));
  CHECK(int64_t(replays["goaway"]) == 0);
  CHECK(int64_t(replays["refused_stream"]) == 0);

  CHECK(int64_t(doc["requests"]) == 6);
  CHECK(int64_t(doc["succeeded"]) == 5);
  CHECK(int64_t(doc["failed"]) == 1);
  CHECK(int64_t(doc["connections_opened"]) == 3);
  CHECK(int64_t(doc["reused_requests"]) == 3);
  CHECK(double(doc["reuse_ratio"]) == Approx(0.5));
  CHECK(int64_t(doc["retries"]) == 0);
  CHECK(int64_t(doc["stale_retries"]) == 0);
  CHECK(int64_t(doc["pipelined_requests"]) == 1);

  simdjson::dom::element closed = doc["connections_closed"];
  CHECK(key_count(closed) == 5);
  CHECK(int64_t(closed["server_close"]) == 1);
  CHECK(int64_t(closed["idle_timeout"]) == 1);
  CHECK(int64_t(closed["max_requests"]) == 0);
  CHECK(int64_t(closed["error"]) == 0);
  CHECK(int64_t(closed["end_of_run"]) == 1);

  simdjson::dom::element tls = doc["tls"];
  CHECK(key_count(tls) == 2);
  CHECK(int64_t(tls["handshakes"]) == 2);
  CHECK(int64_t(tls["resumed"]) == 1);

  CHECK(double(doc["elapsed_s"]) == Approx(2.0));
  CHECK(double(doc["requests_per_s"]) == Approx(3.0));

  simdjson::dom::element latency = doc["latency_ms"];
  CHECK(key_count(latency) == 4);
  // Six samples 10..300 ms: p50 is the third (30 ms), p90 and p99 the sixth (300 ms).
  CHECK(double(latency["p50"]) == Approx(30.0).epsilon(0.035));
  CHECK(double(latency["p90"]) == Approx(300.0).epsilon(0.035));
  CHECK(double(latency["p99"]) == Approx(300.0).epsilon(0.035));
  CHECK(double(latency["max"]) == Approx(300.0));

  CHECK(int64_t(doc["bytes_received"]) == 9000);
  CHECK(int64_t(doc["bytes_sent"]) == 900);

  simdjson::dom::element hosts = doc["hosts"];
  CHECK(key_count(hosts) == 2);
  simdjson::dom::element plain = hosts[kPlain];
  CHECK(key_count(plain) == 7);
  CHECK(int64_t(plain["requests"]) == 3);
  CHECK(int64_t(plain["connections_opened"]) == 1);
  CHECK(int64_t(plain["reused_requests"]) == 2);
  CHECK(int64_t(plain["failed"]) == 0);
  CHECK(int64_t(plain["retries"]) == 0);
  simdjson::dom::element secure = hosts[kTls];
  CHECK(int64_t(secure["requests"]) == 3);
  CHECK(int64_t(secure["connections_opened"]) == 2);
  CHECK(int64_t(secure["reused_requests"]) == 1);
  CHECK(int64_t(secure["failed"]) == 1);
}

TEST_CASE("stats: render_json of an empty run") {
  Run run;
  run.stats.on_run_end();
  simdjson::dom::parser parser;
  auto doc = parse(parser, run.stats.render_json());
  CHECK(key_count(doc) == 20);
  CHECK(int64_t(doc["requests"]) == 0);
  CHECK(double(doc["reuse_ratio"]) == 0.0);
  CHECK(double(doc["requests_per_s"]) == 0.0);
  CHECK(double(doc["latency_ms"]["p50"]) == 0.0);
  CHECK(double(doc["latency_ms"]["max"]) == 0.0);
  CHECK(key_count(doc["connections_closed"]) == 5);
  CHECK(key_count(doc["hosts"]) == 0);
}

TEST_CASE("stats: an origin that needs JSON escaping stays valid JSON") {
  Run run;
  const std::string odd = "http://we\"ird\\host:80";
  run.connect(odd, 1);
  run.send(1, odd, false, 1);
  run.end(1, odd, 0.001, 1);
  simdjson::dom::parser parser;
  auto doc = parse(parser, run.stats.render_json());
  CHECK(int64_t(doc["hosts"][odd]["requests"]) == 1);
}

TEST_CASE("stats: render_text names every figure") {
  Run run;
  typical_run(run);
  std::string text = run.stats.render_text();
  CHECK(text.find("requests:     6 (5 succeeded, 1 failed)") != std::string::npos);
  CHECK(text.find("3 opened, 3 requests reused one (50.0% reuse)") != std::string::npos);
  CHECK(text.find("server_close 1 idle_timeout 1 max_requests 0 error 0 end_of_run 1") !=
        std::string::npos);
  CHECK(text.find("host http://a.example:80: 3 requests, 1 connections, 2 reused, 0 failed") !=
        std::string::npos);
}

TEST_CASE("stats: final responses by status class and HTTP version, top-level and per host") {
  Run run;
  kurl::Response http11, http10;
  http10.http_minor = 0;
  auto end_with = [&run](uint64_t index, std::string_view origin, int status,
                         const kurl::Response* response) {
    TransferResult r;
    r.index = index;
    r.origin = std::string(origin);
    r.status = status;
    r.response = response;
    r.requests_sent = 1;
    run.stats.on_transfer_end(r);
  };
  end_with(1, kPlain, 200, &http11);
  end_with(2, kPlain, 204, &http11);
  end_with(3, kPlain, 503, &http10);
  end_with(4, kTls, 404, &http11);
  end_with(5, kTls, 101, &http11);
  end_with(6, kTls, 302, &http11);
  end_with(7, kTls, 0, &http11);    // no response: neither a class nor a version
  end_with(8, kTls, 700, &http11);  // outside 100-599: no class, but a version
  simdjson::dom::parser parser;
  auto doc = parse(parser, run.stats.render_json());
  auto classes = [](simdjson::dom::element object) {
    std::string out;
    for (const char* key : {"1xx", "2xx", "3xx", "4xx", "5xx"})
      out += std::to_string(int64_t(object[key])) + " ";
    return out;
  };
  CHECK(classes(doc["status"]) == "1 2 1 1 1 ");
  CHECK(classes(doc["hosts"][kPlain]["status"]) == "0 2 0 0 1 ");
  CHECK(classes(doc["hosts"][kTls]["status"]) == "1 0 1 1 0 ");
  CHECK(int64_t(doc["http_versions"]["1.0"]) == 1);
  CHECK(int64_t(doc["http_versions"]["1.1"]) == 6);
  CHECK(int64_t(doc["http_versions"]["2"]) == 0);
  CHECK(int64_t(doc["hosts"][kPlain]["http_versions"]["1.0"]) == 1);
  CHECK(int64_t(doc["hosts"][kTls]["http_versions"]["1.1"]) == 4);
  std::string text = run.stats.render_text();
  CHECK(text.find("status:       1xx 1, 2xx 2, 3xx 1, 4xx 1, 5xx 1\n") != std::string::npos);
  CHECK(text.find("http:         1.0 1, 1.1 6\n") != std::string::npos);
  CHECK(text.find("0 failed, 0 retries; status 2xx 2, 5xx 1; http 1.0 1, 1.1 2\n") !=
        std::string::npos);
}
