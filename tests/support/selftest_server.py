#!/usr/bin/env python3
"""Self-check of the test support code (no kurl needed).

Run: /usr/bin/python3 tests/support/selftest_server.py
"""

import gzip
import json
import os
import sys
import time
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (AiohttpServer, HarnessError, Nginx,  # noqa: E402
                     RawConnection, TestServer, find_kurl, free_port,
                     http_get, run_kurl)


def get(path, extra=b""):
    return b"GET " + path.encode() + b" HTTP/1.1\r\nHost: t\r\n" + extra + b"\r\n"


class TestServerBasics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = TestServer()
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        time.sleep(0.1)   # let the server notice the last closes
        errors = cls.srv.stderr_text()
        cls.srv.stop()
        if errors:
            raise AssertionError("test server wrote to stderr:\n" + errors)

    def setUp(self):
        self.srv.reset()

    def conn(self):
        return RawConnection(self.srv.port)

    def test_ok_keepalive_and_counters(self):
        with self.conn() as c:
            for _ in range(3):
                c.send(get("/ok"))
                r = c.read_response()
                self.assertEqual((r.status, r.body), (200, b"hello\n"))
                self.assertIsNone(r.header("connection"))
        st = self.srv.stats()
        self.assertEqual(st["connections"], 1)
        self.assertEqual(st["requests"], 3)
        self.assertEqual(st["pipelined"], 0)
        self.assertEqual(st["per_path"], {"/ok": 3})
        self.assertEqual(len({e["conn"] for e in st["log"]}), 1)
        self.assertEqual(st["log"][0]["headers"], {"host": "t"})

    def test_control_connection_not_counted(self):
        self.srv.stats()
        self.srv.stats()
        st = self.srv.stats()
        self.assertEqual((st["connections"], st["requests"]), (0, 0))

    def test_pipelining(self):
        with self.conn() as c:
            c.send(get("/ok") + get("/ok?size=5"))
            self.assertEqual(c.read_response().body, b"hello\n")
            self.assertEqual(c.read_response().body, b"xxxxx")
        st = self.srv.stats()
        self.assertEqual(st["pipelined"], 1)
        self.assertEqual(st["requests"], 2)
        self.assertEqual([e["pipelined"] for e in st["log"]], [False, True])

    def test_stale_drops_next_request(self):
        with self.conn() as c:
            c.send(get("/stale"))
            self.assertEqual(c.read_response().status, 200)
            c.send(get("/ok"))
            data, how = c.read_until_closed(3)
            self.assertEqual(data, b"")
            self.assertIn(how, ("eof", "reset"))
        st = self.srv.stats()
        self.assertEqual((st["requests"], st["dropped"]), (2, 1))

    def test_head(self):
        with self.conn() as c:
            c.send(b"HEAD /ok?size=1000 HTTP/1.1\r\nHost: t\r\n\r\n" + get("/ok"))
            r = c.read_response(head=True)
            self.assertEqual(r.header("content-length"), "1000")
            self.assertEqual(r.body, b"")
            self.assertEqual(c.read_response().body, b"hello\n")

    def test_chunked_and_trailers(self):
        with self.conn() as c:
            c.send(get("/chunked"))
            r = c.read_response()
            self.assertEqual(r.body, b"chunk one\nchunk two\nchunk three\n")
            self.assertEqual(r.trailers, [("X-Trailer", "yes"), ("X-Checksum", "42")])

    def test_interim(self):
        with self.conn() as c:
            c.send(get("/interim"))
            r = c.read_response()
            self.assertEqual([i.status for i in r.interim], [100, 103])
            self.assertEqual((r.status, r.body), (200, b"final\n"))

    def test_echo_chunked_post(self):
        with self.conn() as c:
            c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nX-A: 1\r\nX-A: 2\r\n"
                   b"Transfer-Encoding: chunked\r\n\r\n"
                   b"3\r\nabc\r\n2;e=1\r\nde\r\n0\r\n\r\n")
            j = json.loads(c.read_response().body)
            self.assertEqual(j["method"], "POST")
            self.assertEqual(j["body"], "abcde")
            self.assertEqual(j["headers"]["x-a"], "2")

    def test_expect_continue(self):
        with self.conn() as c:
            c.send(b"PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
                   b"Expect: 100-continue\r\n\r\n")
            self.assertEqual(c._read_until(b"\r\n\r\n"), b"HTTP/1.1 100 Continue")
            c.send(b"abc")
            self.assertEqual(json.loads(c.read_response().body)["body"], "abc")

    def test_close_variants(self):
        cases = {"/close": "close", "/close-silent": None, "/http10": None}
        for path, conn_hdr in cases.items():
            with self.conn() as c:
                c.send(get(path))
                r = c.read_response()
                self.assertEqual(r.header("connection"), conn_hdr, path)
                self.assertEqual(c.read_until_closed(3), (b"", "eof"), path)
        with self.conn() as c:
            c.send(get("/close-header-keep-open"))
            self.assertEqual(c.read_response().header("connection"), "close")
            c.send(get("/ok"))
            self.assertEqual(c.read_response().body, b"hello\n")
        with self.conn() as c:
            c.send(get("/ok", b"Connection: close\r\n"))
            self.assertEqual(c.read_response().header("connection"), "close")
            self.assertEqual(c.read_until_closed(3), (b"", "eof"))

    def test_broken_responses(self):
        expected = {
            "/malformed": b"HTTP/1.1 abc Nope\r\n\r\n",
            "/empty": b"",
            "/eof-body": b"until close\n",
            "/truncated": b"0123456789",
            "/conflicting-length": b"hello",
        }
        for path, tail in expected.items():
            with self.conn() as c:
                c.send(get(path))
                data, how = c.read_until_closed(3)
                self.assertEqual(how, "eof", path)
                self.assertTrue(data.endswith(tail), (path, data))
        with self.conn() as c:
            c.send(get("/extra-bytes"))
            data, how = c.read_until_closed(0.3)
            self.assertTrue(data.endswith(b"\r\n\r\nok\nJUNKJUNK"), data)
            self.assertEqual(how, "timeout")
        with self.conn() as c:
            c.send(get("/reset-mid-body"))
            data, how = c.read_until_closed(3)
            self.assertEqual(how, "reset")
            self.assertIn(b"Content-Length: 100000", data)

    def test_misc_paths(self):
        with self.conn() as c:
            c.send(get("/gzip", b"Accept-Encoding: gzip\r\n"))
            r = c.read_response()
            self.assertEqual(r.header("content-encoding"), "gzip")
            self.assertEqual(gzip.decompress(r.body), b"compressed hello\n")
            c.send(get("/gzip"))
            self.assertEqual(c.read_response().body, b"compressed hello\n")
            c.send(get("/status?code=204") + get("/304") + get("/status?code=418"))
            r1, r2, r3 = c.read_response(), c.read_response(), c.read_response()
            self.assertEqual((r1.status, r1.header("content-length")), (204, None))
            self.assertEqual(r2.status, 304)
            self.assertEqual((r3.status, r3.body), (418, b"status 418\n"))
            c.send(get("/redirect?to=http%3A%2F%2Fexample.test%2Fa%3Fb%3Dc&code=301"))
            r = c.read_response()
            self.assertEqual((r.status, r.header("location")),
                             (301, "http://example.test/a?b=c"))
            c.send(get("/header?name=X-Test&value=a%20b") + get("/big-header?size=5000")
                   + get("/many-headers?n=50") + get("/content-type?type=application/json")
                   + get("/nope") + get("/delay?ms=50&size=3") + get("/trickle?ms=1"))
            self.assertEqual(c.read_response().header("x-test"), "a b")
            self.assertEqual(c.read_response().header("x-big"), "a" * 5000)
            self.assertEqual(len([h for h in c.read_response().headers
                                  if h[0].startswith("X-H")]), 50)
            self.assertEqual(c.read_response().header("content-type"), "application/json")
            self.assertEqual(c.read_response().status, 404)
            self.assertEqual(c.read_response().body, b"xxx")
            self.assertEqual(len(c.read_response().body), 100)

    def test_big_body(self):
        with RawConnection(self.srv.port, timeout=20) as c:
            c.send(get("/ok?size=100000000"))
            self.assertEqual(len(c.read_response().body), 100000000)

    def test_keepalive_timeout_path(self):
        with self.conn() as c:
            c.send(get("/keepalive-timeout?t=0.3"))
            r = c.read_response()
            self.assertEqual(r.header("keep-alive"), "timeout=0.3")
            t0 = time.monotonic()
            self.assertEqual(c.read_until_closed(3), (b"", "eof"))
            self.assertLess(time.monotonic() - t0, 2)


class TestServerOptions(unittest.TestCase):
    def test_max_requests_per_conn(self):
        with TestServer("--max-requests-per-conn", 2) as srv:
            with RawConnection(srv.port) as c:
                c.send(get("/ok"))
                self.assertIsNone(c.read_response().header("connection"))
                c.send(get("/ok"))
                self.assertEqual(c.read_response().header("connection"), "close")
                self.assertEqual(c.read_until_closed(3), (b"", "eof"))
            # pipelined: the third request is never answered nor counted
            with RawConnection(srv.port) as c:
                c.send(get("/ok") * 3)
                c.read_response()
                c.read_response()
                self.assertEqual(c.read_until_closed(3), (b"", "eof"))
            st = srv.stats()
            self.assertEqual((st["connections"], st["requests"]), (2, 4))

    def test_idle_timeout(self):
        with TestServer("--idle-timeout", "0.3") as srv:
            with RawConnection(srv.port) as c:
                c.send(get("/ok"))
                c.read_response()
                t0 = time.monotonic()
                self.assertEqual(c.read_until_closed(3), (b"", "eof"))
                self.assertGreater(time.monotonic() - t0, 0.2)
            with RawConnection(srv.port) as c:      # no request at all
                self.assertEqual(c.read_until_closed(3), (b"", "eof"))
            self.assertEqual(srv.stats()["connections"], 2)


class ReferenceServers(unittest.TestCase):
    def test_nginx(self):
        with Nginx(keepalive_requests=2, keepalive_timeout=5) as ng:
            with RawConnection(ng.port) as c:
                c.send(get("/index.html"))
                r = c.read_response()
                self.assertEqual(r.body, Nginx.file_content("index.html"))
                c.send(get("/100k.bin"))
                r = c.read_response()
                self.assertEqual(r.body, Nginx.file_content("100k.bin"))
                self.assertEqual(r.header("connection"), "close")
                self.assertEqual(c.read_until_closed(3)[1], "eof")
            status, _, body = http_get(ng.url("/1k.bin"))
            self.assertEqual((status, len(body)), (200, 1024))
            status, _, _ = http_get(ng.url("/status204"))
            self.assertEqual(status, 204)
            entries = ng.access_log_entries(wait_for=4)
            self.assertEqual([e["status"] for e in entries], [200, 200, 200, 204])
            self.assertEqual([e["connection_requests"] for e in entries], [1, 2, 1, 1])
            self.assertEqual(entries[0]["request"], "GET /index.html HTTP/1.1")
            self.assertEqual(ng.distinct_connections(), 3)

    def test_aiohttp(self):
        with AiohttpServer(keepalive_timeout=5) as srv:
            with RawConnection(srv.port) as c:
                for _ in range(2):
                    c.send(get("/"))
                    self.assertEqual(c.read_response().body, b"hello\n")
            self.assertEqual(http_get(srv.url("/"))[2], b"hello\n")
            self.assertEqual(srv.counts(), {"connections": 2, "requests": 3})

    def test_free_port(self):
        self.assertGreater(free_port(), 0)


class KurlRunner(unittest.TestCase):
    """run_kurl()/find_kurl() with stand-in binaries (kurl itself is not
    needed for the self-check)."""

    def test_missing_kurl_bin(self):
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("KURL_BIN", None)
            with self.assertRaisesRegex(HarnessError, "KURL_BIN"):
                find_kurl()

    def test_run_kurl_io_and_env(self):
        with mock.patch.dict(os.environ, {"KURL_BIN": "/bin/sh",
                                          "http_proxy": "http://bad:1"}):
            r = run_kurl("-c", 'cat; echo "[$FOO][$http_proxy]" >&2; exit 3',
                         input=b"data", env={"FOO": "bar"})
        self.assertEqual((r.returncode, r.stdout, r.stderr), (3, b"data", b"[bar][]\n"))

    def test_run_kurl_timeout(self):
        with mock.patch.dict(os.environ, {"KURL_BIN": "/bin/sleep"}):
            t0 = time.monotonic()
            with self.assertRaisesRegex(HarnessError, "timed out"):
                run_kurl("30", timeout=0.5)
            self.assertLess(time.monotonic() - t0, 5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
