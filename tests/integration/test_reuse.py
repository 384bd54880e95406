"""Connection reuse: kurl's --stats=json against the test server's counts."""

import json
import os
import re
import shutil
import subprocess
import time
import unittest

from support.harness import find_kurl
from kurl_itest import KurlTestCase, kurl, origin, stats_of


class SequentialReuse(KurlTestCase):
    N = 5

    def test_n_urls_one_connection(self):
        r = kurl("--stats=json", *[self.url("/ok")] * self.N)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n" * self.N)
        self.assertServerSaw(self.srv, connections=1, requests=self.N)
        st = stats_of(r)
        self.assertStatsShape(st)
        self.assertReuse(st, requests=self.N, opened=1, reused=self.N - 1)
        self.assertEqual((st["succeeded"], st["failed"]), (self.N, 0))
        self.assertAlmostEqual(st["reuse_ratio"], (self.N - 1) / self.N,
                               places=4)
        self.assertEqual((st["retries"], st["stale_retries"]), (0, 0))
        closed = st["connections_closed"]
        self.assertEqual(closed["end_of_run"], 1, closed)
        self.assertEqual(sum(closed.values()), 1, closed)
        self.assertEqual(st["hosts"], {origin(self.srv): {
            "requests": self.N, "connections_opened": 1,
            "reused_requests": self.N - 1, "failed": 0, "retries": 0}})
        self.assertGreater(st["bytes_received"], 6 * self.N)
        self.assertGreater(st["bytes_sent"], 0)

    def test_write_out_reuse_variables(self):
        r = kurl("-w", "%{num_connects} %{reused} %{connection_id}\\n",
                 *[self.url("/ok")] * 4)
        self.assertExit(r, 0)
        lines = [l for l in r.stdout.decode().splitlines() if l != "hello"]
        self.assertEqual(lines, ["1 0 0", "0 1 0", "0 1 0", "0 1 0"])

    def test_stats_file_matches_stats_json(self):
        path = self.path("stats.json")
        r = kurl("-s", "--stats=json", "--stats-file", path,
                 self.url("/ok"), self.url("/ok"))
        self.assertExit(r, 0)
        with open(path) as f:
            from_file = json.load(f)
        from_stderr = stats_of(r)
        for key in ("requests", "connections_opened", "reused_requests",
                    "hosts", "connections_closed"):
            self.assertEqual(from_file[key], from_stderr[key], key)
        self.assertReuse(from_file, requests=2, opened=1)

    def test_text_stats_go_to_stderr(self):
        r = kurl("--stats", self.url("/ok"), self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\nhello\n")
        self.assertTrue(r.stderr.strip(), "--stats printed nothing on stderr")


class KeepaliveZero(KurlTestCase):
    def test_every_request_new_connection_with_connection_close(self):
        r = kurl("--keepalive=0", "--stats=json",
                 "-w", "%{num_connects} %{reused}\\n",
                 self.url("/echo"), self.url("/echo"), self.url("/ok"))
        self.assertExit(r, 0)
        ss = self.assertServerSaw(self.srv, connections=3, requests=3)
        for entry in ss["log"]:
            self.assertEqual(entry["headers"].get("connection"), "close",
                             entry)
        self.assertEqual(len({e["conn"] for e in ss["log"]}), 3)
        st = stats_of(r)
        self.assertReuse(st, requests=3, opened=3, reused=0)
        self.assertEqual(st["reuse_ratio"], 0)
        self.assertTrue(r.stdout.endswith(b"1 0\n"))
        self.assertEqual(r.stdout.count(b"1 0\n"), 3)


class MaxRequestsPerConn(KurlTestCase):
    def test_client_limit(self):
        r = kurl("--max-requests-per-conn=2", "--stats=json",
                 *[self.url("/ok")] * 5)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n" * 5)
        ss = self.assertServerSaw(self.srv, connections=3, requests=5)
        per_conn = {}
        for e in ss["log"]:
            per_conn[e["conn"]] = per_conn.get(e["conn"], 0) + 1
        self.assertEqual(sorted(per_conn.values()), [1, 2, 2])
        st = stats_of(r)
        self.assertReuse(st, requests=5, opened=3, reused=2)
        self.assertEqual(st["connections_closed"]["max_requests"], 2,
                         st["connections_closed"])
        self.assertEqual(st["connections_closed"]["end_of_run"], 1)

    def test_client_limit_one_means_no_reuse(self):
        r = kurl("--max-requests-per-conn=1", "--stats=json",
                 *[self.url("/ok")] * 3)
        self.assertExit(r, 0)
        self.assertServerSaw(self.srv, connections=3, requests=3)
        self.assertReuse(stats_of(r), requests=3, opened=3, reused=0)


class ServerMaxRequestsPerConn(KurlTestCase):
    server_args = ("--max-requests-per-conn", 2)

    def test_server_closes_after_two(self):
        r = kurl("--stats=json", *[self.url("/ok")] * 5)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n" * 5)
        self.assertServerSaw(self.srv, connections=3, requests=5)
        st = stats_of(r)
        self.assertReuse(st, requests=5, opened=3, reused=2)
        self.assertEqual((st["failed"], st["retries"], st["stale_retries"]),
                         (0, 0, 0))
        self.assertEqual(st["connections_closed"]["server_close"], 2,
                         st["connections_closed"])


class MaxPerHost(KurlTestCase):
    def test_max_per_host_one(self):
        r = kurl("--max-per-host=1", "--stats=json", *[self.url("/ok")] * 4)
        self.assertExit(r, 0)
        self.assertServerSaw(self.srv, connections=1, requests=4)
        self.assertReuse(stats_of(r), requests=4, opened=1)

    def test_max_per_host_zero_is_usage_error(self):
        r = kurl("--max-per-host=0", self.url("/ok"))
        self.assertExit(r, 2)
        self.assertEqual(self.srv.stats()["requests"], 0)


class BadReuseFlags(KurlTestCase):
    def test_invalid_values_are_usage_errors(self):
        for flag in ("--keepalive=abc", "--keepalive=-1", "--max-per-host=-2",
                     "--max-requests-per-conn=-1",
                     "--max-requests-per-conn=x", "--tcp-keepalive=-5",
                     "--stats=xml"):
            with self.subTest(flag=flag):
                r = kurl(flag, self.url("/ok"))
                self.assertExit(r, 2)
                self.assertEqual(r.stdout, b"")
                self.assertEqual(
                    len(r.stderr.decode().strip().splitlines()), 1, r.stderr)
                self.assertEqual(self.srv.stats()["requests"], 0)
            self.srv.reset()


class TwoOrigins(KurlTestCase):
    def test_interleaved_origins_each_reused(self):
        other = self.start_server()
        a, b = self.url("/ok"), other.url("/ok")
        r = kurl("--stats=json", "-w", "%{connection_id} %{reused}\\n",
                 a, b, a, b, a)
        self.assertExit(r, 0)
        self.assertServerSaw(self.srv, connections=1, requests=3)
        self.assertServerSaw(other, connections=1, requests=2)
        st = stats_of(r)
        self.assertReuse(st, requests=5, opened=2, reused=3)
        self.assertEqual(st["hosts"], {
            origin(self.srv): {"requests": 3, "connections_opened": 1,
                               "reused_requests": 2, "failed": 0, "retries": 0},
            origin(other): {"requests": 2, "connections_opened": 1,
                            "reused_requests": 1, "failed": 0, "retries": 0},
        })
        ids = [l.split() for l in r.stdout.decode().splitlines()
               if l != "hello"]
        self.assertEqual([x[1] for x in ids], ["0", "0", "1", "1", "1"])
        self.assertEqual(ids[0][0], ids[2][0])
        self.assertEqual(ids[0][0], ids[4][0])
        self.assertEqual(ids[1][0], ids[3][0])
        self.assertNotEqual(ids[0][0], ids[1][0])

    def test_failed_origin_counted_in_its_row(self):
        other = self.start_server()
        r = kurl("-s", "--stats=json", self.url("/ok"), other.url("/empty"),
                 self.url("/ok"))
        self.assertExit(r, 52)
        st = stats_of(r)
        self.assertEqual((st["succeeded"], st["failed"]), (2, 1))
        self.assertEqual(st["hosts"][origin(other)]["failed"], 1)
        self.assertEqual(st["hosts"][origin(self.srv)]["failed"], 0)
        self.assertEqual(st["hosts"][origin(self.srv)]["reused_requests"], 1)


class TcpKeepalive(KurlTestCase):
    def test_tcp_keepalive_does_not_change_reuse(self):
        r = kurl("--tcp-keepalive=5", "--stats=json", *[self.url("/ok")] * 3)
        self.assertExit(r, 0)
        self.assertServerSaw(self.srv, connections=1, requests=3)
        self.assertReuse(stats_of(r), requests=3, opened=1)

    def _keepalive_timer(self, seconds):
        """Run one slow request with --tcp-keepalive=SECONDS and return the
        keepalive timer `ss` shows on kurl's socket (seconds), or None."""
        ss_bin = shutil.which("ss") or "/usr/bin/ss"
        if not os.access(ss_bin, os.X_OK):
            self.skipTest("ss (iproute2) not installed")
        proc = subprocess.Popen(
            [find_kurl(), "-s", "--tcp-keepalive=%d" % seconds,
             self.url("/delay?ms=1200")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        found = None
        deadline = time.monotonic() + 1.0
        while found is None and time.monotonic() < deadline:
            time.sleep(0.1)
            out = subprocess.run(
                [ss_bin, "-tnoH", "state", "established",
                 "( dport = :%d )" % self.srv.port],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                timeout=5).stdout.decode()
            if out.strip():
                m = re.search(r"timer:\(keepalive,([0-9.]+)(ms|sec|min)", out)
                found = (float(m.group(1)) * {"ms": 0.001, "sec": 1,
                                               "min": 60}[m.group(2)]
                         if m else "no keepalive timer: " + out.strip())
        proc.wait(10)
        return found

    def test_tcp_keepalive_sets_probe_idle_time(self):
        # --tcp-keepalive=2: the first probe must come after ~2 s idle, not
        # after libuv's/the kernel's default (60 s / 7200 s).
        timer = self._keepalive_timer(2)
        self.assertIsNotNone(timer, "kurl's socket not seen by ss")
        self.assertIsInstance(timer, float, timer)
        self.assertLessEqual(timer, 2.0,
                             "SO_KEEPALIVE idle time is %ss, wanted <= 2s"
                             % timer)


if __name__ == "__main__":
    unittest.main()
