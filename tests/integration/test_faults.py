"""Fault injection with the real binary (issue 7, "Proof"): mutated replies,
resets, oversized heads, trickling servers, signals in the middle of a
parallel batch, a closed stdout, redirects that must not leak credentials or
leave http(s), redirect loops, a large parallel run against nginx, and
malformed input.

Every kurl run is bounded (timeout, then SIGKILL) and fails the test on a
sanitizer report in its stderr.  The mutated replies are seeded
(KURL_FAULT_SEED overrides the seed, to explore; the default keeps the suite
deterministic).
"""

import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

from kurl_itest import (SANITIZER_MARKERS, KurlTestCase, error_lines, kurl,
                        stats_of)
from support import harness
from support.harness import Nginx, _PythonServer, find_kurl

sys.path.insert(0, harness.SUPPORT_DIR)
import mutating_server  # noqa: E402  (tests/support, for reply_for())

# CLI.md "Exit codes": everything a request may end with.
DOCUMENTED_CODES = {0, 1, 2, 3, 5, 6, 7, 8, 18, 22, 23, 26, 28, 35, 47, 52,
                    55, 56, 60, 77}
SEED = os.environ.get("KURL_FAULT_SEED", "20240607")


def q(url):
    return urllib.parse.quote(url, safe="")


def check_sanitizer(args, stderr):
    for marker in SANITIZER_MARKERS:
        if marker in stderr:
            raise AssertionError("sanitizer report from kurl %r:\n%s" % (
                args, stderr.decode("utf-8", "replace")[-4000:]))


def kurl_env():
    env = dict(os.environ)
    for name in harness.PROXY_VARS:
        env.pop(name, None)
    return env


def spawn(args, tmp, stdout=None):
    """Start kurl with ``args`` in the background; stderr (and stdout unless
    given) go to files in ``tmp``.  Returns (Popen, stdout path, stderr
    path).  The caller must reap it with finish() in a finally block."""
    out_path = os.path.join(tmp, "kurl.stdout")
    err_path = os.path.join(tmp, "kurl.stderr")
    with open(err_path, "wb") as err:
        if stdout is None:
            with open(out_path, "wb") as out:
                proc = subprocess.Popen([find_kurl()] + list(args),
                                        stdin=subprocess.DEVNULL, stdout=out,
                                        stderr=err, env=kurl_env())
        else:
            proc = subprocess.Popen([find_kurl()] + list(args),
                                    stdin=subprocess.DEVNULL, stdout=stdout,
                                    stderr=err, env=kurl_env())
    return proc, out_path, err_path


def finish(proc, timeout):
    """Wait (bounded) for ``proc``; kill it (and fail) if it overstays.
    Returns its returncode.  Safe to call again on a reaped process."""
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
        raise AssertionError("kurl did not exit within %.1fs (killed)"
                             % timeout) from None


def kill_quietly(proc):
    if proc is not None and proc.poll() is None:
        proc.kill()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            pass


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


def stats_from(stderr):
    """The --stats=json object in a stderr (bytes)."""
    return stats_of(subprocess.CompletedProcess((), 0, b"", stderr))


def part_files(directory):
    """Temporary files kurl may have left (``.NAME.kurl-PID-N.part``)."""
    return [n for n in os.listdir(directory) if n.endswith(".part")]


def run_measured(args, timeout):
    """Run kurl to completion, bounded; returns (returncode, stdout, stderr,
    peak RSS in KiB of that one process)."""
    tmp = tempfile.mkdtemp(prefix="kurl-fault-run-")
    proc = None
    try:
        proc, out_path, err_path = spawn(args, tmp)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                raise AssertionError("kurl did not exit within %.1fs" % timeout)
            time.sleep(0.02)
        return (proc.returncode, read(out_path), read(err_path),
                usage.ru_maxrss)
    finally:
        kill_quietly(proc)
        shutil.rmtree(tmp, ignore_errors=True)


class MutatingServer(_PythonServer):
    """tests/support/mutating_server.py (see there)."""

    __test__ = False
    script = "mutating_server.py"

    def __init__(self, seed, idle=0.2):
        super().__init__("--seed", seed, "--idle", idle)


class RawReplyServer:
    """Answers each connection on 127.0.0.1 with fixed bytes, then closes it
    (a thread; bounded waits): ``reply`` for the first request, ``later``
    (default: ``reply``) for every other.  ``.request_lines`` lists the
    request lines received."""

    def __init__(self, reply, later=None):
        self.reply = reply
        self.later = reply if later is None else later
        self.request_lines = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(5)
        self.sock.close()
        return False

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    self.request_lines.append(data.split(b"\r\n", 1)[0])
                    conn.sendall(self.reply if len(self.request_lines) == 1
                                 else self.later)
                except OSError:
                    pass


class FaultTestCase(KurlTestCase):
    def assertDocumented(self, code, what):
        self.assertGreaterEqual(code, 0, "%s: kurl died of signal %d"
                                % (what, -code))
        self.assertIn(code, DOCUMENTED_CODES,
                      "%s: exit %d is not a documented code" % (what, code))


# ---------------------------------------------------------------- 1. mutated
class MutatedReplies(FaultTestCase):
    """Hundreds of randomly mutated replies: each request ends with a
    documented exit code, never a signal, a hang or a sanitizer report; the
    replies sent valid end well, with the exact body."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mut = MutatingServer(SEED)
        cls.mut.start()

    @classmethod
    def tearDownClass(cls):
        errors = cls.mut.stderr_text()
        cls.mut.stop()
        super().tearDownClass()
        if errors.strip():
            raise AssertionError("mutating server failed:\n" + errors)

    def case_url(self, n):
        return self.mut.url("/m/%d" % n)

    def write_batch(self, cases, head_every=10):
        path = self.path("batch.txt")
        with open(path, "w") as f:
            for n in cases:
                method = "HEAD " if head_every and n % head_every == 3 else ""
                f.write("%s%s\n" % (method, self.case_url(n)))
        return path

    def check_report(self, cases, report, outdir=None):
        with open(report, "rb") as f:
            data = f.read()
        self.assertTrue(data.endswith(b"\n") or not data, data[-200:])
        entries = [json.loads(line) for line in data.splitlines()]
        self.assertEqual(len(entries), len(cases), "one report line a request")
        self.assertEqual(sorted(e["index"] for e in entries),
                         list(range(1, len(cases) + 1)))
        clean_checked = 0
        for e in entries:
            n = cases[e["index"] - 1]
            what = "case %d (%s %s): %s" % (n, e["method"], e["url"], e["error"])
            self.assertDocumented(e["exit_code"], what)
            self.assertEqual(e["ok"], e["exit_code"] == 0, what)
            if outdir is None or e["method"] != "GET":
                continue
            path = os.path.join(outdir, "%d.out" % e["index"])
            if e["exit_code"] != 0:
                self.assertFalse(os.path.exists(path),
                                 "%s: failed request left %s" % (what, path))
                continue
            expected = mutating_server.reply_for(SEED, n, "GET")[4]
            if expected is not None and not e["reused"] and e["attempts"] == 1:
                clean_checked += 1
                self.assertEqual(read(path), expected,
                                 "%s: body saved wrong" % what)
        if outdir is not None:
            self.assertEqual(part_files(outdir), [])
            # every unmutated reply on a new connection must end well
            bad = ["case %d: (%d) %s" % (cases[e["index"] - 1], e["exit_code"],
                                         e["error"])
                   for e in entries
                   if e["method"] == "GET" and not e["reused"]
                   and e["exit_code"] != 0
                   and mutating_server.reply_for(
                       SEED, cases[e["index"] - 1], "GET")[4] is not None]
            self.assertEqual(bad, [], "valid replies that failed")
        return entries, clean_checked

    def run_batch(self, cases, *flags, outdir=None):
        batch = self.write_batch(cases)
        report = self.path("report.jsonl")
        args = ["-s", "-m", "5", "--batch", batch, "--report", report] + \
            list(flags)
        if outdir is not None:
            os.makedirs(outdir)
            args += ["-o", os.path.join(outdir, "{n}.out")]
        else:
            args += ["-o", "/dev/null"]
        r = kurl(*args, timeout=60)
        self.assertDocumented(r.returncode, "batch %r" % (flags,))
        entries, clean = self.check_report(cases, report, outdir)
        if entries:
            # CLI.md: the code of the first failed request in input order
            first = next((e["exit_code"] for e in sorted(
                entries, key=lambda e: e["index"]) if e["exit_code"]), 0)
            self.assertExit(r, first)
        return entries, clean

    def test_parallel_batch_to_files(self):
        cases = list(range(0, 300))
        entries, clean = self.run_batch(cases, "-P", "16", "--max-per-host",
                                        "16", outdir=self.path("out"))
        codes = {e["exit_code"] for e in entries}
        # the mix is broad enough to mean something
        self.assertIn(0, codes)
        self.assertTrue(len(codes) >= 4, codes)
        self.assertGreater(clean, 5, "too few valid replies checked")

    def test_batch_following_redirects_with_reuse(self):
        self.run_batch(list(range(300, 500)), "-L", "-P", "8",
                       "--max-per-host", "4")

    def test_pipelined_batch(self):
        self.run_batch(list(range(500, 650)), "-P", "8", "--pipeline", "4",
                       "--max-per-host", "2")

    def test_single_runs(self):
        flag_sets = [(), ("-i",), ("-v",), ("-L",), ("-I",), ("-f",),
                     ("-sS",), ("-w", "%{json}"), ("--fail-with-body",),
                     ("-L", "--max-redirs", "2", "-i")]
        for n, flags in enumerate(flag_sets, 700):
            with self.subTest(case=n, flags=flags):
                out = self.path("single-%d.out" % n)
                r = kurl("-m", "5", *flags, "-o", out, self.case_url(n),
                         timeout=30)
                self.assertDocumented(r.returncode, "case %d %r" % (n, flags))
                if r.returncode != 0:
                    self.assertFalse(os.path.exists(out))
                    self.assertEqual(len(error_lines(r)), 1, r.stderr[-500:])
        # several URLs of one run, to stdout (bounded reordering)
        urls = [self.case_url(i) for i in range(800, 830)]
        r = kurl("-s", "-m", "5", "-P", "4", *urls, timeout=60)
        self.assertDocumented(r.returncode, "30 URLs to stdout")

    def test_replies_are_deterministic(self):
        for n in (1, 17, 123):
            self.assertEqual(mutating_server.reply_for(SEED, n),
                             mutating_server.reply_for(SEED, n))


# --------------------------------------------------------------- 2-4. faults
class ServerFaults(FaultTestCase):
    def test_reset_mid_body(self):
        out = self.path("out.txt")
        r = kurl("-o", out, self.url("/reset-mid-body"), timeout=20)
        self.assertIn(r.returncode, (18, 56), r.stderr)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)
        self.assertEqual(os.listdir(self.tmp), [], "no file, no .part")

    def test_reset_mid_body_in_parallel_batch(self):
        urls = [self.url("/reset-mid-body") if i % 3 == 0 else self.url("/ok")
                for i in range(30)]
        r = kurl("-s", "-P", "6", "-o", self.path("{n}.txt"), *urls,
                 timeout=30)
        self.assertIn(r.returncode, (18, 56), r.stderr)
        names = sorted(os.listdir(self.tmp))
        self.assertEqual(part_files(self.tmp), [])
        self.assertEqual(names, sorted("%d.txt" % (i + 1) for i in range(30)
                                       if i % 3 != 0))
        for name in names:
            self.assertEqual(read(self.path(name)), b"hello\n")

    def test_4mib_header_line(self):
        t = time.monotonic()
        r = kurl(self.url("/big-header?size=4194304"), timeout=20)
        elapsed = time.monotonic() - t
        self.assertExit(r, 8)
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, r.stderr[-2000:])
        self.assertTrue(lines[0].startswith("kurl: (8) "), lines[0])
        self.assertLess(len(r.stderr), 2000, "one clear line, not the header")
        self.assertEqual(r.stdout, b"")
        self.assertLess(elapsed, 5.0)

    def test_head_over_256k_in_many_lines(self):
        # 900 lines of 300 bytes: under 1,000 lines, over 256 KiB in all
        head = b"HTTP/1.1 200 OK\r\n" + b"".join(
            b"X-%03d: %s\r\n" % (i, b"v" * 292) for i in range(900)) + \
            b"Content-Length: 6\r\n\r\nhello\n"
        self.assertGreater(len(head), 256 * 1024)
        with RawReplyServer(head) as raw:
            t = time.monotonic()
            r = kurl(raw.url("/"), timeout=20)
            elapsed = time.monotonic() - t
        self.assertExit(r, 8)
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, r.stderr[-2000:])
        self.assertTrue(lines[0].startswith("kurl: (8) "), lines[0])
        self.assertEqual(r.stdout, b"")
        self.assertLess(elapsed, 5.0)

    @unittest.expectedFailure
    def test_chunk_extension_with_whitespace(self):
        # RFC 9112 7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name ... ),
        # and RFC 9110 5.6.3: a recipient MUST parse and remove BWS.  curl
        # accepts this reply (found by the mutated-reply batch).  Known gap:
        # Debian's llhttp 8.1 rejects the space and has no lenient flag for it
        # (kurl exits 8 with a clear message); see README "Known issues".
        reply = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"5 ;y=\"z\"\r\nhello\r\n0\r\n\r\n")
        with RawReplyServer(reply) as raw:
            r = kurl("-sS", raw.url("/"), timeout=20)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello")

    def test_many_headers(self):
        r = kurl(self.url("/many-headers?n=2000"), timeout=20)
        self.assertExit(r, 8)
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, r.stderr[-2000:])
        self.assertTrue(lines[0].startswith("kurl: (8) "), lines[0])

    def test_many_headers_under_limit(self):
        r = kurl("-s", self.url("/many-headers?n=900"), timeout=20)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n")

    def test_trickle_under_max_time(self):
        t = time.monotonic()
        r = kurl("-m", "2", self.url("/trickle?ms=200"), timeout=20)
        elapsed = time.monotonic() - t
        self.assertExit(r, 28)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)
        self.assertGreater(elapsed, 1.5)
        self.assertLess(elapsed, 5.0)

    def test_trickle_under_max_time_in_batch(self):
        t = time.monotonic()
        r = kurl("-s", "-m", "2", "-P", "4", "-o", "/dev/null",
                 *[self.url("/trickle?ms=200") for _ in range(4)], timeout=20)
        elapsed = time.monotonic() - t
        self.assertExit(r, 28)
        self.assertLess(elapsed, 5.0)


# ------------------------------------------------------------------ 5. signals
class Signals(FaultTestCase):
    SIZE = 1000

    def interrupt(self, sig, code):
        outdir = self.path("out")
        os.makedirs(outdir)
        batch = self.path("batch.txt")
        with open(batch, "w") as f:
            for _ in range(2000):
                f.write(self.url("/delay?ms=50&size=%d" % self.SIZE) + "\n")
        report = self.path("report.jsonl")
        args = ["-s", "--batch", batch, "-P", "16", "--max-per-host", "16",
                "-o", os.path.join(outdir, "{n}.txt"), "--report", report,
                "--stats=json"]
        proc = None
        try:
            proc, _, err_path = spawn(args, self.tmp)
            start = time.monotonic()
            # ~1 s in, and at least some files complete (bounded wait)
            deadline = start + 10
            while time.monotonic() < deadline and proc.poll() is None:
                if time.monotonic() - start >= 1.0 and \
                        len(os.listdir(outdir)) >= 20:
                    break
                time.sleep(0.02)
            self.assertIsNone(proc.poll(), "kurl ended before the signal: %s"
                              % read(err_path)[-2000:])
            proc.send_signal(sig)
            sent = time.monotonic()
            rc = finish(proc, 10)
            stop_time = time.monotonic() - sent
        finally:
            kill_quietly(proc)
        stderr = read(err_path)
        check_sanitizer(args, stderr)
        self.assertEqual(rc, code, stderr[-3000:])
        self.assertLess(stop_time, 5.0, "slow to stop after the signal")

        # only whole files: exactly SIZE bytes, no temporary files
        names = os.listdir(outdir)
        self.assertEqual(part_files(outdir), [])
        for name in names:
            self.assertRegex(name, r"^\d+\.txt$")
            self.assertEqual(os.path.getsize(os.path.join(outdir, name)),
                             self.SIZE, name)
        # only whole report lines
        data = read(report)
        self.assertTrue(data.endswith(b"\n"), data[-300:])
        entries = [json.loads(line) for line in data.splitlines()]
        self.assertLess(len(entries), 2000, "the run was not interrupted")
        indexes = [e["index"] for e in entries]
        self.assertEqual(len(indexes), len(set(indexes)), "duplicate lines")
        ok = {e["index"] for e in entries if e["ok"]}
        self.assertEqual(sorted(names), sorted("%d.txt" % i for i in ok),
                         "files on disk == requests reported ok")
        aborted = [e for e in entries if not e["ok"]]
        self.assertTrue(aborted, "requests in flight at the signal")
        for e in aborted:
            self.assertEqual(e["exit_code"], code, e)
        # the report covers every request the statistics counted
        st = stats_from(stderr)
        self.assertEqual(st["requests"], st["succeeded"] + st["failed"], st)
        self.assertEqual(len(entries), st["requests"],
                         "report lines vs completed+aborted requests")
        self.assertEqual(len(ok), st["succeeded"], st)
        self.assertTrue(ok, "no request completed before the signal")

    def test_sigint_mid_batch(self):
        self.interrupt(signal.SIGINT, 130)

    def test_sigterm_mid_batch(self):
        self.interrupt(signal.SIGTERM, 143)


# ----------------------------------------------------------- 6. closed stdout
class ClosedStdout(FaultTestCase):
    def head_c_10(self, *flags):
        """``kurl FLAGS URL | head -c 10``: returns (rc, stderr, seconds
        from closing the pipe to kurl's exit)."""
        args = list(flags) + [self.url("/ok?size=50000000")]
        proc = None
        try:
            proc, _, err_path = spawn(args, self.tmp, stdout=subprocess.PIPE)
            got = b""
            deadline = time.monotonic() + 10
            while len(got) < 10 and time.monotonic() < deadline:
                chunk = proc.stdout.read(10 - len(got))
                if not chunk:
                    break
                got += chunk
            self.assertEqual(len(got), 10, got)
            proc.stdout.close()
            closed = time.monotonic()
            rc = finish(proc, 10)
            elapsed = time.monotonic() - closed
        finally:
            if proc is not None and proc.stdout and not proc.stdout.closed:
                proc.stdout.close()
            kill_quietly(proc)
        stderr = read(err_path)
        check_sanitizer(args, stderr)
        self.assertLess(elapsed, 5.0)
        return rc, stderr

    def test_head_silent(self):
        rc, stderr = self.head_c_10("-s")
        self.assertEqual(rc, 23, stderr)
        self.assertEqual(stderr, b"")

    def test_head_show_error(self):
        rc, stderr = self.head_c_10("-sS")
        self.assertEqual(rc, 23, stderr)
        lines = stderr.decode("utf-8", "replace").splitlines()
        self.assertEqual(len(lines), 1, stderr)
        self.assertTrue(lines[0].startswith("kurl: (23) "), lines[0])

    def test_head_default(self):
        rc, stderr = self.head_c_10()
        self.assertEqual(rc, 23, stderr)
        self.assertLessEqual(len(error_lines(
            subprocess.CompletedProcess((), rc, b"", stderr))), 1, stderr)

    def test_head_in_batch(self):
        rc, stderr = self.head_c_10("-sS", "-P", "4", self.url("/ok"),
                                    self.url("/ok?size=1000000"))
        self.assertEqual(rc, 23, stderr)


# -------------------------------------------------------------- 7-9. redirects
class RedirectFaults(FaultTestCase):
    CREDS = (("-u", "user:pw"), ("-H", "Authorization: Bearer x"),
             ("-H", "Cookie: a=b"))

    def echo_via(self, target, *flags):
        r = kurl("-s", "-L", self.url("/redirect?to=" + q(target)), *flags)
        self.assertExit(r, 0)
        return json.loads(r.stdout)

    def test_credentials_not_sent_to_other_host(self):
        other = self.start_server()
        for target in (other.url("/echo"),                    # other port
                       "http://localhost:%d/echo" % other.port):  # other host
            for flags in self.CREDS:
                with self.subTest(target=target, flags=flags):
                    e = self.echo_via(target, *flags)
                    self.assertNotIn("authorization", e["headers"])
                    self.assertNotIn("cookie", e["headers"])
        self.assertEqual(other.stats()["per_path"], {"/echo": 6})
        for entry in other.stats()["log"]:
            self.assertEqual(entry["path"], "/echo")

    def test_credentials_kept_on_same_origin(self):
        for target in ("/echo", self.url("/echo")):
            with self.subTest(target=target):
                e = self.echo_via(target, "-u", "user:pw", "-H", "Cookie: a=b")
                self.assertEqual(e["headers"].get("authorization"),
                                 "Basic dXNlcjpwdw==")
                self.assertEqual(e["headers"].get("cookie"), "a=b")
                e = self.echo_via(target, "-H", "Authorization: Bearer x")
                self.assertEqual(e["headers"].get("authorization"), "Bearer x")

    def test_redirect_to_file_scheme(self):
        for code in (301, 302, 307):
            with self.subTest(code=code):
                r = kurl("-L", self.url("/redirect?code=%d&to=%s"
                                        % (code, q("file:///etc/passwd"))))
                self.assertExit(r, 1)
                self.assertNotIn(b"root:", r.stdout + r.stderr)
                self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_redirect_to_other_schemes(self):
        for target in ("ftp://127.0.0.1/x", "gopher://127.0.0.1/",
                       "dict://127.0.0.1/"):
            with self.subTest(target=target):
                r = kurl("-L", self.url("/redirect?to=" + q(target)))
                self.assertExit(r, 1)

    def test_redirect_to_url_over_64k(self):
        # issue 7: "a URL over 64 KiB" is refused with a clear error; that
        # holds for a Location too, relative or absolute
        later = (b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                 b"Connection: close\r\n\r\nfin")
        for form in ("relative", "absolute"):
            with self.subTest(form=form):
                with RawReplyServer(b"", later) as raw:
                    path = "/" + "a" * (70 * 1024)
                    loc = path if form == "relative" else raw.url(path)
                    raw.reply = (b"HTTP/1.1 302 Found\r\nLocation: %s\r\n"
                                 b"Content-Length: 0\r\nConnection: close"
                                 b"\r\n\r\n" % loc.encode())
                    r = kurl("-L", raw.url("/start"), timeout=20)
                    self.assertExit(r, 3)
                    self.assertEqual(len(error_lines(r)), 1, r.stderr[:300])
                    self.assertEqual(r.stdout, b"")
                    self.assertEqual([len(l) for l in raw.request_lines],
                                     [len(b"GET /start HTTP/1.1")],
                                     "the long URL was requested")

    def test_redirect_loop(self):
        t = time.monotonic()
        r = kurl("-L", self.url("/redirect-loop"), timeout=30)
        self.assertExit(r, 47)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)
        self.assertLess(time.monotonic() - t, 10)

    def test_redirect_loop_max_redirs_3(self):
        r = kurl("-L", "--max-redirs", "3", self.url("/redirect-loop"))
        self.assertExit(r, 47)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)
        self.assertEqual(self.srv.stats()["per_path"], {"/redirect-loop": 4})


# ---------------------------------------------------------------- 10. nginx
class BigNginx(Nginx):
    """Nginx with room for many connections (the harness config has
    worker_connections 256)."""

    WORKER_CONNECTIONS = 4096

    def _try_start(self):
        saved = harness._NGINX_CONF
        patched = saved.replace("worker_connections 256;",
                                "worker_connections %d;"
                                % self.WORKER_CONNECTIONS)
        if patched == saved:
            raise AssertionError("harness nginx config changed: update BigNginx")
        harness._NGINX_CONF = patched
        try:
            return super()._try_start()
        finally:
            harness._NGINX_CONF = saved


class ManyRequests(unittest.TestCase):
    def run_against_nginx(self, n, *flags):
        tmp = tempfile.mkdtemp(prefix="kurl-fault-nginx-")
        self.addCleanup(shutil.rmtree, tmp, True)
        with BigNginx(keepalive_requests=100000, keepalive_timeout=60) as ng:
            batch = os.path.join(tmp, "batch.txt")
            with open(batch, "w") as f:
                for i in range(n):
                    f.write(ng.url("/1k.bin" if i % 2 else "/index.html") + "\n")
            t = time.monotonic()
            r = kurl("-sS", "--batch", batch, "-P", "512", "-o", "/dev/null",
                     "--stats=json", *flags, timeout=60)
            elapsed = time.monotonic() - t
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            st = stats_of(r)
            self.assertEqual((st["requests"], st["succeeded"], st["failed"]),
                             (n, n, 0), st)
            self.assertEqual(error_lines(r), [])
            entries = ng.access_log_entries(wait_for=n, timeout=5)
            self.assertEqual(len(entries), n)
            self.assertTrue(all(e["status"] == 200 for e in entries))
            return st, elapsed

    def test_20000_requests_parallel_512(self):
        # --max-per-host 6 queues 512 requests on 6 connections (without it, the
        # default follows -P: 512)
        st, elapsed = self.run_against_nginx(20000, "--max-per-host", "6")
        self.assertLessEqual(st["connections_opened"], 6, st)
        self.assertLess(elapsed, 30)

    def test_512_connections(self):
        # 512 connections at once (5,000 requests: the suite's time budget)
        st, elapsed = self.run_against_nginx(5000, "--max-per-host", "512")
        self.assertLessEqual(st["connections_opened"], 512, st)
        self.assertGreater(st["connections_opened"], 64, st)
        self.assertLess(elapsed, 30)


    def test_out_of_file_descriptors(self):
        # issue 7: running out of descriptors is a clear error for the
        # requests that could not connect, not a crash
        tmp = tempfile.mkdtemp(prefix="kurl-fault-fd-")
        self.addCleanup(shutil.rmtree, tmp, True)

        def low_limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))
        n = 1000
        with BigNginx(keepalive_requests=100000) as ng:
            batch = os.path.join(tmp, "batch.txt")
            with open(batch, "w") as f:
                f.write((ng.url("/index.html") + "\n") * n)
            report = os.path.join(tmp, "report.jsonl")
            try:
                p = subprocess.run(
                    [find_kurl(), "-sS", "--batch", batch, "-P", "200",
                     "--max-per-host", "200", "-o", "/dev/null",
                     "--report", report, "--stats=json"],
                    stdin=subprocess.DEVNULL, capture_output=True,
                    timeout=60, env=kurl_env(), preexec_fn=low_limit)
            except subprocess.TimeoutExpired:
                self.fail("kurl hung when out of descriptors")
        if (b"object has invalid vptr" in p.stderr
                and b"<memory cannot be printed>" in p.stderr):
            # UBSan's vptr check probes memory through a pipe(): with no
            # descriptor left it misreads a live object as invalid
            # (verified: the object is a live heap block).  Only a build
            # without UBSan can run this test.
            self.skipTest("UBSan vptr check needs free descriptors")
        check_sanitizer("out of descriptors", p.stderr)
        self.assertGreaterEqual(p.returncode, 0, "killed by a signal")
        entries = [json.loads(l) for l in read(report).splitlines()]
        self.assertEqual(len(entries), n)
        failed = [e for e in entries if not e["ok"]]
        self.assertTrue(failed, "48 descriptors should not be enough")
        self.assertTrue(any(e["ok"] for e in entries))
        for e in failed:
            self.assertEqual(e["exit_code"], 7, e)
            self.assertIn("too many open files", e["error"], e)
        self.assertEqual(p.returncode, 7, p.stderr[-2000:])
        st = stats_from(p.stderr)
        self.assertEqual((st["requests"], st["failed"]), (n, len(failed)))
        self.assertEqual(len(error_lines(p)), len(failed))


# ------------------------------------------------------------ 11-12. input
class MalformedInput(FaultTestCase):
    BAD = ["http://[::1/x", "http://host:99999/", "http://:8080/",
           "http://host:port/", "http:///path", "http://[zz]/"]

    def test_10000_malformed_lines(self):
        batch = self.path("bad.txt")
        with open(batch, "w") as f:
            for i in range(10000):
                f.write(self.BAD[i % len(self.BAD)] + "\n")
        small = self.path("small.txt")
        with open(small, "w") as f:
            for i in range(10):
                f.write(self.BAD[i % len(self.BAD)] + "\n")
        rc0, _, err0, rss0 = run_measured(["--batch", small, "-P", "64"], 20)
        check_sanitizer("small", err0)
        self.assertEqual(rc0, 3, err0)
        t = time.monotonic()
        rc, out, err, rss = run_measured(
            ["--batch", batch, "-P", "64", "--stats=json"], 30)
        elapsed = time.monotonic() - t
        check_sanitizer("10000 malformed", err)
        self.assertEqual(rc, 3, err[-2000:])
        self.assertEqual(out, b"")
        lines = [l for l in err.decode("utf-8", "replace").splitlines()
                 if l.startswith("kurl:")]
        self.assertEqual(len(lines), 10000)
        self.assertTrue(all(l.startswith("kurl: (3) ") for l in lines),
                        [l for l in lines if not l.startswith("kurl: (3) ")][:5])
        st = stats_from(err)
        self.assertEqual((st["requests"], st["failed"]), (10000, 10000))
        self.assertLess(elapsed, 15)
        # memory: a malformed line costs no more than a few hundred bytes
        self.assertLess(rss - rss0, 64 * 1024,
                        "peak RSS %d KiB vs %d KiB for 10 lines" % (rss, rss0))

    def test_10000_malformed_jsonl_lines(self):
        batch = self.path("bad.jsonl")
        bad = ['{', '{"url": 5}', '[]', '{"method": "GET"}', '"x"',
               '{"url": "http://[::1"}', '{"url": "x", "headers": 3}', 'null']
        with open(batch, "w") as f:
            for i in range(10000):
                f.write(bad[i % len(bad)] + "\n")
        t = time.monotonic()
        r = kurl("-s", "--batch", batch, "--stats=json", "-P", "64",
                 timeout=30)
        self.assertLess(time.monotonic() - t, 15)
        self.assertExit(r, 3)
        self.assertEqual(stats_of(r)["failed"], 10000)
        r = kurl("--batch", batch, "-P", "64", timeout=30)
        self.assertExit(r, 3)
        lines = error_lines(r)
        self.assertEqual(len(lines), 10000)
        self.assertTrue(all(l.startswith("kurl: (3) line ") for l in lines),
                        [l for l in lines if not l.startswith("kurl: (3) ")][:5])

    def test_url_over_64k(self):
        url = self.url("/ok?x=" + "a" * (64 * 1024))
        r = kurl(url)
        self.assertExit(r, 3)
        lines = r.stderr.decode("utf-8", "replace").splitlines()
        self.assertEqual(len(lines), 1, r.stderr[:300])
        self.assertTrue(lines[0].startswith("kurl: (3) "), lines[0][:300])
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_url_over_64k_in_batch(self):
        batch = self.path("long.txt")
        with open(batch, "w") as f:
            f.write(self.url("/ok?x=" + "a" * (70 * 1024)) + "\n")
            f.write(self.url("/ok") + "\n")
        r = kurl("--batch", batch)
        self.assertExit(r, 3)
        self.assertEqual(r.stdout, b"hello\n")
        self.assertEqual(len(error_lines(r)), 1)


if __name__ == "__main__":
    unittest.main()
