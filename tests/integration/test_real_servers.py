"""kurl against real servers: nginx (keepalive_requests, keepalive_timeout),
aiohttp (its own keepalive_timeout), and against curl itself for the flags
both share.  Every connection figure is held against the server's count."""

import os
import shutil
import subprocess
import tempfile
import unittest

from support.harness import AiohttpServer, Nginx, TestServer
from kurl_itest import KurlTestCase, kurl, origin, stats_of

CURL = "/usr/bin/curl"


class NginxReuse(unittest.TestCase):
    def test_keepalive_requests_100(self):
        with Nginx(keepalive_requests=100) as ng:
            n = 250
            r = kurl("-s", "--stats=json", *[ng.url("/index.html")] * n,
                     timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            self.assertEqual(r.stdout, Nginx.INDEX_HTML * n)
            entries = ng.access_log_entries(wait_for=n)
            self.assertEqual(len(entries), n)
            self.assertEqual(len({e["connection"] for e in entries}), 3)
            self.assertEqual(max(e["connection_requests"] for e in entries),
                             100)
            st = stats_of(r)
            self.assertEqual((st["requests"], st["connections_opened"],
                              st["reused_requests"], st["failed"]),
                             (n, 3, n - 3, 0))
            self.assertEqual(st["stale_retries"], 0)
            self.assertEqual(st["connections_closed"]["server_close"], 2,
                             st["connections_closed"])
            self.assertEqual(st["hosts"][origin(ng)]["connections_opened"], 3)

    def test_fifty_urls_one_connection(self):
        with Nginx() as ng:
            urls = [ng.url(p) for p in ("/index.html", "/1k.bin",
                                        "/100k.bin", "/status204")] * 12
            urls += [ng.url("/index.html")] * 2
            r = kurl("-s", "--stats=json", *urls, timeout=60)
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            expected = (Nginx.INDEX_HTML + Nginx.file_content("1k.bin") +
                        Nginx.file_content("100k.bin")) * 12 + \
                Nginx.INDEX_HTML * 2
            self.assertEqual(len(r.stdout), len(expected))
            self.assertEqual(r.stdout, expected)
            self.assertEqual(ng.distinct_connections(wait_for=50), 1)
            st = stats_of(r)
            self.assertEqual((st["requests"], st["connections_opened"],
                              st["reused_requests"]), (50, 1, 49))

    def test_binary_body_to_file(self):
        with Nginx() as ng:
            tmp = tempfile.mkdtemp(prefix="kurl-itest-")
            self.addCleanup(shutil.rmtree, tmp, True)
            out = os.path.join(tmp, "f.bin")
            r = kurl("-s", ng.url("/100k.bin"), "-o", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, "rb") as f:
                self.assertEqual(f.read(), Nginx.file_content("100k.bin"))

    def test_keepalive_off(self):
        with Nginx(keepalive_timeout=0) as ng:
            r = kurl("-s", "--stats=json", *[ng.url("/index.html")] * 3)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(ng.distinct_connections(wait_for=3), 3)
            st = stats_of(r)
            self.assertEqual((st["connections_opened"], st["failed"],
                              st["stale_retries"]), (3, 0, 0))

    def test_idle_close_while_pooled(self):
        # nginx closes idle keep-alive connections after 0.5 s without a
        # Keep-Alive header; a slow request to another origin holds kurl's
        # nginx connection idle for 0.9 s.  kurl must notice the close and
        # reconnect, with no failure and no stale retry.
        with Nginx(keepalive_timeout="500ms") as ng, TestServer() as ts:
            r = kurl("-s", "--stats=json", ng.url("/index.html"),
                     ts.url("/delay?ms=900"), ng.url("/index.html"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(ng.distinct_connections(wait_for=2), 2)
            st = stats_of(r)
            self.assertEqual((st["failed"], st["stale_retries"]), (0, 0), st)
            self.assertEqual(st["hosts"][origin(ng)]["connections_opened"], 2)

    def test_keepalive_header_hint_honoured(self):
        # "keepalive_timeout 10s 1s": nginx keeps idle connections 10 s but
        # tells the client "Keep-Alive: timeout=1".  After a 1.3 s gap kurl
        # must open a new connection (reusing the old one would still work
        # here, so this checks that kurl follows the hint itself).
        with Nginx(keepalive_timeout="10s 1s") as ng, TestServer() as ts:
            r = kurl("-s", "--stats=json", ng.url("/index.html"),
                     ts.url("/delay?ms=1300"), ng.url("/index.html"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(ng.distinct_connections(wait_for=2), 2)
            st = stats_of(r)
            self.assertEqual(st["connections_closed"]["idle_timeout"], 1,
                             st["connections_closed"])


class AiohttpReuse(unittest.TestCase):
    def test_n_urls_one_connection(self):
        with AiohttpServer(keepalive_timeout=5) as srv:
            n = 20
            r = kurl("-s", "--stats=json", *[srv.url("/")] * n)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b"hello\n" * n)
            self.assertEqual(srv.counts(), {"connections": 1, "requests": n})
            st = stats_of(r)
            self.assertEqual((st["requests"], st["connections_opened"],
                              st["reused_requests"]), (n, 1, n - 1))

    def test_server_keepalive_timeout_shorter_than_gap(self):
        # aiohttp closes idle connections after 0.5 s; a slow request to a
        # second aiohttp server holds the first connection idle for 0.9 s.
        with AiohttpServer(keepalive_timeout=0.5) as a, \
                AiohttpServer(keepalive_timeout=5) as b:
            r = kurl("-s", "--stats=json", a.url("/"),
                     b.url("/sleep?ms=900"), a.url("/"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b"hello\nslept\nhello\n")
            self.assertEqual(a.counts(), {"connections": 2, "requests": 2})
            self.assertEqual(b.counts(), {"connections": 1, "requests": 1})
            st = stats_of(r)
            self.assertEqual((st["failed"], st["stale_retries"]), (0, 0), st)
            self.assertEqual(st["hosts"][origin(a)]["connections_opened"], 2)

    def test_server_keepalive_timeout_longer_than_gap(self):
        with AiohttpServer(keepalive_timeout=5) as a, \
                AiohttpServer(keepalive_timeout=5) as b:
            r = kurl("-s", "--stats=json", a.url("/"),
                     b.url("/sleep?ms=300"), a.url("/"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(a.counts(), {"connections": 1, "requests": 2})
            self.assertEqual(stats_of(r)["hosts"][origin(a)]
                             ["reused_requests"], 1)


@unittest.skipUnless(os.access(CURL, os.X_OK), "curl not installed")
class SameAsCurl(KurlTestCase):
    """kurl and curl, same flags, same server: same stdout, same exit."""

    def compare(self, *args):
        k = kurl(*args)
        c = subprocess.run([CURL] + list(args), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=30, env={k: v for k, v in os.environ.items()
                                            if "proxy" not in k.lower()})
        self.assertEqual((k.stdout, k.returncode), (c.stdout, c.returncode),
                         "kurl vs curl for %r" % (args,))

    def test_include(self):
        self.compare("-s", "-i", self.url("/ok"))
        self.compare("-s", "-i", self.url("/204"))
        self.compare("-s", "-i", self.url("/ok"), self.url("/ok"))

    def test_head(self):
        self.compare("-s", "-I", self.url("/ok?size=100"))
        self.compare("-s", "-I", self.url("/chunked"))

    def test_write_out(self):
        self.compare("-s", "-w", "%{http_code} %{size_download}\\n",
                     self.url("/ok"), self.url("/status?code=503"),
                     self.url("/chunked"))

    def test_fail(self):
        self.compare("-s", "-f", self.url("/nope"))
        self.compare("-s", "--fail-with-body", self.url("/status?code=500"))
        self.compare("-s", "-f", self.url("/ok"))

    def test_location(self):
        self.compare("-s", "-L", self.url("/redirect?to=/ok&code=301"))
        self.compare("-s", "-i", "-L", self.url("/redirect?to=/ok"))
        self.compare("-s", "-L", "-w", "%{http_code} %{num_redirects} "
                     "%{url_effective}", self.url("/redirect?to=/ok"))
        self.compare("-s", self.url("/redirect?to=/ok"))
        self.compare("-s", "-L", "--max-redirs", "3",
                     self.url("/redirect-loop"))

    def test_errors(self):
        self.compare("-s", self.url("/truncated"))
        self.compare("-s", self.url("/empty"))
        self.compare("-s", "http://127.0.0.1:1/")

    def test_include_shows_trailers(self):
        self.compare("-s", "-i", self.url("/chunked"))

    def test_include_shows_interim_responses(self):
        self.compare("-s", "-i", self.url("/interim"))


if __name__ == "__main__":
    unittest.main()
