"""--retry as curl has it (issue 13, "Retries, as curl has them"): transient
failures are sent again after a wait on the loop, counted in the report's
``attempts`` and the statistics' ``retries``; a POST is replayed only when the
server cannot have acted on it, unless --retry-all-errors; -m bounds each
attempt and --retry-max-time the whole retrying. Every server here counts what
it received, so each figure kurl prints is held against the server's."""

import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from kurl_itest import KurlTestCase, error_lines, kurl, stats_of
from support.harness import find_kurl
from support.raw_server import RawServer, Reply, response

WARNING = "Warning: Problem : HTTP error. Will retry in 0.1 seconds. %d retries left."


def failing_then_ok(failures, status=503, headers=()):
    """A reply function: `failures` answers of `status`, then 200 "hello"."""
    seen = []

    def reply(req):
        seen.append(time.monotonic())
        if len(seen) <= failures:
            return response(status, b"busy\n", headers=headers, reason="Busy")
        return response(200, b"hello\n")
    reply.seen = seen
    return reply


def report_lines(result):
    return [json.loads(line) for line in result.stdout.decode().splitlines()
            if line.startswith("{")]


def free_port():
    """A port nobody listens on now (bound once, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TransientStatus(unittest.TestCase):

    def test_503_three_times_then_200_takes_four_attempts(self):
        reply = failing_then_ok(3)
        with RawServer(reply) as srv:
            r = kurl("--retry", "5", "--retry-delay", "0.1", "--report", "-",
                     "-o", "/dev/null", "--stats=json", srv.url("/x"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(srv.requests), 4)
        line = report_lines(r)[0]
        self.assertEqual((line["attempts"], line["status"], line["ok"]), (4, 200, True))
        st = stats_of(r)
        self.assertEqual(st["retries"], 3)
        self.assertEqual(st["stale_retries"], 0)
        self.assertEqual(st["requests"], 1)
        self.assertEqual(st["hosts"]["http://127.0.0.1:%d" % srv.port]["retries"], 3)
        warnings = [l for l in r.stderr.decode().splitlines() if l.startswith("Warning")]
        self.assertEqual(warnings, [WARNING % 5, WARNING % 4, WARNING % 3])  # curl's count
        gaps = [b - a for a, b in zip(reply.seen, reply.seen[1:])]
        self.assertTrue(all(g >= 0.09 for g in gaps), gaps)

    def test_the_body_of_a_retried_response_is_not_written(self):
        with RawServer(failing_then_ok(2)) as srv:
            r = kurl("--retry", "2", "--retry-delay", "0.1", "-i", srv.url("/x"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(b"busy", r.stdout)
        self.assertTrue(r.stdout.startswith(b"HTTP/1.1 200"), r.stdout)
        self.assertTrue(r.stdout.endswith(b"hello\n"), r.stdout)

    def test_retries_run_out_and_the_last_response_stands(self):
        with RawServer(failing_then_ok(10, status=502)) as srv:
            r = kurl("--retry", "2", "--retry-delay", "0.1", "-f", "--report", "-", srv.url("/x"))
            self.assertEqual(len(srv.requests), 3)
        self.assertEqual(r.returncode, 22, r.stderr)
        self.assertEqual(report_lines(r)[0]["attempts"], 3)

    def test_a_404_is_not_transient(self):
        with RawServer(failing_then_ok(1, status=404)) as srv:
            r = kurl("--retry", "3", "--retry-delay", "0.1", "-f", srv.url("/x"))
            self.assertEqual(len(srv.requests), 1)
        self.assertEqual(r.returncode, 22)
        with RawServer(failing_then_ok(1, status=404)) as srv:
            r = kurl("--retry", "3", "--retry-delay", "0.1", "-f", "--retry-all-errors",
                     srv.url("/x"))
            self.assertEqual(len(srv.requests), 2)  # -f makes 404 an error: all errors retry it
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_silent_prints_no_warning(self):
        with RawServer(failing_then_ok(1)) as srv:
            r = kurl("-s", "--retry", "1", "--retry-delay", "0.1", srv.url("/x"))
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stderr, b"")

    def test_same_attempts_as_curl(self):
        if not shutil.which("curl"):
            self.skipTest("curl is not installed")
        counts = {}
        for tool, args in (("curl", ["curl", "-s"]), ("kurl", [find_kurl(), "-s"])):
            with RawServer(failing_then_ok(1, status=429)) as srv:
                subprocess.run(args + ["--retry", "3", "--retry-delay", "1", srv.url("/x")],
                               timeout=20, check=True, stdout=subprocess.DEVNULL)
                counts[tool] = len(srv.requests)
        self.assertEqual(counts, {"curl": 2, "kurl": 2})


class RetryAfter(unittest.TestCase):

    def test_retry_after_seconds_is_honoured(self):
        reply = failing_then_ok(1, headers=[("Retry-After", "1")])
        with RawServer(reply) as srv:
            r = kurl("--retry", "2", "--retry-delay", "0.1", srv.url("/x"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(reply.seen), 2)
        self.assertGreaterEqual(reply.seen[1] - reply.seen[0], 0.95)
        self.assertIn(b"Will retry in 1 seconds. 2 retries left.", r.stderr)

    def test_retry_after_past_retry_max_time_stops_retrying(self):
        reply = failing_then_ok(1, headers=[("Retry-After", "30")])
        with RawServer(reply) as srv:
            started = time.monotonic()
            r = kurl("--retry", "2", "--retry-max-time", "5", "--report", "-", srv.url("/x"))
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(len(reply.seen), 1)
        self.assertEqual(report_lines(r)[0]["status"], 503)


class Connections(unittest.TestCase):

    def test_refused_is_retried_only_with_retry_connrefused(self):
        port = free_port()
        r = kurl("--retry", "10", "--retry-delay", "0.1", "--report", "-",
                 "http://127.0.0.1:%d/" % port)
        self.assertEqual(r.returncode, 7)
        self.assertEqual(report_lines(r)[0]["attempts"], 1)

    def test_a_server_that_starts_late_is_reached(self):
        port = free_port()
        started = time.monotonic()
        proc = subprocess.Popen(
            [find_kurl(), "--retry-connrefused", "--retry", "10", "--retry-delay", "0.25",
             "--report", "-", "http://127.0.0.1:%d/late" % port],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            time.sleep(1.5)
            with RawServer(lambda req: response(200, b"up\n")) as srv:
                srv.listener.close()  # listen on the port kurl is trying instead
                srv.listener = socket.socket()
                srv.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                srv.listener.bind(("127.0.0.1", port))
                srv.listener.listen(8)
                srv.listener.settimeout(0.2)
                threading.Thread(target=srv._accept_loop, daemon=True).start()
                out, err = proc.communicate(timeout=10)
        finally:
            proc.kill()
        self.assertEqual(proc.returncode, 0, err)
        self.assertGreater(time.monotonic() - started, 1.5)
        line = report_lines(subprocess.CompletedProcess([], 0, out, err))[0]
        self.assertGreaterEqual(line["attempts"], 5)  # 1.5 s of refusals 0.25 s apart
        self.assertIn(b"Warning: Problem : connection refused. Will retry in 0.25 seconds.", err)


    def test_an_interrupt_ends_a_waiting_retry_at_once(self):
        port = free_port()
        proc = subprocess.Popen(
            [find_kurl(), "--retry-connrefused", "--retry", "5", "--retry-delay", "30",
             "http://127.0.0.1:%d/" % port], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            time.sleep(0.5)
            started = time.monotonic()
            proc.send_signal(2)
            out, err = proc.communicate(timeout=5)
        finally:
            proc.kill()
        self.assertEqual(proc.returncode, 130, err)
        self.assertLess(time.monotonic() - started, 2)
        self.assertIn(b"kurl: (130) interrupted", err)


class NotIdempotent(unittest.TestCase):

    def post(self, status, *flags):
        with RawServer(failing_then_ok(1, status=status)) as srv:
            r = kurl("-d", "x=1", "--retry", "3", "--retry-delay", "0.1", *flags,
                     "--report", "-", srv.url("/submit"))
            return r, [req.method for req in srv.requests]

    def test_a_post_is_not_replayed_after_500(self):
        r, methods = self.post(500)
        self.assertEqual(methods, ["POST"])
        self.assertEqual(report_lines(r)[0]["status"], 500)

    def test_a_post_is_replayed_after_500_with_retry_all_errors(self):
        r, methods = self.post(500, "--retry-all-errors")
        self.assertEqual(methods, ["POST", "POST"])
        self.assertEqual(report_lines(r)[0]["status"], 200)

    def test_a_post_is_replayed_after_503(self):
        r, methods = self.post(503)
        self.assertEqual(methods, ["POST", "POST"])
        self.assertEqual(report_lines(r)[0]["attempts"], 2)

    def test_a_put_is_replayed_after_500(self):
        with RawServer(failing_then_ok(1, status=500)) as srv:
            r = kurl("-X", "PUT", "-d", "x", "--retry", "1", "--retry-delay", "0.1", srv.url("/"))
            self.assertEqual(len(srv.requests), 2)
        self.assertEqual(r.returncode, 0)


class Limits(KurlTestCase):

    def test_retry_max_time_stops_the_retrying(self):
        with RawServer(failing_then_ok(1000)) as srv:
            started = time.monotonic()
            r = kurl("--retry", "100", "--retry-delay", "0.2", "--retry-max-time", "1", "-f",
                     "--report", "-", srv.url("/x"))
            elapsed = time.monotonic() - started
            seen = len(srv.requests)
        self.assertEqual(r.returncode, 22)
        self.assertLess(elapsed, 2.0)
        self.assertTrue(5 <= seen <= 7, seen)  # at 0, 0.2, ... 1.0 s
        self.assertEqual(report_lines(r)[0]["attempts"], seen)

    def test_max_time_ends_a_trickle_with_28_promptly(self):
        started = time.monotonic()
        r = kurl("-m", "0.5", self.url("/trickle?ms=100"))
        self.assertEqual(r.returncode, 28)
        self.assertLess(time.monotonic() - started, 1.5)
        self.assertRegex(error_lines(r)[0], r"^kurl: \(28\) operation timed out after")

    def test_max_time_bounds_each_attempt(self):
        started = time.monotonic()
        r = kurl("-m", "0.5", "--retry", "1", "--retry-delay", "0.1", "--report", "-",
                 "-o", "/dev/null", self.url("/trickle?ms=100"))
        elapsed = time.monotonic() - started
        self.assertEqual(r.returncode, 28)
        self.assertTrue(1.0 <= elapsed < 2.5, elapsed)
        self.assertEqual(report_lines(r)[0]["attempts"], 2)
        self.assertIn(b"Warning: Problem : timeout. Will retry in 0.1 seconds. 1 retries left.",
                      r.stderr)

    def test_a_waiting_retry_does_not_hold_up_the_others(self):
        slow = failing_then_ok(1, headers=[("Retry-After", "1")])
        with RawServer(slow) as srv:
            urls = [srv.url("/slow")] + [self.url("/ok?n=%d" % i) for i in range(5)]
            started = time.monotonic()
            r = kurl("-P", "2", "--retry", "1", "--report", "-", "-o", "/dev/null", *urls)
            elapsed = time.monotonic() - started
        self.assertEqual(r.returncode, 0, r.stderr)
        order = [line["index"] for line in report_lines(r)]
        self.assertEqual(order[-1], 1, order)  # the retried request ends last...
        self.assertLess(elapsed, 2.5)          # ...and the others did not wait for it

    def test_bad_values_are_usage_errors(self):
        for args in (["--retry", "-1"], ["--retry", "x"], ["--retry-delay", "soon"],
                     ["--retry-max-time", "-2"]):
            r = kurl(*args, self.url("/ok"))
            self.assertEqual(r.returncode, 2, args)
            self.assertEqual(len(error_lines(r)), 1, r.stderr)


if __name__ == "__main__":
    unittest.main()


class OutputOfARetriedAttempt(unittest.TestCase):
    """A retried attempt starts its output file again, as curl truncates it:
    the bytes a failed attempt wrote are not left in front of the next."""

    @staticmethod
    def partial_then_whole(req):
        first = req.index == 0
        if first:  # says 10 bytes, sends 5, closes: exit 18
            return Reply(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcde", close=True)
        return response(200, b"abcdefghij")

    def run_with(self, command, path):
        with RawServer(self.partial_then_whole) as srv:
            r = subprocess.run(command + ["--retry", "1", "--retry-all-errors",
                                          "--retry-delay", "1", "-o", path, srv.url("/f")],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=30)
            self.assertEqual(len(srv.requests), 2)
        with open(path, "rb") as f:
            return r.returncode, f.read()

    def test_file_holds_only_the_last_attempts_body(self):
        with tempfile.TemporaryDirectory() as tmp:
            mine = self.run_with([find_kurl(), "-s"], tmp + "/kurl.out")
            self.assertEqual(mine, (0, b"abcdefghij"))
            if shutil.which("curl"):
                self.assertEqual(self.run_with(["curl", "-s"], tmp + "/curl.out"), mine)
