"""Responses are matched to requests exactly: a connection whose framing is
not clean after a response is closed, never reused (issue 12, "Nothing
smuggled"). Each test failed before its fix: the replies below made the pool
reuse a connection that llhttp no longer read (the next request hung until
-m), or shifted pipelined replies onto the wrong requests."""

import json
import os
import socket
import tempfile
import threading
import time
import unittest

from kurl_itest import kurl, stats_of
from support.raw_server import RawServer, response

# A reply that looks like a whole response, sent where no body belongs.
FAKE_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfake\n"


def by_path(req):
    """The default reply: the request's path as the body."""
    return response(body=req.target.encode() + b"\n")


class ParserStops(unittest.TestCase):
    """After each of these replies llhttp reads nothing more on the
    connection, so kurl must close it and send the next request on a new one,
    at once (the server keeps the old connection open on purpose)."""

    def two_requests(self, first_reply):
        def reply(req):
            return first_reply if req.target == "/first" else by_path(req)

        with RawServer(reply) as srv:
            started = time.monotonic()
            r = kurl(srv.url("/first"), srv.url("/second"), "-m", "5",
                     "--stats=json", timeout=20)
            elapsed = time.monotonic() - started
            connections = srv.connections
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertLess(elapsed, 3, "the second request waited for -m")
        self.assertTrue(r.stdout.endswith(b"/second\n"), r.stdout)
        stats = stats_of(r)
        self.assertEqual(connections, 2)
        self.assertEqual(stats["connections_opened"], 2)
        self.assertEqual(stats["reused_requests"], 0)
        return stats

    def test_proxy_connection_close(self):
        stats = self.two_requests(response(body=b"a", headers=[("Proxy-Connection", "close")]))
        self.assertEqual(stats["connections_closed"]["server_close"], 1)

    def test_connection_close_in_a_chunked_trailer(self):
        self.two_requests(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          b"1\r\na\r\n0\r\nConnection: close\r\n\r\n")

    def test_a_status_line_of_http_2_0(self):
        self.two_requests(response(body=b"a", version="2.0"))

    def test_a_status_line_of_http_0_9(self):
        self.two_requests(response(body=b"a", version="0.9"))


class BodiesWhereNoneBelongs(unittest.TestCase):
    def test_interim_response_with_a_content_length(self):
        # A 1xx has no body: its Content-Length must not make kurl read one.
        wire = (b"HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n"
                b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nyes")
        with RawServer(lambda req: wire) as srv:
            r = kurl(srv.url("/a"), "-m", "5")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"yes")

    def pipelined_batch(self, tmp, srv, second):
        """/warm (slow, so the rest is pipelined behind it), `second`, then
        four GETs, over one connection."""
        batch = os.path.join(tmp, "batch.txt")
        with open(batch, "w") as f:
            f.write(srv.url("/warm") + "\n")
            f.write("%s %s\n" % (second[0], srv.url(second[1])))
            for i in range(4):
                f.write(srv.url("/g%d" % i) + "\n")
        return kurl("--batch", batch, "--pipeline", "8", "-P", "8",
                    "--max-per-host", "1", "-m", "5", "--stats=json", timeout=20)

    def reply_with_body_after(self, req):
        if req.target == "/warm":
            time.sleep(0.3)
            return response(body=b"warm\n")
        if req.method == "HEAD":
            return response(body=FAKE_RESPONSE)  # a server that sends a body to HEAD
        if req.target == "/no-content":
            return response(status=204, reason="No Content", body=FAKE_RESPONSE)
        return by_path(req)

    def test_pipelined_head_answered_with_a_body(self):
        with RawServer(self.reply_with_body_after, batch_replies=True) as srv:
            with tempfile.TemporaryDirectory() as tmp:
                r = self.pipelined_batch(tmp, srv, ("HEAD", "/h"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"warm\n/g0\n/g1\n/g2\n/g3\n")

    def test_pipelined_204_answered_with_a_body(self):
        with RawServer(self.reply_with_body_after, batch_replies=True) as srv:
            with tempfile.TemporaryDirectory() as tmp:
                r = self.pipelined_batch(tmp, srv, ("GET", "/no-content"))
            served = [q.target for q in srv.requests]
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"warm\n/g0\n/g1\n/g2\n/g3\n")
        # The GETs pipelined behind the 204 were resent on a second connection.
        self.assertEqual(served.count("/g0"), 2, served)
        stats = stats_of(r)
        self.assertEqual(stats["connections_opened"], 2)
        self.assertEqual(stats["retries"], 4)

    def test_chunk_data_not_followed_by_crlf(self):
        wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY0\r\n\r\n"
        with RawServer(lambda req: wire) as srv:
            r = kurl(srv.url("/a"), "-m", "5")
        self.assertEqual(r.returncode, 8, r.stderr)
        self.assertIn(b"chunk data not followed by CRLF", r.stderr)

    def test_chunk_crlf_split_across_reads(self):
        # The CRLF after chunk data may come in a later read: still accepted.
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]

        def serve():
            conn, _ = listener.accept()
            conn.recv(65536)
            for piece in (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc",
                          b"\r", b"\n0\r\n\r\n"):
                conn.sendall(piece)
                time.sleep(0.05)
            conn.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        r = kurl("http://127.0.0.1:%d/" % port, "-m", "5")
        thread.join(5)
        listener.close()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"abc")


class KeepaliveZero(unittest.TestCase):
    def test_closes_count_as_max_requests_when_the_server_keeps_the_connection(self):
        with RawServer(by_path) as srv:
            r = kurl(srv.url("/a"), srv.url("/b"), "--keepalive=0", "--stats=json", "-m", "5")
        self.assertEqual(r.returncode, 0, r.stderr)
        closed = stats_of(r)["connections_closed"]
        self.assertEqual(closed["max_requests"], 2, json.dumps(closed))
        self.assertEqual(closed["idle_timeout"], 0)


if __name__ == "__main__":
    unittest.main()
