"""Shared helpers for kurl's integration tests (not a test module itself).

Every test drives the real binary (KURL_BIN) with support.harness.run_kurl
and, wherever it can, holds kurl's own ``--stats=json`` figures against what
the server counted.
"""

import json
import os
import shutil
import tempfile
import unittest

from support.harness import TestServer, run_kurl

# Tests may run kurl in another working directory: make KURL_BIN absolute.
if os.environ.get("KURL_BIN"):
    os.environ["KURL_BIN"] = os.path.abspath(os.environ["KURL_BIN"])

# Markers of a sanitizer report (the Debug build runs with ASan/UBSan).
SANITIZER_MARKERS = (b"AddressSanitizer", b"LeakSanitizer",
                     b"UndefinedBehaviorSanitizer", b"runtime error:",
                     b"internal error: a libuv handle was left open")

STATS_KEYS = {
    "requests", "succeeded", "failed", "connections_opened",
    "reused_requests", "reuse_ratio", "retries", "stale_retries",
    "pipelined_requests", "connections_closed", "tls", "elapsed_s",
    "requests_per_s", "latency_ms", "bytes_received", "bytes_sent", "hosts",
    "status", "http_versions",
}
CLOSED_KEYS = {"server_close", "idle_timeout", "max_requests", "error",
               "end_of_run"}


def kurl(*args, timeout=30, cwd=None, **kw):
    """run_kurl with a bounded time (and optionally another working
    directory); fails the test on a sanitizer report."""
    if cwd is None:
        r = run_kurl(*args, timeout=timeout, **kw)
    else:
        here = os.getcwd()
        os.chdir(cwd)
        try:
            r = run_kurl(*args, timeout=timeout, **kw)
        finally:
            os.chdir(here)
    for marker in SANITIZER_MARKERS:
        if marker in r.stderr:
            raise AssertionError("sanitizer report from kurl %r:\n%s" % (
                args, r.stderr.decode("utf-8", "replace")[-4000:]))
    return r


def stats_of(result):
    """The JSON object printed by --stats=json (the last stderr line that
    parses as a JSON object)."""
    for line in reversed(result.stderr.decode("utf-8", "replace").splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    raise AssertionError("no --stats=json object on stderr:\n%s"
                         % result.stderr.decode("utf-8", "replace")[-3000:])


def error_lines(result):
    """stderr lines that look like kurl error lines (``kurl: ...``)."""
    return [l for l in result.stderr.decode("utf-8", "replace").splitlines()
            if l.startswith("kurl:")]


def origin(srv):
    """The hosts-table key for a TestServer/AiohttpServer/Nginx."""
    return "http://127.0.0.1:%d" % srv.port


def host_row(requests, connections_opened, reused_requests, failed=0, ok=None,
             retries=0):
    """A ``hosts`` row of --stats=json whose requests (``ok`` of them, all by
    default) got a 2xx answer over HTTP/1.1."""
    ok = requests if ok is None else ok
    return {"requests": requests, "connections_opened": connections_opened,
            "reused_requests": reused_requests, "failed": failed, "retries": retries,
            "status": {"1xx": 0, "2xx": ok, "3xx": 0, "4xx": 0, "5xx": 0},
            "http_versions": {"1.0": 0, "1.1": ok, "2": 0}}


def log_paths(stats):
    """[(conn, method, path)] from a TestServer /_stats log."""
    return [(e["conn"], e["method"], e["path"]) for e in stats["log"]]


class KurlTestCase(unittest.TestCase):
    """Base class: ``self.srv`` is a TestServer started for the test class
    (with ``server_args``) and reset (all counters zeroed) before every
    test; ``self.tmp`` a fresh temporary directory for every test."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv = TestServer(*cls.server_args)
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        errors = cls.srv.stderr_text()
        cls.srv.stop()
        super().tearDownClass()
        if errors.strip():
            raise AssertionError("test server wrote to stderr:\n" + errors)

    def setUp(self):
        self.srv.reset()
        self.tmp = tempfile.mkdtemp(prefix="kurl-itest-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def start_server(self, *args):
        """Another TestServer (another origin) that lives for this test."""
        srv = TestServer(*args)
        srv.start()
        self.addCleanup(srv.stop)
        return srv

    def url(self, path):
        return self.srv.url(path)

    def path(self, *names):
        return os.path.join(self.tmp, *names)

    # ------------------------------------------------------------ assertions
    def assertExit(self, result, code, msg=None):
        self.assertEqual(
            result.returncode, code,
            "%sexpected exit %d, got %d\n--- stdout ---\n%r\n--- stderr ---\n%s"
            % ((msg + ": ") if msg else "", code, result.returncode,
               result.stdout[-1500:],
               result.stderr.decode("utf-8", "replace")[-3000:]))

    def assertStatsShape(self, st):
        self.assertEqual(set(st) & STATS_KEYS, STATS_KEYS,
                         "missing stats keys: %s" % (STATS_KEYS - set(st)))
        self.assertEqual(set(st["connections_closed"]), CLOSED_KEYS)

    def assertReuse(self, st, *, requests, opened, reused=None):
        """kurl stats figures (requests, connections_opened, reused)."""
        if reused is None:
            reused = requests - opened
        got = (st["requests"], st["connections_opened"], st["reused_requests"])
        self.assertEqual(got, (requests, opened, reused),
                         "kurl stats (requests, connections_opened, "
                         "reused_requests): %s" % json.dumps(st))

    def assertServerSaw(self, srv, *, connections, requests):
        ss = srv.stats()
        self.assertEqual((ss["connections"], ss["requests"]),
                         (connections, requests),
                         "server saw (connections, requests); log: %s"
                         % log_paths(ss))
        return ss
