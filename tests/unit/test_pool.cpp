// The pool key: connections are shared only between requests with the same origin, TLS
// settings and proxy (CLI.md "Connection reuse"). One run has one set of TLS flags, so this
// can't be seen from the command line; here two pools stand for two settings.
#include <uv.h>

#include <catch2/catch.hpp>

#include "engine/pool.h"

namespace {

class NoOwner final : public kurl::ConnectionOwner {
 public:
  void on_head(kurl::Connection&, kurl::Transfer&) override {}
  void on_interim_head(kurl::Connection&, kurl::Transfer&) override {}
  void on_body(kurl::Connection&, kurl::Transfer&, std::string_view) override {}
  void on_complete(kurl::Connection&, kurl::Transfer&) override {}
  void on_failed(kurl::Connection&, kurl::Transfer&, const kurl::Error&) override {}
  void on_ready(kurl::Connection&) override {}
  void on_idle(kurl::Connection&) override {}
  void on_leaving(kurl::Connection&) override {}
  void on_closed(kurl::Connection&) override {}
  void on_connection_event(const kurl::ConnectionEvent&) override {}
  void on_request_written(kurl::Connection&, kurl::Transfer&, std::string_view) override {}
};

kurl::Transfer transfer_for(const char* url, const char* proxy = nullptr) {
  kurl::Transfer transfer;
  transfer.request.url = *kurl::parse_url(url);
  if (proxy) {
    transfer.has_proxy = true;
    transfer.proxy = *kurl::parse_url(proxy);
  }
  return transfer;
}

// A TlsContext pointer the pool only stores and compares (never dereferenced by origin_for).
kurl::TlsContext* fake_tls() {
  return reinterpret_cast<kurl::TlsContext*>(0x1);
}

}  // namespace

TEST_CASE("pool: one entry per origin, reused for the same origin") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  NoOwner owner;
  kurl::EngineConfig config;
  kurl::Pool pool(&loop, owner, config);
  kurl::Transfer a = transfer_for("http://example.test/a");
  kurl::Transfer b = transfer_for("http://EXAMPLE.test:80/b?q");
  kurl::Transfer other_port = transfer_for("http://example.test:8080/a");
  kurl::Transfer other_scheme = transfer_for("https://example.test/a");
  kurl::OriginState& first = pool.origin_for(a, nullptr);
  CHECK(&pool.origin_for(b, nullptr) == &first);
  CHECK(&pool.origin_for(other_port, nullptr) != &first);
  CHECK(&pool.origin_for(other_scheme, fake_tls()) != &first);
  CHECK(first.settings.origin == "http://example.test:80");
  CHECK(first.settings.target.host == "example.test");
  CHECK(first.settings.target.port == 80);
  CHECK(pool.origins().size() == 3);
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("pool: the key includes the TLS settings") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  NoOwner owner;
  kurl::EngineConfig verifying;
  kurl::EngineConfig insecure;
  insecure.tls.verify = false;
  kurl::EngineConfig other_ca;
  other_ca.tls.ca_file = "/tmp/other-ca.pem";
  kurl::EngineConfig client_cert;
  client_cert.tls.cert_file = "/tmp/client.pem";
  kurl::Pool a(&loop, owner, verifying), b(&loop, owner, insecure), c(&loop, owner, other_ca),
      d(&loop, owner, client_cert);
  kurl::Transfer t = transfer_for("https://example.test/");
  std::string key_a = a.origin_for(t, fake_tls()).key;
  std::string key_b = b.origin_for(t, fake_tls()).key;
  std::string key_c = c.origin_for(t, fake_tls()).key;
  std::string key_d = d.origin_for(t, fake_tls()).key;
  CHECK(key_a != key_b);
  CHECK(key_a != key_c);
  CHECK(key_a != key_d);
  CHECK(key_b != key_c);
  CHECK(a.origin_for(t, fake_tls()).settings.tls_host == "example.test");
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("pool: the key includes the proxy and its user") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  NoOwner owner;
  kurl::EngineConfig config;
  kurl::Pool pool(&loop, owner, config);
  kurl::Transfer direct = transfer_for("http://example.test/");
  kurl::Transfer proxied = transfer_for("http://example.test/", "http://proxy.test:3128");
  kurl::Transfer other_user = transfer_for("http://example.test/", "http://u:p@proxy.test:3128");
  kurl::Transfer tunnelled = transfer_for("https://example.test/", "http://proxy.test:3128");
  kurl::OriginState& d = pool.origin_for(direct, nullptr);
  kurl::OriginState& p = pool.origin_for(proxied, nullptr);
  CHECK(&d != &p);
  CHECK(&pool.origin_for(other_user, nullptr) != &p);
  CHECK(p.settings.target.host == "proxy.test");
  CHECK(p.settings.target.port == 3128);
  CHECK(p.settings.via_proxy);
  CHECK(p.settings.origin == "http://example.test:80");  // statistics stay per origin
  kurl::OriginState& t = pool.origin_for(tunnelled, fake_tls());
  CHECK(t.settings.tunnel_authority == "example.test:443");
  kurl::Transfer with_port =
      transfer_for("https://example.test:8443/", "http://u:p@proxy.test:3128");
  kurl::OriginState& w = pool.origin_for(with_port, fake_tls());
  CHECK(w.settings.tunnel_authority == "example.test:8443");
  CHECK(w.settings.proxy_authorization == "Basic dTpw");
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("pool: --max-per-host bounds new connections") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  NoOwner owner;
  kurl::EngineConfig config;
  config.max_per_host = 2;
  kurl::Pool pool(&loop, owner, config);
  kurl::Transfer t = transfer_for("http://example.test/");
  kurl::OriginState& origin = pool.origin_for(t, nullptr);
  CHECK(pool.may_open(origin));
  CHECK(pool.lease(origin, t) == nullptr);
  CHECK(uv_loop_close(&loop) == 0);
}

TEST_CASE("pool: the key includes where --connect-to, --resolve, --unix-socket, -4 send it") {
  uv_loop_t loop;
  uv_loop_init(&loop);
  NoOwner owner;
  kurl::Transfer a = transfer_for("http://example.test/a");
  // One run has one set of these flags; two pools stand for two runs (the pool daemon
  // will serve both from one pool): their keys must differ.
  kurl::EngineConfig to_one, to_two, unix_socket, plain;
  to_one.connect.connect_to.push_back({"example.test", 80, "10.0.0.1", 8080});
  to_two.connect.connect_to.push_back({"example.test", 80, "10.0.0.2", 8080});
  unix_socket.connect.unix_socket = "/run/app.sock";
  kurl::Pool one(&loop, owner, to_one), two(&loop, owner, to_two),
      local(&loop, owner, unix_socket), direct(&loop, owner, plain);
  kurl::OriginState& via_one = one.origin_for(a, nullptr);
  kurl::OriginState& via_two = two.origin_for(a, nullptr);
  kurl::OriginState& via_unix = local.origin_for(a, nullptr);
  kurl::OriginState& straight = direct.origin_for(a, nullptr);
  CHECK(via_one.key != via_two.key);
  CHECK(via_one.key != straight.key);
  CHECK(via_unix.key != straight.key);
  CHECK(via_one.settings.target.host == "10.0.0.1");
  CHECK(via_one.settings.target.port == 8080);
  CHECK(via_one.settings.origin == "http://example.test:80");  // Host and TLS stay the URL's
  CHECK(via_unix.settings.tcp.unix_socket);
  CHECK_FALSE(straight.settings.tcp.unix_socket);
  // Two URL hosts sent to one target are two entries: their connections are not shared.
  kurl::Transfer b = transfer_for("http://other.test/b");
  to_one.connect.connect_to.push_back({"", -1, "10.0.0.1", 8080});
  CHECK(&one.origin_for(b, nullptr) != &via_one);
  CHECK(one.origin_for(b, nullptr).settings.target.host == "10.0.0.1");
  CHECK(uv_loop_close(&loop) == 0);
}
