"""kurl against more real servers from Debian: Node.js's http module and lighttpd.

Each keeps connections alive its own way (Node: keepAliveTimeout and
maxRequestsPerSocket; lighttpd: max-keep-alive-requests and -idle). kurl's
statistics are held against what the server counted.
"""

import os
import tempfile
import unittest

from kurl_itest import kurl, stats_of
from support.harness import Lighttpd, NodeServer


def batch_file(urls):
    handle, path = tempfile.mkstemp(suffix=".txt", prefix="kurl-batch-")
    with os.fdopen(handle, "w") as f:
        f.write("\n".join(urls) + "\n")
    return path


class NodeHttp(unittest.TestCase):
    def test_sequential_requests_share_one_connection(self):
        with NodeServer() as node:
            r = kurl(*[node.url("/")] * 20, "-o", "/dev/null", "--stats=json")
            self.assertEqual(r.returncode, 0, r.stderr)
            stats = stats_of(r)
            counts = node.counts()
            self.assertEqual(counts["requests"], 20)
            self.assertEqual(counts["connections"], 1)
            self.assertEqual(stats["connections_opened"], 1)
            self.assertEqual(stats["reused_requests"], 19)

    def test_max_requests_per_socket_is_followed_without_failure(self):
        # Node answers the last allowed request with Connection: close.
        with NodeServer(max_requests_per_socket=5) as node:
            r = kurl(*[node.url("/")] * 12, "-o", "/dev/null", "--stats=json")
            self.assertEqual(r.returncode, 0, r.stderr)
            stats = stats_of(r)
            self.assertEqual(node.counts()["connections"], 3)
            self.assertEqual(stats["connections_opened"], 3)
            self.assertEqual(stats["failed"], 0)
            self.assertEqual(stats["connections_closed"]["server_close"], 2)

    def test_server_idle_timeout_is_followed(self):
        # Node closes a connection idle for 1 s (and says "Keep-Alive: timeout=1");
        # --rate 0.8 leaves 1.25 s between requests, so each needs a new connection, and
        # none may fail or be retried as stale.
        with NodeServer(keepalive_ms=1000) as node:
            r = kurl(*[node.url("/")] * 3, "--rate", "0.8", "-o", "/dev/null", "--stats=json")
            self.assertEqual(r.returncode, 0, r.stderr)
            stats = stats_of(r)
            self.assertEqual(stats["failed"], 0)
            self.assertEqual(stats["stale_retries"], 0)
            self.assertEqual(stats["connections_opened"], 3)
            self.assertEqual(node.counts()["connections"], 3)


class LighttpdServer(unittest.TestCase):
    def test_request_cap_gives_exact_connection_count(self):
        with Lighttpd(max_keep_alive_requests=4) as server:
            r = kurl("--batch", batch_file([server.url()] * 12), "-o", "/dev/null", "--stats=json")
            self.assertEqual(r.returncode, 0, r.stderr)
            stats = stats_of(r)
            self.assertEqual(stats["failed"], 0)
            self.assertEqual(stats["connections_opened"], 3)
            self.assertEqual(len(server.distinct_client_ports()), 3)

    def test_parallel_batch_stays_within_max_per_host(self):
        with Lighttpd(max_keep_alive_requests=1000) as server:
            r = kurl("--batch", batch_file([server.url()] * 200), "-P", "8", "--max-per-host", "3",
                     "-o", "/dev/null", "--stats=json")
            self.assertEqual(r.returncode, 0, r.stderr)
            stats = stats_of(r)
            self.assertEqual(stats["failed"], 0)
            self.assertLessEqual(stats["connections_opened"], 3)
            self.assertLessEqual(len(server.distinct_client_ports()), 3)


if __name__ == "__main__":
    unittest.main()
