"""HTTP proxies (issue 4): -x/--proxy, http_proxy/https_proxy/no_proxy (and
upper case), --noproxy, CONNECT tunnels, proxy credentials and proxy
failures, against tinyproxy (support.harness.Tinyproxy) and the test server
used as a forward proxy (it routes absolute-form targets and logs the raw
target as "path").

tinyproxy closes every client connection after one response without saying
so (its response keeps HTTP/1.1 keep-alive semantics), so a run of several
plain-HTTP requests through it opens one connection a request (with stale
retries); reuse of a proxy connection is checked against the test server as
proxy instead.  A CONNECT tunnel through tinyproxy stays open and is reused.
"""

import base64
import socket
import time
import unittest

from support.harness import Tinyproxy, TlsNginx, free_port, make_test_pki
from kurl_itest import KurlTestCase, kurl, stats_of, error_lines

PAGE = b"<html><body>hello from nginx</body></html>\n"
CT = ("--connect-timeout", "5")


class ProxyTestCase(KurlTestCase):
    """``self.srv``: the test server (origin, or proxy); ``self.proxy``: a
    tinyproxy allowing CONNECT anywhere; ``self.web``: TlsNginx with the
    localhost certificate; ``self.pki``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pki = make_test_pki()
        cls.proxy = Tinyproxy()
        cls.web = TlsNginx(cls.pki.localhost_cert, cls.pki.localhost_key)
        try:
            cls.proxy.start()
            cls.web.start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.web.stop()
        cls.proxy.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.proxy_mark = len(self.proxy.requests())
        self.conn_mark = self.proxy.client_connections()
        self.web_mark = len(self.web.tls_log_entries())

    def proxy_requests(self, wait_for=0):
        """Request lines tinyproxy logged since setUp()."""
        deadline = time.monotonic() + 2.0
        while True:
            got = self.proxy.requests()[self.proxy_mark:]
            if len(got) >= wait_for or time.monotonic() >= deadline:
                return got
            time.sleep(0.02)

    def proxy_connections(self):
        return self.proxy.client_connections() - self.conn_mark

    def web_entries(self, wait_for=0):
        return self.web.tls_log_entries(self.web_mark + wait_for)[
            self.web_mark:]

    def assertProxyUntouched(self):
        time.sleep(0.05)
        self.assertEqual(self.proxy_requests(), [],
                         "the request went through the proxy")

    def assertErrorMentions(self, r, *words):
        lines = error_lines(r)
        self.assertTrue(lines, "no 'kurl: (N) ...' line on stderr:\n"
                        + r.stderr.decode("utf-8", "replace"))
        for w in words:
            self.assertIn(w, lines[0], "error line lacks %r" % w)

    def srv_as_proxy(self, userinfo=""):
        return "http://%s127.0.0.1:%d" % (userinfo, self.srv.port)


# ------------------------------------------------------------ plain HTTP
class PlainHttpThroughProxy(ProxyTestCase):

    def test_flag_proxy_three_urls(self):
        urls = [self.url("/ok"), self.url("/ok"), self.url("/echo")]
        r = kurl("-x", self.proxy.url, "--stats=json", *urls, *CT)
        self.assertExit(r, 0)
        self.assertTrue(r.stdout.startswith(b"hello\nhello\n{"), r.stdout)
        self.assertEqual(self.proxy_requests(3),
                         ["GET %s HTTP/1.1" % u for u in urls])
        ss = self.srv.stats()
        self.assertEqual(ss["requests"], 3)
        self.assertGreaterEqual(ss["connections"], 1)
        self.assertTrue(all("tinyproxy" in e["headers"].get("via", "")
                            for e in ss["log"]), ss["log"])
        st = stats_of(r)
        self.assertEqual((st["requests"], st["succeeded"], st["failed"]),
                         (3, 3, 0))
        # One kurl connection per connection tinyproxy accepted (it closes
        # each after one response, see the module doc).
        self.assertEqual(st["connections_opened"], self.proxy_connections())
        self.assertEqual(list(st["hosts"]), ["http://127.0.0.1:%d"
                                             % self.srv.port])

    def test_proxy_connection_reused(self):
        # The test server as forward proxy keeps connections open: three
        # requests to one origin through it share one connection.
        urls = ["http://example.invalid/ok", "http://example.invalid/echo",
                "http://example.invalid/ok?x=1"]
        r = kurl("-x", self.srv_as_proxy(), "--stats=json", *urls, *CT)
        self.assertExit(r, 0)
        ss = self.srv.stats()
        self.assertEqual((ss["connections"], ss["requests"]), (1, 3))
        self.assertEqual([(e["method"], e["path"]) for e in ss["log"]],
                         [("GET", u) for u in urls])
        self.assertEqual(ss["log"][0]["headers"].get("host"),
                         "example.invalid")
        self.assertNotIn("proxy-authorization", ss["log"][0]["headers"])
        st = stats_of(r)
        self.assertReuse(st, requests=3, opened=1, reused=2)

    def test_proxy_credentials(self):
        r = kurl("-x", self.srv_as_proxy("user:pw@"),
                 "http://example.invalid/echo", *CT)
        self.assertExit(r, 0)
        entry = self.srv.stats()["log"][0]
        self.assertEqual(entry["path"], "http://example.invalid/echo")
        self.assertEqual(entry["headers"].get("proxy-authorization"),
                         "Basic dXNlcjpwdw==")

    def test_proxy_credentials_percent_decoded(self):
        r = kurl("-x", self.srv_as_proxy("us%40er:p%3Aw@"),
                 "http://example.invalid/echo", *CT)
        self.assertExit(r, 0)
        entry = self.srv.stats()["log"][0]
        self.assertEqual(entry["headers"].get("proxy-authorization"),
                         "Basic " + base64.b64encode(b"us@er:p:w").decode())

    def test_http_proxy_env(self):
        for var in ("http_proxy", "HTTP_PROXY"):
            with self.subTest(var=var):
                self.setUp()
                r = kurl(self.url("/ok"), *CT, env={var: self.proxy.url})
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, b"hello\n")
                self.assertEqual(self.proxy_requests(1),
                                 ["GET %s HTTP/1.1" % self.url("/ok")])

    def test_http_proxy_env_without_scheme(self):
        r = kurl(self.url("/ok"), *CT, env={
            "http_proxy": "127.0.0.1:%d" % self.proxy.port})
        self.assertExit(r, 0)
        self.assertEqual(len(self.proxy_requests(1)), 1)

    def test_https_proxy_env_not_used_for_http(self):
        r = kurl(self.url("/ok"), *CT, env={"https_proxy": self.proxy.url})
        self.assertExit(r, 0)
        self.assertProxyUntouched()

    def test_no_proxy_bypasses(self):
        for var, value in (("no_proxy", "127.0.0.1"),
                           ("NO_PROXY", "127.0.0.1"),
                           ("no_proxy", "example.com, 127.0.0.1")):
            with self.subTest(var=var, value=value):
                self.setUp()
                r = kurl(self.url("/echo"), *CT, env={
                    "http_proxy": self.proxy.url, var: value})
                self.assertExit(r, 0)
                self.assertProxyUntouched()
                self.assertNotIn("via", self.srv.stats()["log"][0]["headers"])

    def test_noproxy_flag_bypasses(self):
        for value in ("*", "127.0.0.1"):
            with self.subTest(noproxy=value):
                self.setUp()
                r = kurl("--noproxy", value, "-x", self.proxy.url,
                         self.url("/ok"), *CT)
                self.assertExit(r, 0)
                self.assertProxyUntouched()
                self.assertEqual(self.srv.stats()["requests"], 1)

    def test_empty_proxy_flag_overrides_env(self):
        r = kurl("-x", "", self.url("/ok"), *CT,
                 env={"http_proxy": self.proxy.url})
        self.assertExit(r, 0)
        self.assertProxyUntouched()
        self.assertEqual(self.srv.stats()["requests"], 1)

    def test_proxy_flag_overrides_env(self):
        r = kurl("-x", self.proxy.url, self.url("/ok"), *CT,
                 env={"http_proxy": "http://127.0.0.1:%d" % free_port()})
        self.assertExit(r, 0)
        self.assertEqual(len(self.proxy_requests(1)), 1)


# ---------------------------------------------------------------- HTTPS
class HttpsThroughProxy(ProxyTestCase):

    def test_https_proxy_env_connect_tunnel(self):
        for var in ("https_proxy", "HTTPS_PROXY"):
            with self.subTest(var=var):
                self.setUp()
                u = self.web.url("/index.html")
                r = kurl("--cacert", self.pki.ca, "--stats=json", u, u, *CT,
                         env={var: self.proxy.url})
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, PAGE * 2)
                self.assertEqual(self.proxy_requests(1),
                                 ["CONNECT localhost:%d HTTP/1.1"
                                  % self.web.port])
                st = stats_of(r)
                self.assertReuse(st, requests=2, opened=1, reused=1)
                self.assertEqual(st["tls"], {"handshakes": 1, "resumed": 0})
                self.assertEqual(list(st["hosts"]), [self.web.origin])

    def test_http_proxy_env_not_used_for_https(self):
        r = kurl("--cacert", self.pki.ca, self.web.url("/index.html"), *CT,
                 env={"http_proxy": self.proxy.url})
        self.assertExit(r, 0)
        self.assertProxyUntouched()

    def test_no_proxy_bypasses_https(self):
        for value in ("localhost", "example.com,localhost"):
            with self.subTest(no_proxy=value):
                self.setUp()
                r = kurl("--cacert", self.pki.ca,
                         self.web.url("/index.html"), *CT,
                         env={"https_proxy": self.proxy.url,
                              "no_proxy": value})
                self.assertExit(r, 0)
                self.assertProxyUntouched()

    def test_parallel_batch_through_tunnel_resumes(self):
        batch = self.path("batch.txt")
        with open(batch, "w") as f:
            for i in range(24):
                f.write(self.web.url("/index.html?n=%d" % i) + "\n")
        r = kurl("--cacert", self.pki.ca, "-x", self.proxy.url,
                 "--stats=json", "-P", "8", "--batch", batch, *CT)
        self.assertExit(r, 0)
        st = stats_of(r)
        opened = st["connections_opened"]
        self.assertEqual(st["requests"], 24)
        self.assertGreater(opened, 1)
        self.assertEqual(st["tls"]["handshakes"], opened, st["tls"])
        self.assertEqual(st["tls"]["resumed"], opened - 1, st["tls"])
        self.assertEqual(len(self.proxy_requests(opened)), opened)
        self.assertEqual(len({e["connection"]
                              for e in self.web_entries(24)}), opened)

    def test_origin_name_verified_through_tunnel(self):
        # The certificate is checked against the origin's name (127.0.0.1,
        # not in the localhost-only certificate), not the proxy's.
        r = kurl("--cacert", self.pki.ca, "-x", self.proxy.url,
                 self.web.url("/index.html", host="127.0.0.1"), *CT)
        self.assertExit(r, 60)

    def test_plain_http_origin_through_tunnel_35(self):
        r = kurl("-k", "-x", self.proxy.url,
                 "https://127.0.0.1:%d/" % self.web.plain_port, *CT)
        self.assertExit(r, 35)

    def test_connect_credentials_sent_to_proxy_only(self):
        with Tinyproxy(basic_auth=("user", "pw")) as authproxy:
            u = self.web.url("/index.html")
            r = kurl("--cacert", self.pki.ca, "-x",
                     "http://user:pw@127.0.0.1:%d" % authproxy.port, u, *CT)
            self.assertExit(r, 0)
            self.assertEqual(r.stdout, PAGE)
            self.assertIn("CONNECT localhost:%d HTTP/1.1" % self.web.port,
                          authproxy.requests())
            entries = self.web_entries(1)
            self.assertEqual([e["proxy_authorization"] for e in entries],
                             [""], "Proxy-Authorization reached the origin")
            # Without credentials tinyproxy answers CONNECT with 407.
            r = kurl("--cacert", self.pki.ca, "-x",
                     "http://127.0.0.1:%d" % authproxy.port, u, *CT)
            self.assertExit(r, 56)
            self.assertErrorMentions(r, "(56)", "407")

    def test_connect_carries_proxy_authorization(self):
        # The test server answers CONNECT with 404 but logs the request.
        r = kurl("--cacert", self.pki.ca, "-x", self.srv_as_proxy("user:pw@"),
                 self.web.url("/index.html"), *CT)
        self.assertExit(r, 56)
        entry = self.srv.stats()["log"][0]
        self.assertEqual((entry["method"], entry["path"]),
                         ("CONNECT", "localhost:%d" % self.web.port))
        self.assertEqual(entry["headers"].get("proxy-authorization"),
                         "Basic dXNlcjpwdw==")
        self.assertEqual(entry["headers"].get("host"),
                         "localhost:%d" % self.web.port)


# --------------------------------------------------------------- failures
class ProxyFailures(ProxyTestCase):

    def test_proxy_refused_7(self):
        port = free_port()
        r = kurl("-x", "http://127.0.0.1:%d" % port, self.url("/ok"), *CT)
        self.assertExit(r, 7)
        self.assertErrorMentions(r, "(7)", str(port))
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_proxy_default_port_1080(self):
        with socket.socket() as s:
            try:
                s.connect(("127.0.0.1", 1080))
                self.skipTest("something listens on 127.0.0.1:1080")
            except OSError:
                pass
        r = kurl("-x", "127.0.0.1", self.url("/ok"), *CT)
        self.assertExit(r, 7)
        self.assertErrorMentions(r, "(7)", "1080")

    def test_proxy_not_resolved_5(self):
        r = kurl("-x", "http://nonexistent.invalid:3128", self.url("/ok"),
                 *CT)
        self.assertExit(r, 5)
        self.assertErrorMentions(r, "(5)", "nonexistent.invalid")
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_proxy_not_resolved_from_env_5(self):
        r = kurl("--cacert", self.pki.ca, self.web.url("/index.html"), *CT,
                 env={"https_proxy": "http://nonexistent.invalid:3128"})
        self.assertExit(r, 5)

    def test_connect_refused_by_tinyproxy_56(self):
        other = free_port()
        with Tinyproxy(connect_ports=[other]) as strict:
            r = kurl("--cacert", self.pki.ca, "-x", strict.url,
                     self.web.url("/index.html"), *CT)
            self.assertExit(r, 56)
            self.assertErrorMentions(r, "(56)", "403")
            self.assertEqual(strict.requests(),
                             ["CONNECT localhost:%d HTTP/1.1" % self.web.port])

    def test_connect_refused_by_test_server_56(self):
        r = kurl("--cacert", self.pki.ca, "-x", self.srv_as_proxy(),
                 "--stats=json", self.web.url("/index.html"), *CT)
        self.assertExit(r, 56)
        self.assertErrorMentions(r, "(56)", "404")
        st = stats_of(r)
        self.assertEqual((st["requests"], st["failed"]), (1, 1))
        self.assertEqual(self.web_entries(), [])


if __name__ == "__main__":
    unittest.main()
