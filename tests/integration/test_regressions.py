"""Regression tests for bugs fixed after the first tests landed; each failed before its fix."""

import base64
import json
import os
import time
import unittest

from kurl_itest import KurlTestCase, kurl, stats_of


class Regressions(KurlTestCase):
    def test_keepalive_zero_closes_count_as_server_close(self):
        # The last connection was counted as end_of_run although the server closed it.
        r = kurl(self.url("/ok"), self.url("/ok"), "--keepalive=0", "-o", "/dev/null", "--stats=json")
        self.assertExit(r, 0)
        closed = stats_of(r)["connections_closed"]
        self.assertEqual(closed["server_close"], 2)
        self.assertEqual(closed["end_of_run"], 0)

    def test_user_without_colon_means_empty_password(self):
        r = kurl("-u", "alice", self.url("/echo"))
        self.assertExit(r, 0)
        sent = json.loads(r.stdout)["headers"]["authorization"]
        self.assertEqual(sent, "Basic " + base64.b64encode(b"alice:").decode())

    def test_fail_with_body_keeps_the_output_file(self):
        target = self.path("error.txt")
        r = kurl("--fail-with-body", "-o", target, self.url("/status?code=404"))
        self.assertExit(r, 22)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"status 404\n")
        self.assertEqual([n for n in os.listdir(self.tmp) if n.endswith(".part")], [])

    def test_rate_does_not_wait_after_the_last_request(self):
        # Two starts at 2 a second need 0.5 s; the run used to wait one more interval.
        started = time.monotonic()
        r = kurl(self.url("/ok"), self.url("/ok"), "--rate", "2", "-o", "/dev/null")
        elapsed = time.monotonic() - started
        self.assertExit(r, 0)
        self.assertGreaterEqual(elapsed, 0.45)
        self.assertLess(elapsed, 0.95)

    def test_report_of_a_malformed_line_names_it(self):
        batch = self.path("lines.jsonl")
        with open(batch, "w") as f:
            f.write(json.dumps({"url": self.url("/echo"), "method": "PUT", "body": "x"}) + "\n")
            f.write("not json at all\n")
        report = self.path("report.jsonl")
        r = kurl("--batch", batch, "--report", report, "-o", "/dev/null")
        self.assertExit(r, 3)
        with open(report) as f:
            lines = [json.loads(line) for line in f]
        bad = [line for line in lines if not line["ok"]][0]
        self.assertEqual(bad["method"], "GET")  # not the PUT of the line before
        self.assertEqual(bad["url"], "not json at all")
        self.assertEqual(bad["line"], 2)

    def test_stdout_reordering_holds_at_most_p_bodies(self):
        # A slow first request used to let every later one finish and wait in memory.
        batch = self.path("urls.txt")
        with open(batch, "w") as f:
            f.write(self.url("/delay?ms=800&size=5") + "\n")
            f.write("".join(self.url("/ok?size=3") + "\n" for _ in range(100)))
        report = self.path("report.jsonl")
        r = kurl("--batch", batch, "-P", "4", "--report", report)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"x" * 5 + b"x" * 300)
        with open(report) as f:
            order = [json.loads(line)["index"] for line in f]
        self.assertLessEqual(order.index(1), 3, order[:10])  # at most P-1 finished before it

    def test_output_to_a_fifo_nobody_reads_fails_at_once(self):
        # Opening it used to block the loop: -m and signals stopped working.
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        started = time.monotonic()
        r = kurl("-m", "2", "-o", fifo, self.url("/ok"), timeout=15)
        self.assertExit(r, 23)
        self.assertIn(b"no process reads that FIFO", r.stderr)
        self.assertLess(time.monotonic() - started, 5)

    def test_redirect_hop_that_cannot_connect_is_not_a_stale_retry(self):
        # The hop inherited "reused" from the first request and was resent as stale.
        refused = "http://127.0.0.1:1/x"
        r = kurl("-L", self.url("/ok"), self.url("/redirect?to=" + refused), "-o", "/dev/null",
                 "-o", "/dev/null", "--stats=json")
        self.assertExit(r, 7)
        stats = stats_of(r)
        self.assertEqual(stats["retries"], 0)
        self.assertEqual(stats["stale_retries"], 0)
        self.assertEqual(r.stderr.count(b"kurl: (7)"), 1)

    def test_resends_keep_their_order_ahead_of_queued_requests(self):
        # A reset under a pipeline resent c, d, e in reverse and after f (f, e, d, c, g).
        urls = [self.url("/ok?a"), self.url("/reset-mid-body")]
        urls += [self.url("/ok?%s" % x) for x in "cdefg"]
        r = kurl("-s", "--max-per-host", "1", "--pipeline", "4", "-P", "4", "-o", "/dev/null", *urls)
        self.assertEqual(r.returncode, 56)  # the reset request itself had started: no resend
        log = self.srv.stats()["log"]
        second = [e["path"] for e in log if e["conn"] != log[0]["conn"]]
        self.assertEqual(second, ["/ok?%s" % x for x in "cdefg"])


if __name__ == "__main__":
    unittest.main()
