// The parsers of --resolve and --connect-to and the route they give, as curl 7.88 reads them.
#include <catch2/catch.hpp>

#include "core/connect_rules.h"

using kurl::ConnectRules;
using kurl::parse_connect_to_entry;
using kurl::parse_resolve_entry;

TEST_CASE("resolve entry: host, port and addresses") {
  auto entry = parse_resolve_entry("Example.COM:443:127.0.0.1,[::1],,10.0.0.1");
  REQUIRE(entry);
  CHECK(entry->host == "example.com");
  CHECK(entry->port == 443);
  CHECK(entry->addresses == std::vector<std::string>{"127.0.0.1", "::1", "10.0.0.1"});
  CHECK_FALSE(entry->remove);
  auto plus = parse_resolve_entry("+a:80:::1");
  REQUIRE(plus);
  CHECK(plus->addresses == std::vector<std::string>{"::1"});
  auto wildcard = parse_resolve_entry("*:0:127.0.0.1");
  REQUIRE(wildcard);
  CHECK(wildcard->host == "*");
  auto removal = parse_resolve_entry("-a:80");
  REQUIRE(removal);
  CHECK(removal->remove);
}

TEST_CASE("resolve entry: malformed entries are exit 49 naming the entry") {
  for (const char* bad : {"a", "a:80", "a:80:", "a:x:127.0.0.1", "a:65536:127.0.0.1",
                          "a:-1:127.0.0.1", "a:80:host.name", "a:80:127.0.0.1,bad", "a:80:[::1",
                          "a:80:,", "-a:80:127.0.0.1", ":80"}) {
    auto entry = parse_resolve_entry(bad);
    INFO(bad);
    REQUIRE_FALSE(entry);
    CHECK(entry.error().exit_code() == 49);
    CHECK(entry.error().message == std::string("Couldn't parse CURLOPT_RESOLVE entry '") + bad + "'");
  }
}

TEST_CASE("connect-to entry: the four parts, empty ones meaning any or same") {
  auto full = parse_connect_to_entry("Example.com:443:backend:8443");
  REQUIRE(full);
  CHECK(full->host1 == "example.com");
  CHECK(full->port1 == 443);
  CHECK(full->host2 == "backend");
  CHECK(full->port2 == 8443);
  auto any = parse_connect_to_entry("::127.0.0.1:");
  REQUIRE(any);
  CHECK(any->host1.empty());
  CHECK(any->port1 == -1);
  CHECK(any->port2 == -1);
  auto v6 = parse_connect_to_entry("[::1]:80:[fe80::1]:81");
  REQUIRE(v6);
  CHECK(v6->host1 == "[::1]");
  CHECK(v6->host2 == "fe80::1");
  CHECK(v6->port2 == 81);
  auto three = parse_connect_to_entry("a:1:b");
  REQUIRE(three);
  CHECK(three->port2 == -1);
}

TEST_CASE("connect-to entry: bad ports and missing parts are exit 49") {
  auto bad_port = parse_connect_to_entry("a:1:b:x");
  REQUIRE_FALSE(bad_port);
  CHECK(bad_port.error().exit_code() == 49);
  CHECK(bad_port.error().message == "No valid port number in connect to host string (x)");
  auto too_many = parse_connect_to_entry("a:1:b:2:3");
  REQUIRE_FALSE(too_many);
  CHECK(too_many.error().message == "No valid port number in connect to host string (2:3)");
  for (const char* bad : {"a", "a:1", "a:x:b:2", "[::1", "[::1]x:1:b:2", "a:1:[b", "a:1:b:65536"}) {
    INFO(bad);
    auto entry = parse_connect_to_entry(bad);
    REQUIRE_FALSE(entry);
    CHECK(entry.error().exit_code() == 49);
  }
}

TEST_CASE("route: --connect-to first, then --resolve for its target") {
  ConnectRules rules;
  rules.connect_to.push_back(*parse_connect_to_entry("skip.test:80::"));  // changes nothing
  rules.connect_to.push_back(*parse_connect_to_entry("a.test:80:b.test:8080"));
  rules.connect_to.push_back(*parse_connect_to_entry("::c.test:"));
  rules.resolve.push_back(*parse_resolve_entry("b.test:8080:10.0.0.1"));
  rules.resolve.push_back(*parse_resolve_entry("b.test:8080:10.0.0.2"));  // the last wins
  rules.resolve.push_back(*parse_resolve_entry("*:81:10.9.9.9"));
  kurl::Destination a = rules.route("a.test", false, 80);
  CHECK(a.host == "b.test");
  CHECK(a.port == 8080);
  CHECK(a.addresses == std::vector<std::string>{"10.0.0.2"});
  kurl::Destination other = rules.route("z.test", false, 81);
  CHECK(other.host == "c.test");
  CHECK(other.port == 81);
  CHECK(other.addresses == std::vector<std::string>{"10.9.9.9"});
  kurl::Destination proxy = rules.route("a.test", false, 80, /*to_proxy=*/true);
  CHECK(proxy.host == "a.test");  // a proxy is reached as named
  rules.resolve.push_back(*parse_resolve_entry("-b.test:8080"));
  CHECK(rules.route("a.test", false, 80).addresses.empty());
}

TEST_CASE("route: an IPv6 URL host matches a bracketed HOST1") {
  ConnectRules rules;
  rules.connect_to.push_back(*parse_connect_to_entry("[::1]:80:127.0.0.1:81"));
  CHECK(rules.route("::1", true, 80).port == 81);
  CHECK(rules.route("::1", true, 8080).port == 8080);
}

TEST_CASE("destination key: different targets, different keys") {
  ConnectRules rules;
  kurl::Destination x = rules.route("a.test", false, 80);
  std::string plain, routed, v4, unix_key;
  append_destination_key(x, plain);
  x.host = "b.test";
  append_destination_key(x, routed);
  x.family = kurl::IpFamily::V4;
  append_destination_key(x, v4);
  x.unix_socket = "/run/s";
  append_destination_key(x, unix_key);
  CHECK(plain != routed);
  CHECK(routed != v4);
  CHECK(unix_key == "|unix=/run/s");
}
