"""Batch engine (issue 3; CLI.md "Batch input", "Output", "Connection
reuse"): --batch text and JSON Lines, -P, --max-per-host, --pipeline,
--rate, --shard, --report, -o templates and temporary .part files.

kurl's own figures (--stats=json, --report) are held against what the test
server and nginx counted.  Batch files are written to a per-test temporary
directory; every wait is bounded.

Note: URLs given on the command line are put before -o (README "Known
issues": -o takes every following argument up to the next option)."""

import json
import os
import re
import subprocess
import threading
import time
import unittest

from support.harness import Nginx, TestServer, find_kurl, free_port
from kurl_itest import KurlTestCase, error_lines, kurl, origin, stats_of

REPORT_KEYS = {
    "index", "url", "method", "status", "ok", "exit_code", "error", "bytes",
    "connection", "reused", "attempts", "stale_retry", "replays", "time_total",
    "time_connect", "time_tls", "time_first_byte", "output",
}

PART_RE = re.compile(r"^\..+\.kurl-\d+-\d+\.part$")


def concat_json(data):
    """Objects of a stream of concatenated JSON objects (e.g. /echo bodies
    written one after another to stdout)."""
    text = data.decode("utf-8", "replace")
    dec = json.JSONDecoder()
    pos, out = 0, []
    while True:
        while pos < len(text) and text[pos] in " \r\n\t":
            pos += 1
        if pos >= len(text):
            return out
        obj, pos = dec.raw_decode(text, pos)
        out.append(obj)


def fnv1a64(text):
    h = 14695981039346656037
    for b in text.encode():
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


_SERVER = None


def setUpModule():
    # One test server for the whole module (reset before every test): the
    # suite has to stay fast, and starting a server per class costs ~1 s.
    global _SERVER
    _SERVER = TestServer()
    _SERVER.start()


def tearDownModule():
    errors = _SERVER.stderr_text()
    _SERVER.stop()
    if errors.strip():
        raise AssertionError("test server wrote to stderr:\n" + errors)


def start_servers(n, *args):
    """Start n TestServers (with ``args``) at once (threads: each start
    waits for its port file); returns them, all listening."""
    servers = [TestServer(*args) for _ in range(n)]
    errors = []

    def start(s):
        try:
            s.start()
        except BaseException as e:      # reported below
            errors.append(e)
    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    if errors or any(t.is_alive() for t in threads):
        for s in servers:
            s.stop()
        raise errors[0] if errors else AssertionError("servers did not start")
    return servers


class BatchTestCase(KurlTestCase):
    """KurlTestCase (sharing the module's test server) with helpers to
    write batch files and read reports."""

    @classmethod
    def setUpClass(cls):
        cls.srv = _SERVER

    @classmethod
    def tearDownClass(cls):
        pass

    def batch(self, lines, name="batch.txt"):
        """Write ``lines`` (str, or dict for JSON Lines) to a file in the
        test's temp dir and return its path."""
        path = self.path(name)
        with open(path, "w") as f:
            for line in lines:
                f.write((json.dumps(line) if isinstance(line, dict) else line)
                        + "\n")
        return path

    def report(self, path_or_bytes):
        """Parse a JSON Lines report (a path or bytes): every non-empty line
        must be one JSON object."""
        if isinstance(path_or_bytes, bytes):
            data = path_or_bytes
        else:
            with open(path_or_bytes, "rb") as f:
                data = f.read()
        out = []
        for n, line in enumerate(data.decode("utf-8").split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise AssertionError("report line %d is not JSON (%s): %r"
                                     % (n, e, line)) from None
            self.assertIsInstance(obj, dict, "report line %d: %r" % (n, line))
            out.append(obj)
        return out

    def by_index(self, entries):
        idx = [e["index"] for e in entries]
        self.assertEqual(len(idx), len(set(idx)),
                         "an index reported twice: %s" % sorted(idx))
        return {e["index"]: e for e in entries}

    def assertNoPartFiles(self, directory):
        left = [n for n in os.listdir(directory) if n.endswith(".part")
                or PART_RE.match(n)]
        self.assertEqual(left, [], "temporary files left in %s" % directory)


# ------------------------------------------------------------------ reuse
class SequentialBatch(BatchTestCase):
    N = 1000

    def test_1000_lines_one_connection(self):
        f = self.batch([self.url("/ok")] * self.N)
        r = kurl("--batch", f, "--stats=json", "-o", "/dev/null")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"", "a single -o /dev/null covers all")
        self.assertServerSaw(self.srv, connections=1, requests=self.N)
        st = stats_of(r)
        self.assertStatsShape(st)
        self.assertReuse(st, requests=self.N, opened=1, reused=self.N - 1)
        self.assertEqual((st["succeeded"], st["failed"]), (self.N, 0))
        self.assertEqual(st["hosts"][origin(self.srv)]["requests"], self.N)

    def test_1000_lines_to_stdout_whole(self):
        f = self.batch([self.url("/ok?size=%d" % (i % 7 + 1))
                        for i in range(self.N)])
        r = kurl("--batch", f, "--stats=json")
        self.assertExit(r, 0)
        self.assertEqual(len(r.stdout), sum(i % 7 + 1 for i in range(self.N)))
        self.assertServerSaw(self.srv, connections=1, requests=self.N)
        self.assertReuse(stats_of(r), requests=self.N, opened=1)


class ParallelMaxPerHost(BatchTestCase):
    def test_p8_max_per_host_4(self):
        n = 200
        f = self.batch([self.url("/delay?ms=5&i=%d" % i) for i in range(n)])
        r = kurl("--batch", f, "-P", "8", "--max-per-host", "4",
                 "--stats=json", "-o", "/dev/null")
        self.assertExit(r, 0)
        ss = self.srv.stats()
        self.assertEqual(ss["requests"], n)
        self.assertLessEqual(ss["connections"], 4,
                             "server saw %d connections" % ss["connections"])
        self.assertEqual(len({e["conn"] for e in ss["log"]}),
                         ss["connections"])
        st = stats_of(r)
        self.assertEqual((st["requests"], st["succeeded"], st["failed"]),
                         (n, n, 0))
        self.assertLessEqual(st["connections_opened"], 4)
        self.assertEqual(st["connections_opened"], ss["connections"])
        self.assertEqual(st["reused_requests"], n - st["connections_opened"])
        # -P 8 with 4 connections allowed: kurl did run requests in parallel
        self.assertGreater(ss["connections"], 1,
                           "-P 8 used a single connection")

    def test_slow_origin_does_not_hold_up_another(self):
        fast = start_servers(1)[0]
        self.addCleanup(fast.stop)
        lines = [self.url("/delay?ms=300&a=1"), self.url("/delay?ms=300&a=2")]
        lines += [fast.url("/ok?b=%d" % i) for i in range(4)]
        f = self.batch(lines)
        rep = self.path("report")
        # Bodies to files: on standard output the bounded reordering (at most -P
        # requests in the stdout window) would hold the fast ones back on purpose.
        r = kurl("--batch", f, "-P", "4", "--max-per-host", "1",
                 "--report", rep, "-o", self.path("{n}.out"))
        self.assertExit(r, 0)
        for n in range(1, 7):
            with open(self.path("%d.out" % n), "rb") as body:
                self.assertEqual(body.read(), b"hello\n")
        order = [e["index"] for e in self.report(rep)]   # as each ended
        self.assertEqual(sorted(order[:4]), [3, 4, 5, 6],
                         "the fast origin's requests waited behind the "
                         "slow one's queue: report order %s" % order)

    def test_max_per_host_caps_what_p_allows(self):
        # Without --max-per-host the cap is -P itself (see test_glob_parallel_flags).
        n = 60
        f = self.batch([self.url("/delay?ms=20&i=%d" % i) for i in range(n)])
        r = kurl("--batch", f, "-P", "16", "--max-per-host", "6", "--stats=json",
                 "-o", "/dev/null")
        self.assertExit(r, 0)
        ss = self.srv.stats()
        self.assertEqual(ss["requests"], n)
        self.assertLessEqual(ss["connections"], 6)
        self.assertLessEqual(stats_of(r)["connections_opened"], 6)


class NginxKeepaliveRequests(unittest.TestCase):
    def test_1000_lines_keepalive_requests_100(self):
        n = 1000
        with Nginx(keepalive_requests=100) as ng:
            tmp = ng.dir
            f = os.path.join(tmp, "batch.txt")
            with open(f, "w") as fh:
                fh.write((ng.url("/index.html") + "\n") * n)
            r = kurl("--batch", f, "--stats=json", "-o", "/dev/null")
            self.assertEqual(r.returncode, 0, r.stderr.decode()[-3000:])
            entries = ng.access_log_entries(wait_for=n)
            self.assertEqual(len(entries), n)
            self.assertTrue(all(e["status"] == 200 for e in entries))
            conns = {}
            for e in entries:
                conns[e["connection"]] = conns.get(e["connection"], 0) + 1
            self.assertEqual(len(conns), 10, "nginx saw connections %s"
                             % conns)
            self.assertEqual(set(conns.values()), {100})
            st = stats_of(r)
            self.assertEqual((st["requests"], st["succeeded"], st["failed"]),
                             (n, n, 0))
            self.assertEqual(st["connections_opened"], 10)
            self.assertEqual(st["reused_requests"], n - 10)
            self.assertEqual((st["retries"], st["stale_retries"]), (0, 0))
            self.assertGreaterEqual(st["connections_closed"]["server_close"],
                                    9, st["connections_closed"])


class MaxRequestsPerConnBatch(BatchTestCase):
    def test_limit_10_over_100_lines(self):
        n = 100
        f = self.batch([self.url("/ok")] * n)
        r = kurl("--batch", f, "--max-requests-per-conn", "10",
                 "--stats=json", "-o", "/dev/null")
        self.assertExit(r, 0)
        ss = self.assertServerSaw(self.srv, connections=10, requests=n)
        per_conn = {}
        for e in ss["log"]:
            per_conn[e["conn"]] = per_conn.get(e["conn"], 0) + 1
        self.assertEqual(sorted(per_conn.values()), [10] * 10)
        st = stats_of(r)
        self.assertReuse(st, requests=n, opened=10)
        self.assertGreaterEqual(st["connections_closed"]["max_requests"], 9,
                                st["connections_closed"])


# -------------------------------------------------------------- pipelining
class Pipelining(BatchTestCase):
    FLAGS = ("--pipeline", "8", "--max-per-host", "1", "-P", "8")

    def test_pipelining_seen_on_the_wire(self):
        n = 200
        f = self.batch([self.url("/echo?i=%d" % i) for i in range(n)])
        r = kurl("--batch", f, *self.FLAGS, "--stats=json")
        self.assertExit(r, 0)
        ss = self.assertServerSaw(self.srv, connections=1, requests=n)
        self.assertGreater(ss["pipelined"], 0,
                           "no request arrived before the previous response "
                           "was sent")
        st = stats_of(r)
        self.assertGreater(st["pipelined_requests"], 0)
        self.assertEqual((st["succeeded"], st["failed"]), (n, 0))
        self.assertReuse(st, requests=n, opened=1)
        # responses matched to requests in order, bodies whole, in order
        bodies = concat_json(r.stdout)
        self.assertEqual([b["path"] for b in bodies],
                         ["/echo?i=%d" % i for i in range(n)])

    def test_post_in_the_middle_is_never_pipelined(self):
        n = 200
        lines = [self.url("/echo?i=%d" % i) for i in range(n)]
        lines[100] = "POST " + self.url("/echo?i=post")
        f = self.batch(lines)
        r = kurl("--batch", f, *self.FLAGS, "--stats=json")
        self.assertExit(r, 0)
        ss = self.assertServerSaw(self.srv, connections=1, requests=n)
        self.assertGreater(ss["pipelined"], 0)
        log = ss["log"]
        posts = [i for i, e in enumerate(log) if e["method"] == "POST"]
        self.assertEqual(len(posts), 1)
        p = posts[0]
        self.assertEqual(log[p]["path"], "/echo?i=post")
        self.assertFalse(log[p]["pipelined"],
                         "the POST was sent before the previous response "
                         "had been received")
        if p + 1 < len(log):
            self.assertFalse(log[p + 1]["pipelined"],
                             "%s was pipelined behind the POST"
                             % log[p + 1]["path"])
        # fair per-origin queue: the POST (line 101) waits for the requests
        # in flight to drain, it is not overtaken by every later GET; at
        # most -P (8) later requests may get ahead of it.
        self.assertLessEqual(
            p, 100 + 8,
            "the POST (line 101) reached the server as request #%d of %d: "
            "later GETs kept the connection pipelining and starved it "
            "(sent before it: ...%s)"
            % (p + 1, len(log), [e["path"] for e in log[p - 3:p]]))
        bodies = concat_json(r.stdout)
        self.assertEqual(len(bodies), n)
        self.assertEqual(bodies[100]["method"], "POST")
        self.assertEqual([b["path"] for b in bodies],
                         [l.split()[-1][len(self.url("")) - 1:]
                          for l in lines])
        self.assertEqual(stats_of(r)["failed"], 0)


class PipeliningFallback(BatchTestCase):
    FLAGS = Pipelining.FLAGS

    def test_server_closing_retries_and_stops_pipelining(self):
        # the server closes after every 5th response: the requests pipelined
        # behind it get no response and are resent on a new connection;
        # the Connection: close turns pipelining off for the rest of the run
        closing = start_servers(1, "--max-requests-per-conn", 5)[0]
        self.addCleanup(closing.stop)
        n = 50
        f = self.batch([closing.url("/echo?i=%d" % i) for i in range(n)])
        r = kurl("--batch", f, *self.FLAGS, "--stats=json")
        self.assertExit(r, 0)
        self.assertEqual([b["path"] for b in concat_json(r.stdout)],
                         ["/echo?i=%d" % i for i in range(n)])
        ss = closing.stats()
        # When the server closes with pipelined requests unread, Linux resets the
        # connection and kurl may lose the last response before reading it: that GET
        # is then (correctly) sent again, so the server may see a few requests twice.
        self.assertGreaterEqual(ss["requests"], n)
        self.assertLessEqual(ss["requests"], n + 8)
        self.assertEqual(set(e["path"] for e in ss["log"]),
                         set("/echo?i=%d" % i for i in range(n)))
        self.assertGreaterEqual(ss["connections"], n // 5)
        first = ss["log"][0]["conn"]
        late = [e["path"] for e in ss["log"]
                if e["pipelined"] and e["conn"] != first]
        self.assertEqual(late, [], "pipelined after the server closed")
        st = stats_of(r)
        self.assertEqual((st["succeeded"], st["failed"]), (n, 0))
        self.assertGreater(st["retries"], 0)
        # A resend is a retry, never a reused request; the connection it opens counts.
        opened_plus_reused = st["connections_opened"] + st["reused_requests"]
        self.assertGreaterEqual(opened_plus_reused, st["requests"])
        self.assertLessEqual(opened_plus_reused, st["requests"] + st["retries"])
        self.assertLessEqual(st["reuse_ratio"], 1.0)

    def test_http10_server_gets_no_further_pipelining(self):
        n = 40
        f = self.batch([self.url("/http10-keepalive?i=%d" % i)
                        for i in range(n)])
        r = kurl("--batch", f, *self.FLAGS, "--stats=json")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n" * n)
        ss = self.srv.stats()
        self.assertEqual(ss["requests"], n)
        late = [(i, e["path"]) for i, e in enumerate(ss["log"])
                if e["pipelined"] and i >= 8]
        self.assertEqual(late, [], "pipelined after an HTTP/1.0 response")
        self.assertEqual(stats_of(r)["failed"], 0)


# ------------------------------------------------------------------ output
class OutputOrder(BatchTestCase):
    def test_reversed_delays_stdout_in_input_order(self):
        # distinct bodies; the completion order (0, 100, 200, 300 ms) would
        # give b"x"*7 + hello + b"x"*3000 + hello
        lines = [self.url("/delay?ms=300"),
                 self.url("/delay?ms=200&size=3000"),
                 self.url("/delay?ms=100"),
                 self.url("/delay?ms=0&size=7")]
        f = self.batch(lines)
        r = kurl("--batch", f, "-P", "4", "--stats=json")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n" + b"x" * 3000 + b"hello\n" +
                         b"x" * 7)
        # the four really ran at once (else the order test proves nothing)
        ss = self.assertServerSaw(self.srv, connections=4, requests=4)
        self.assertEqual(stats_of(r)["connections_opened"], 4)

    def test_many_parallel_bodies_in_input_order(self):
        n = 60
        lines = [self.url("/echo?i=%d" % i) for i in range(n)]
        f = self.batch(lines)
        r = kurl("--batch", f, "-P", "8")
        self.assertExit(r, 0)
        self.assertEqual([b["path"] for b in concat_json(r.stdout)],
                         ["/echo?i=%d" % i for i in range(n)])


class OutputFiles(BatchTestCase):
    def test_no_truncated_file_after_failed_request(self):
        for par in ("1", "2"):
            with self.subTest(parallel=par):
                d = self.path("out-p" + par)
                os.mkdir(d)
                f = self.batch([self.url("/ok"), self.url("/truncated")])
                r = kurl("-s", "--batch", f, "-P", par, "-o",
                         os.path.join(d, "{n}.out"))
                self.assertExit(r, 18)
                self.assertEqual(sorted(os.listdir(d)), ["1.out"])
                with open(os.path.join(d, "1.out"), "rb") as fh:
                    self.assertEqual(fh.read(), b"hello\n")
                self.assertEqual(r.stdout, b"")

    def test_no_file_after_reset_mid_body(self):
        d = self.path("out")
        os.mkdir(d)
        f = self.batch([self.url("/reset-mid-body"), self.url("/ok?size=5")])
        r = kurl("-s", "--batch", f, "-o", os.path.join(d, "{n}.out"))
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(sorted(os.listdir(d)), ["2.out"])
        with open(os.path.join(d, "2.out"), "rb") as fh:
            self.assertEqual(fh.read(), b"xxxxx")

    def test_temporary_name_while_writing(self):
        d = self.path("out")
        os.mkdir(d)
        f = self.batch([self.url("/ok"), self.url("/trickle?ms=8")])
        proc = subprocess.Popen(
            [find_kurl(), "-s", "--batch", f, "-o", os.path.join(d, "{n}.out")],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        seen, deadline = None, time.monotonic() + 5
        while seen is None and time.monotonic() < deadline \
                and proc.poll() is None:
            names = os.listdir(d)
            parts = [n for n in names if n.endswith(".part")]
            if any(n.startswith(".2.") for n in parts):
                seen = (parts, names)
            else:
                time.sleep(0.01)
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("kurl did not finish /trickle in 10 s")
        self.assertEqual(proc.returncode, 0, err.decode()[-2000:])
        self.assertIsNotNone(seen, "no temporary .part file seen while "
                                   "/trickle was being written")
        parts, names = seen
        self.assertEqual(parts, [".2.out.kurl-%d-2.part" % proc.pid])
        self.assertNotIn("2.out", names, "final name present before the "
                                         "body was complete")
        self.assertEqual(sorted(os.listdir(d)), ["1.out", "2.out"])
        with open(os.path.join(d, "2.out"), "rb") as fh:
            self.assertEqual(fh.read(), b"0123456789" * 10)

    def test_templates_output_dir_create_dirs(self):
        f = self.batch([self.url("/ok?size=3"), self.url("/a/b/"),
                        self.url("/files/data.bin?x=1")])
        d = self.path("dl")
        r = kurl("--batch", f, "--output-dir", d, "--create-dirs",
                 "-o", "{host}/{n}-{basename}", "--report", self.path("r"))
        # /a/b/ is a 404 from the test server: a body, but not a failure
        self.assertExit(r, 0)
        # {host}: the host name, with a port that is not the scheme's default
        host = "127.0.0.1_%d" % self.srv.port
        self.assertEqual(sorted(os.listdir(d)), [host])
        self.assertEqual(sorted(os.listdir(os.path.join(d, host))),
                         ["1-ok", "2-index.html", "3-data.bin"])
        with open(os.path.join(d, host, "1-ok"), "rb") as fh:
            self.assertEqual(fh.read(), b"xxx")
        rep = self.by_index(self.report(self.path("r")))
        self.assertEqual(rep[3]["output"], os.path.join(d, host, "3-data.bin"))

    def test_path_template(self):
        f = self.batch([self.url("/ok"), self.url("/x/y.txt?q=1"),
                        self.url("/")])
        d = self.path("p")
        os.mkdir(d)
        r = kurl("--batch", f, "-o", os.path.join(d, "{n}_{path}"))
        self.assertExit(r, 0)
        self.assertEqual(sorted(os.listdir(d)),
                         ["1_ok", "2_x_y.txt", "3_index"])


# ------------------------------------------------------------ malformed
class MalformedLines(BatchTestCase):
    def assertMalformed(self, r, entries, line):
        e = [x for x in entries if x.get("line") == line]
        self.assertEqual(len(e), 1, "report entries for line %d: %s"
                         % (line, entries))
        e = e[0]
        self.assertIs(e["ok"], False)
        self.assertEqual(e["exit_code"], 3)
        self.assertIsNone(e["status"])
        self.assertTrue(e["error"])
        errs = [l for l in error_lines(r)
                if re.match(r"kurl: \(3\).*\bline %d\b" % line, l)]
        self.assertEqual(len(errs), 1, "no 'kurl: (3) ... line %d' on "
                         "stderr:\n%s" % (line, r.stderr.decode()))

    def test_text_malformed_line_in_the_middle(self):
        f = self.batch(["# a comment", self.url("/ok?a"),
                        "this is not a url at all", self.url("/ok?b")])
        rep = self.path("report")
        r = kurl("--batch", f, "--report", rep, "--stats=json")
        self.assertExit(r, 3)
        self.assertEqual(r.stdout, b"hello\nhello\n")
        ss = self.assertServerSaw(self.srv, connections=1, requests=2)
        self.assertEqual([e["path"] for e in ss["log"]], ["/ok?a", "/ok?b"])
        entries = self.report(rep)
        self.assertEqual(len(entries), 3)
        self.assertMalformed(r, entries, 3)
        ok = [e for e in entries if e.get("line") in (2, 4)]
        self.assertEqual([e["ok"] for e in ok], [True, True])
        st = stats_of(r)
        self.assertEqual((st["succeeded"], st["failed"]), (2, 1))

    def test_jsonl_malformed_lines(self):
        f = self.batch([{"url": self.url("/ok?a")}, '{"url": 5}',
                        {"url": self.url("/ok?b")}, "not json",
                        {"url": self.url("/ok?c")}, '{"method": "GET"}',
                        {"url": self.url("/ok?d"), "colour": "red"}],
                       name="b.jsonl")
        rep = self.path("report")
        r = kurl("--batch", f, "--report", rep)
        self.assertExit(r, 3)
        self.assertEqual(r.stdout, b"hello\n" * 3)
        ss = self.srv.stats()
        self.assertEqual([e["path"] for e in ss["log"]],
                         ["/ok?a", "/ok?b", "/ok?c"])
        entries = self.report(rep)
        self.assertEqual(len(entries), 7)
        for line in (2, 4, 6, 7):
            with self.subTest(line=line):
                self.assertMalformed(r, entries, line)

    def test_exit_code_is_first_failure_in_input_order(self):
        f = self.batch([self.url("/truncated"), "not a url line at all",
                        self.url("/ok")])
        r = kurl("-s", "--batch", f)
        self.assertExit(r, 18)
        f = self.batch(["not a url line at all", self.url("/truncated"),
                        self.url("/ok")])
        r = kurl("-s", "--batch", f)
        self.assertExit(r, 3)
        f = self.batch([{"url": self.url("/status?code=500"),
                         "expect_status": 200}, "not json",
                        {"url": self.url("/ok")}], name="x.jsonl")
        r = kurl("-s", "--batch", f)
        self.assertExit(r, 22)


# -------------------------------------------------------------- JSON Lines
class JsonLines(BatchTestCase):
    def test_method_headers_body_output(self):
        out = self.path("put.json")
        f = self.batch([
            {"url": self.url("/echo?a"), "method": "PUT",
             "headers": {"X-Batch": "yes", "User-Agent": ""},
             "body": "payload-1", "output": "put.json"},
            {"url": self.url("/echo?b"), "body": "x=1"},
            {"url": self.url("/echo?c")},
        ], name="reqs.jsonl")
        rep = self.path("report")
        # A batch line's output stays inside the working directory: run there.
        r = kurl("--batch", f, "--report", rep, cwd=self.tmp)
        self.assertExit(r, 0)
        log = self.srv.stats()["log"]
        self.assertEqual([(e["method"], e["path"]) for e in log],
                         [("PUT", "/echo?a"), ("POST", "/echo?b"),
                          ("GET", "/echo?c")])
        self.assertEqual(log[0]["headers"].get("x-batch"), "yes")
        self.assertNotIn("user-agent", log[0]["headers"])
        self.assertEqual(log[0]["body_len"], len("payload-1"))
        self.assertEqual(log[1]["body_len"], 3)
        self.assertNotIn("x-batch", log[1]["headers"])
        with open(out, "rb") as fh:
            put = json.loads(fh.read())
        self.assertEqual((put["method"], put["body"]), ("PUT", "payload-1"))
        # only b and c went to stdout
        self.assertEqual([b["path"] for b in concat_json(r.stdout)],
                         ["/echo?b", "/echo?c"])
        rep = self.by_index(self.report(rep))
        self.assertEqual(rep[1]["output"], "put.json")
        self.assertIsNone(rep[2]["output"])

    def test_expect_status(self):
        f = self.batch([
            {"url": self.url("/status?code=404"), "expect_status": 200},
            {"url": self.url("/status?code=204"), "expect_status": [200, "2xx"]},
            {"url": self.url("/status?code=404"), "expect_status": 404},
            {"url": self.url("/status?code=201"), "expect_status": "2xx"},
            {"url": self.url("/status?code=503"), "expect_status": [200, "2xx"]},
        ], name="e.jsonl")
        rep = self.path("report")
        r = kurl("--batch", f, "--report", rep, "--stats=json")
        self.assertExit(r, 22)
        entries = self.by_index(self.report(rep))
        self.assertEqual([(entries[i]["status"], entries[i]["ok"],
                           entries[i]["exit_code"]) for i in range(1, 6)],
                         [(404, False, 22), (204, True, 0), (404, True, 0),
                          (201, True, 0), (503, False, 22)])
        for i, wanted, got in ((1, "200", "404"), (5, "2xx", "503")):
            with self.subTest(index=i):
                msg = entries[i]["error"] or ""
                self.assertIn(wanted, msg)
                self.assertIn(got, msg)
                errs = [l for l in error_lines(r) if l.startswith(
                    "kurl: (22)") and wanted in l and got in l]
                self.assertEqual(len(errs), 1, r.stderr.decode())
        st = stats_of(r)
        self.assertEqual((st["succeeded"], st["failed"]), (3, 2))

    def test_output_key_uses_templates_and_output_dir(self):
        f = self.batch([{"url": self.url("/ok?size=2"),
                         "output": "x/{n}-{basename}.txt"},
                        {"url": self.url("/ok?size=3")}], name="o.jsonl")
        d = self.path("D")
        r = kurl("--batch", f, "--output-dir", d, "--create-dirs",
                 "-o", "y/{n}")
        self.assertExit(r, 0)
        with open(os.path.join(d, "x", "1-ok.txt"), "rb") as fh:
            self.assertEqual(fh.read(), b"xx")
        with open(os.path.join(d, "y", "2"), "rb") as fh:
            self.assertEqual(fh.read(), b"xxx")

    def test_expect_status_out_of_range_never_matches(self):
        # 4294967496 = 2**32 + 200: not a status, must not match a 200
        f = self.batch([{"url": self.url("/ok"),
                         "expect_status": 2 ** 32 + 200}], name="w.jsonl")
        rep = self.path("report")
        r = kurl("-s", "--batch", f, "--report", rep)
        e = self.report(rep)[0]
        self.assertIs(e["ok"], False,
                      "expect_status 4294967496 accepted a 200: %s" % e)
        self.assertIn(e["exit_code"], (3, 22))
        self.assertIn(r.returncode, (3, 22))

    def test_expect_status_that_is_no_status_is_malformed(self):
        # "abc" can never match: a malformed line (exit 3, nothing sent),
        # like any other value kurl cannot use, not a request that is sent
        # and then fails with 22
        f = self.batch([{"url": self.url("/ok?a"), "expect_status": "abc"},
                        {"url": self.url("/ok?b"),
                         "expect_status": [200, "2xy"]},
                        {"url": self.url("/ok?c")}], name="v.jsonl")
        rep = self.path("report")
        r = kurl("-s", "--batch", f, "--report", rep)
        self.assertExit(r, 3)
        by = {e["line"]: e for e in self.report(rep)}
        self.assertEqual([(by[i]["ok"], by[i]["exit_code"]) for i in (1, 2, 3)],
                         [(False, 3), (False, 3), (True, 0)])
        self.assertEqual([e["path"] for e in self.srv.stats()["log"]],
                         ["/ok?c"])

    def test_format_flag_and_stdin(self):
        body = (json.dumps({"url": self.url("/echo?s"), "method": "DELETE"})
                + "\n").encode()
        r = kurl("--batch", "-", "--batch-format=jsonl", input=body)
        self.assertExit(r, 0)
        self.assertEqual(concat_json(r.stdout)[0]["method"], "DELETE")
        # a .txt name read as JSON Lines when told so
        f = self.batch([{"url": self.url("/echo?t"), "method": "PATCH"}],
                       name="plain.txt")
        r = kurl("--batch", f, "--batch-format=jsonl")
        self.assertExit(r, 0)
        self.assertEqual(concat_json(r.stdout)[0]["method"], "PATCH")
        # and a .jsonl name read as text when told so: the JSON is malformed
        f = self.batch([self.url("/ok")], name="t.jsonl")
        r = kurl("--batch", f, "--batch-format=text")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n")


# -------------------------------------------------------------------- rate
class Rate(BatchTestCase):
    def timed(self, *args):
        t0 = time.monotonic()
        r = kurl(*args)
        return r, time.monotonic() - t0

    def test_rate_20_ten_lines(self):
        f = self.batch([self.url("/ok")] * 10)
        r, elapsed = self.timed("--batch", f, "--rate", "20", "-o", "/dev/null")
        self.assertExit(r, 0)
        self.assertEqual(self.srv.stats()["requests"], 10)
        self.assertGreaterEqual(elapsed, 0.4, "10 requests at 20/s")
        self.assertLess(elapsed, 3.0)

    def test_decimal_rate(self):
        f = self.batch([self.url("/ok")] * 3)
        r, elapsed = self.timed("--batch", f, "--rate", "2.5", "-o",
                                "/dev/null")
        self.assertExit(r, 0)
        self.assertEqual(self.srv.stats()["requests"], 3)
        self.assertGreaterEqual(elapsed, 0.75, "3 requests at 2.5/s")
        self.assertLess(elapsed, 3.0)
        # a rate under 1 parses (not a usage error, exit 2): the run gets
        # as far as opening the batch file (missing: exit 26).  Running a
        # request at 0.5/s would cost 2 s more (README: the run waits one
        # more 1/R after the last request).
        r = kurl("--rate=0.5", "--batch", self.path("missing.txt"))
        self.assertExit(r, 26)

    def test_bad_rate_is_usage_error(self):
        for value in ("abc", "-1", "1/s"):
            with self.subTest(value=value):
                r = kurl("--rate", value, self.url("/ok"))
                self.assertExit(r, 2)
        self.assertEqual(self.srv.stats()["requests"], 0)


# ------------------------------------------------------------------- shard
class Shard(BatchTestCase):
    def test_halves_cover_the_list_with_no_shared_origin(self):
        extra = start_servers(5)
        for s in extra:
            self.addCleanup(s.stop)
        servers = [self.srv] + extra          # 6 origins
        lines = []
        for rnd in range(3):
            for k, s in enumerate(servers):
                lines.append(s.url("/ok?r=%d&s=%d" % (rnd, k)))
        f = self.batch(lines)
        reports = {}
        for k in (1, 2):
            rep = self.path("report-%d" % k)
            r = kurl("--batch", f, "--shard", "%d/2" % k, "--report", rep,
                     "--stats=json", "-o", "/dev/null")
            self.assertExit(r, 0)
            reports[k] = self.report(rep)
            st = stats_of(r)
            self.assertEqual(st["requests"], len(reports[k]))
            self.assertEqual(st["failed"], 0)
        all_entries = reports[1] + reports[2]
        self.assertEqual(sorted(e["index"] for e in all_entries),
                         list(range(1, len(lines) + 1)),
                         "the shards together do not cover every line "
                         "exactly once")
        for e in all_entries:   # index keeps its place in the whole list
            self.assertEqual(e["url"], lines[e["index"] - 1])
            self.assertTrue(e["ok"])

        def origins(entries):
            return {e["url"].split("/ok")[0] for e in entries}
        o1, o2 = origins(reports[1]), origins(reports[2])
        self.assertEqual(o1 & o2, set(), "origins in both shards")
        self.assertEqual(len(o1 | o2), len(servers))
        # what the servers saw: each one all of its 3 lines, from one shard
        for s in servers:
            self.assertEqual(s.stats()["requests"], 3)
        # README: 64-bit FNV-1a of scheme://host:port, modulo N, 1-based K
        for k, entries in reports.items():
            for o in origins(entries):
                self.assertEqual(fnv1a64(o) % 2 + 1, k, o)

    def test_bad_shard_is_usage_error(self):
        f = self.batch([self.url("/ok")])
        for value in ("0/2", "3/2", "1/0", "x"):
            with self.subTest(value=value):
                r = kurl("--batch", f, "--shard", value)
                self.assertExit(r, 2)
        self.assertEqual(self.srv.stats()["requests"], 0)


# ------------------------------------------------------------------ report
class Report(BatchTestCase):
    def lines(self):
        return [self.url("/ok"), self.url("/status?code=500"),
                self.url("/truncated"),
                "http://127.0.0.1:%d/refused" % free_port(),
                "NOT A VALID LINE", self.url("/echo")]

    def check_entries(self, entries, lines):
        self.assertEqual(len(entries), len(lines))
        by = self.by_index(entries)
        self.assertEqual(sorted(by), list(range(1, len(lines) + 1)))
        for i, e in by.items():
            with self.subTest(index=i):
                self.assertEqual(set(e) - REPORT_KEYS - {"line"}, set())
                self.assertEqual(REPORT_KEYS - set(e), set(),
                                 "missing keys in %s" % e)
                self.assertEqual(e["line"], i)
                self.assertIsInstance(e["ok"], bool)
                self.assertIsInstance(e["reused"], bool)
                self.assertIsInstance(e["stale_retry"], bool)
                self.assertIsInstance(e["replays"], int)
                self.assertIsInstance(e["exit_code"], int)
                self.assertIsInstance(e["attempts"], int)
                self.assertIsInstance(e["bytes"], int)
                for t in ("time_total", "time_connect", "time_tls",
                          "time_first_byte"):
                    self.assertIsInstance(e[t], (int, float))
                    self.assertGreaterEqual(e[t], 0)
                self.assertEqual(e["ok"], e["exit_code"] == 0)
                self.assertEqual(e["error"] is None, e["ok"])
        self.assertEqual(by[1]["url"], lines[0])
        self.assertEqual((by[1]["status"], by[1]["ok"], by[1]["bytes"],
                          by[1]["reused"], by[1]["method"]),
                         (200, True, 6, False, "GET"))
        self.assertIsInstance(by[1]["connection"], int)
        self.assertEqual((by[2]["status"], by[2]["ok"]), (500, True))
        self.assertEqual((by[3]["status"], by[3]["exit_code"]), (200, 18))
        self.assertEqual((by[4]["status"], by[4]["exit_code"],
                          by[4]["connection"]), (None, 7, None))
        self.assertEqual((by[5]["status"], by[5]["exit_code"]), (None, 3))
        self.assertEqual((by[6]["status"], by[6]["ok"]), (200, True))
        return by

    def check_sequential_connections(self, by):
        self.assertEqual(by[2]["connection"], by[1]["connection"])
        self.assertIs(by[2]["reused"], True)
        self.assertEqual(by[3]["connection"], by[1]["connection"])
        self.assertNotEqual(by[6]["connection"], by[1]["connection"],
                            "/truncated's connection was reused")
        self.assertIs(by[6]["reused"], False)

    def test_report_file_one_object_per_request(self):
        lines = self.lines()
        f = self.batch(lines)
        rep = self.path("report.jsonl")
        r = kurl("-s", "--batch", f, "--report", rep, "-o", "/dev/null",
                 "--stats=json")
        self.assertExit(r, 18)
        self.check_sequential_connections(
            self.check_entries(self.report(rep), lines))
        self.assertEqual(r.stdout, b"")
        st = stats_of(r)
        self.assertEqual(st["requests"], 6)
        self.assertEqual((st["succeeded"], st["failed"]), (3, 3))

    def test_report_to_stdout(self):
        lines = self.lines()
        f = self.batch(lines)
        r = kurl("-s", "--batch", f, "--report", "-", "-o", "/dev/null",
                 "-P", "3")
        self.assertExit(r, 18)
        self.check_entries(self.report(r.stdout), lines)

    def test_report_with_parallel_and_outputs(self):
        n = 50
        f = self.batch([self.url("/ok?size=%d" % i) for i in range(1, n + 1)])
        d = self.path("o")
        os.mkdir(d)
        rep = self.path("report")
        r = kurl("--batch", f, "--report", rep, "-P", "8", "-o",
                 os.path.join(d, "{n}"), "--stats=json")
        self.assertExit(r, 0)
        by = self.by_index(self.report(rep))
        self.assertEqual(sorted(by), list(range(1, n + 1)))
        for i, e in by.items():
            self.assertEqual(e["bytes"], i)
            self.assertEqual(e["output"], os.path.join(d, str(i)))
            self.assertEqual(os.path.getsize(e["output"]), i)
        ss = self.srv.stats()
        st = stats_of(r)
        self.assertEqual(sum(1 for e in by.values() if not e["reused"]),
                         ss["connections"])
        self.assertEqual(sum(1 for e in by.values() if e["reused"]),
                         st["reused_requests"])
        self.assertEqual(len({e["connection"] for e in by.values()}),
                         ss["connections"])


# ---------------------------------------------------------- input sources
class InputSources(BatchTestCase):
    def test_stdin_comments_blank_lines_and_command_line_urls(self):
        data = ("# leading comment\n\n%s\n   \n\t# indented comment\n"
                "POST %s\n\n" % (self.url("/echo?a"), self.url("/echo?b"))
                ).encode()
        rep = self.path("report")
        r = kurl(self.url("/echo?cmd1"), self.url("/echo?cmd2"),
                 "--batch", "-", "--report", rep, input=data)
        self.assertExit(r, 0)
        log = self.srv.stats()["log"]
        self.assertEqual([(e["method"], e["path"]) for e in log],
                         [("GET", "/echo?cmd1"), ("GET", "/echo?cmd2"),
                          ("GET", "/echo?a"), ("POST", "/echo?b")])
        self.assertEqual([b["path"] for b in concat_json(r.stdout)],
                         ["/echo?cmd1", "/echo?cmd2", "/echo?a", "/echo?b"])
        by = self.by_index(self.report(rep))
        self.assertEqual(sorted(by), [1, 2, 3, 4])
        self.assertNotIn("line", by[1])
        self.assertNotIn("line", by[2])
        self.assertEqual((by[3]["line"], by[3]["url"]),
                         (3, self.url("/echo?a")))
        self.assertEqual((by[4]["line"], by[4]["method"]), (6, "POST"))

    def test_only_comments_is_no_request(self):
        f = self.batch(["# nothing", "", "   "])
        r = kurl("--batch", f, "--stats=json")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"")
        self.assertEqual(stats_of(r)["requests"], 0)
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_command_line_template_index_continues_into_batch(self):
        f = self.batch([self.url("/ok?size=2"), self.url("/ok?size=3")])
        d = self.path("o")
        os.mkdir(d)
        r = kurl(self.url("/ok?size=1"), "--batch", f, "-o",
                 os.path.join(d, "{n}.out"))
        self.assertExit(r, 0)
        for i in (1, 2, 3):
            with open(os.path.join(d, "%d.out" % i), "rb") as fh:
                self.assertEqual(fh.read(), b"x" * i)

    def test_missing_batch_file(self):
        missing = self.path("no-such-file.txt")
        r = kurl(self.url("/ok"), "--batch", missing)
        self.assertExit(r, 26)
        self.assertEqual(r.stdout, b"")
        err = r.stderr.decode().strip().splitlines()
        self.assertEqual(len(err), 1, err)
        self.assertIn(missing, err[0])
        self.assertTrue(err[0].startswith("kurl: (26)"), err[0])
        self.assertEqual(self.srv.stats()["requests"], 0,
                         "a request ran before the batch file was opened")


if __name__ == "__main__":
    unittest.main()
