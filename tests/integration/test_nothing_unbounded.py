"""Issue 12, "nothing unbounded" (the pool's part): a global cap on idle
connections, idle connections closed to make room when descriptors run out,
and the memory an idle connection costs.

The server here answers on every 127.x.y.z address (it listens on 0.0.0.0,
and all of 127/8 is loopback on Linux), so one server gives thousands of
distinct origins; it counts the connections it accepted and the most that were
open at once, to hold against kurl's --stats=json.
"""

import asyncio
import os
import resource
import subprocess
import tempfile
import shutil
import socket
import struct
import threading
import time
import unittest
import urllib.parse

from kurl_itest import SANITIZER_MARKERS, kurl, stats_of
from support.harness import find_kurl, free_port, make_test_pki, port_accepts, wait_until

# kurl raises its soft descriptor limit to the hard one, so both are set.
DESCRIPTOR_LIMIT = 1024
# The pool's global idle cap (the default in src/engine/engine_config.h).
IDLE_CAP = 1024


class CountingServer:
    """HTTP/1.1 on 0.0.0.0:PORT in a thread: ``GET /`` answers "ok" at once,
    ``GET /slow`` after ``slow_seconds``, ``GET /redirect?to=LOCATION`` a 302
    to the percent-decoded LOCATION, sent as raw bytes; connections stay open
    until the client closes them."""

    def __init__(self, slow_seconds=0.0):
        self.slow_seconds = slow_seconds
        self.accepted = 0
        self.open = 0
        self.max_open = 0
        self.requests = 0
        self.targets = []   # request targets, as received (bytes)
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._loop = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        # The server holds as many sockets as kurl opens: lift this process's
        # soft limit to its hard one (kurl's limit is set on its own process).
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        self._thread.start()
        if not self._ready.wait(10):
            raise AssertionError("counting server did not start")
        return self

    def __exit__(self, *exc):
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        return False

    def url(self, address, path="/"):
        return "http://%s:%d%s" % (address, self.port, path)

    def _run(self):
        asyncio.run(self._serve())

    async def _serve(self):
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._handle, "0.0.0.0", 0,
                                            backlog=4096)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        async with server:
            await self._stop.wait()

    async def _handle(self, reader, writer):
        with self._lock:
            self.accepted += 1
            self.open += 1
            self.max_open = max(self.max_open, self.open)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1]
                with self._lock:
                    self.requests += 1
                    self.targets.append(target)
                if head.startswith(b"GET /slow "):
                    await asyncio.sleep(self.slow_seconds)
                if target.startswith(b"/redirect?to="):
                    location = urllib.parse.unquote_to_bytes(target[13:])
                    writer.write(b"HTTP/1.1 302 Found\r\nLocation: " + location +
                                 b"\r\nContent-Length: 0\r\n\r\n")
                    await writer.drain()
                    continue
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            with self._lock:
                self.open -= 1
            writer.close()


def origins(count):
    """``count`` distinct loopback addresses: 127.1.0.1, 127.1.0.2, ..."""
    return ["127.%d.%d.%d" % (1 + i // 62500, (i // 250) % 250, 1 + i % 250)
            for i in range(count)]


def descriptor_limit(limit):
    def apply():
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return apply


class KurlRun:
    """kurl started in the background (so its memory can be read while it
    runs), with an optional descriptor limit."""

    def __init__(self, args, limit=None, pass_fds=()):
        self.proc = subprocess.Popen(
            [find_kurl()] + [str(a) for a in args], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, pass_fds=pass_fds,
            preexec_fn=descriptor_limit(limit) if limit else None)

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS for kurl")

    def wait(self, timeout):
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError("kurl ran over %ss:\n%s" % (
                timeout, err.decode("utf-8", "replace")[-3000:]))
        if b"object has invalid vptr" in err and b"<memory cannot be printed>" in err:
            # UBSan's vptr check probes memory through a pipe(): with no
            # descriptor left it misreads a live object (as in test_faults).
            raise unittest.SkipTest("UBSan vptr check needs free descriptors")
        for marker in SANITIZER_MARKERS:
            if marker in err:
                raise AssertionError("sanitizer report:\n%s" % err.decode(
                    "utf-8", "replace")[-4000:])
        return subprocess.CompletedProcess(self.proc.args, self.proc.returncode,
                                           out, err)


class UnboundedTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kurl-unbounded-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def batch(self, urls):
        path = os.path.join(self.tmp, "batch.txt")
        with open(path, "w") as f:
            f.write("\n".join(urls) + "\n")
        return path

    def assertAllSucceeded(self, result, count):
        st = stats_of(result)
        errors = [l for l in result.stderr.decode("utf-8", "replace")
                  .splitlines() if l.startswith("kurl:")]
        self.assertEqual((st["requests"], st["succeeded"], st["failed"]),
                         (count, count, 0), "first errors: %s" % errors[:5])
        self.assertEqual(result.returncode, 0)
        return st


class DescriptorsRunOut(UnboundedTestCase):
    def test_5000_origins_under_1024_descriptors(self):
        # kurl kept every connection idle until the descriptors ran out, then
        # failed 3,989 of 5,000 requests with "too many open files".
        n = 5000
        with CountingServer() as srv:
            urls = [srv.url(a) for a in origins(n)]
            run = KurlRun(["-sS", "--batch", self.batch(urls), "-P", "8",
                           "--keepalive", "60", "-o", "/dev/null",
                           "--stats=json"], limit=DESCRIPTOR_LIMIT)
            r = run.wait(300)
            st = self.assertAllSucceeded(r, n)
            self.assertEqual(st["connections_opened"], n)
            self.assertEqual((srv.accepted, srv.requests), (n, n))
            # Room was made by closing idle connections, counted as idle
            # timeouts; what was left open at the end is end_of_run.
            closed = st["connections_closed"]
            self.assertEqual(closed["idle_timeout"] + closed["end_of_run"], n,
                             closed)
            self.assertEqual(closed["error"], 0, closed)
            self.assertLess(srv.max_open, DESCRIPTOR_LIMIT)
            self.assertLess(closed["end_of_run"], DESCRIPTOR_LIMIT)

    def test_descriptors_taken_by_someone_else(self):
        # kurl leaves room for its own files, but 400 descriptors inherited
        # from its parent are more than it planned for: when socket() finds
        # none left, the oldest idle connection is closed and the connect tried
        # again (it failed with "too many open files" before).
        n = 2000
        inherited = [os.open(os.devnull, os.O_RDONLY) for _ in range(400)]
        try:
            with CountingServer() as srv:
                urls = [srv.url(a) for a in origins(n)]
                run = KurlRun(["-sS", "--batch", self.batch(urls), "-P", "8",
                               "--keepalive", "60", "-o", "/dev/null",
                               "--stats=json"], limit=DESCRIPTOR_LIMIT,
                              pass_fds=inherited)
                r = run.wait(300)
        finally:
            for fd in inherited:
                os.close(fd)
        st = self.assertAllSucceeded(r, n)
        self.assertEqual((st["connections_opened"], srv.accepted), (n, n))
        self.assertLess(srv.max_open, DESCRIPTOR_LIMIT - len(inherited))


class IdleCap(UnboundedTestCase):
    def test_at_most_1024_idle_connections(self):
        # Every idle connection was kept until its --keepalive ran out.
        n = IDLE_CAP + 150
        with CountingServer() as srv:
            urls = [srv.url(a) for a in origins(n)]
            run = KurlRun(["-sS", "--batch", self.batch(urls), "-P", "4",
                           "--keepalive", "60", "-o", "/dev/null",
                           "--stats=json"])
            r = run.wait(120)
            st = self.assertAllSucceeded(r, n)
            self.assertEqual(srv.accepted, n)
            closed = st["connections_closed"]
            # The least recently used ones went first, one for each past the cap;
            # the last response ends the run before its connection is parked.
            self.assertEqual(closed["end_of_run"], IDLE_CAP + 1, closed)
            self.assertEqual(closed["idle_timeout"], n - IDLE_CAP - 1, closed)
            # at most the cap idle plus the -P busy ones at any moment
            self.assertLessEqual(srv.max_open, IDLE_CAP + 4)


class IdleMemory(UnboundedTestCase):
    def rss_holding(self, srv, idle, address="127.0.0.1"):
        """kurl's VmRSS (KiB) while it holds ``idle`` idle connections to one
        origin and waits for a slow response on one more."""
        urls = [srv.url(address)] * idle + [srv.url(address, "/slow")]
        run = KurlRun(["-sS", "--batch", self.batch(urls), "-P", str(idle + 1),
                       "--max-per-host", str(idle + 1), "--keepalive", "60",
                       "-o", "/dev/null", "--stats=json"])
        deadline = time.monotonic() + 20
        while srv.requests < idle + 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)   # every fast response is read: only /slow is open
        rss = run.rss_kib()
        r = run.wait(60)
        st = self.assertAllSucceeded(r, idle + 1)
        self.assertGreaterEqual(st["connections_opened"], idle)
        return rss, st["connections_opened"]

    def test_an_idle_connection_costs_little_memory(self):
        # Each connection held a 64 KiB read buffer of its own (68 KiB each).
        with CountingServer(slow_seconds=2.0) as srv:
            few_rss, few = self.rss_holding(srv, 10)
            srv.requests = 0
            many_rss, many = self.rss_holding(srv, 1000)
        per_connection = (many_rss - few_rss) / (many - few)
        print("\nRSS %d KiB with %d connections, %d KiB with %d: "
              "%.1f KiB a connection" % (few_rss, few, many_rss, many,
                                         per_connection))
        # 8 KiB of buffers plus the objects, the socket's libuv handle and
        # the allocator's overhead.
        self.assertLess(per_connection, 16)


class RedirectLocations(UnboundedTestCase):
    """Locations curl follows, kurl follows, sending what curl sends."""

    def follow(self, srv, location):
        url = srv.url("127.0.0.1", "/redirect?to=" +
                      urllib.parse.quote_from_bytes(location, safe=""))
        r = kurl("-sS", "-L", "-o", "/dev/null", "-w", "%{url_effective}",
                 "--max-redirs", "3", url, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.decode(), srv.targets[-1]

    def test_spaces_and_bytes_outside_ascii_are_encoded(self):
        # A space was "malformed" (exit 3); UTF-8 went raw onto the request line.
        with CountingServer() as srv:
            effective, sent = self.follow(srv, b"/new place/caf\xc3\xa9?q=a b")
            self.assertEqual(sent, b"/new%20place/caf%c3%a9?q=a+b")
            self.assertTrue(effective.endswith("/new%20place/caf%c3%a9?q=a+b"),
                            effective)

    def test_one_or_three_slashes_after_the_scheme(self):
        # "http:/host/path" was read as a host named "/host/path" (port 0).
        with CountingServer() as srv:
            for slashes in ("/", "///"):
                location = "http:%s127.0.0.2:%d/landed" % (slashes, srv.port)
                effective, sent = self.follow(srv, location.encode())
                self.assertEqual(sent, b"/landed")
                self.assertEqual(effective,
                                 "http://127.0.0.2:%d/landed" % srv.port)

    def test_no_slash_after_the_scheme_is_malformed(self):
        with CountingServer() as srv:
            url = srv.url("127.0.0.1", "/redirect?to=http%3A127.0.0.2%2Fx")
            r = kurl("-sS", "-L", "-o", "/dev/null", url, timeout=30)
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertIn(b"0 slashes after the scheme", r.stderr)


class TlsHandshakeEnds(UnboundedTestCase):
    """How a TLS handshake that cannot finish is reported (exit 35)."""

    def test_reset_mid_handshake_is_35(self):
        # A reset after the ClientHello was reported as a receive failure (56).
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(10)
        port = listener.getsockname()[1]

        def reset_after_client_hello():
            with listener:
                conn, _ = listener.accept()
                conn.recv(5)
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                struct.pack("ii", 1, 0))
                conn.close()
        server = threading.Thread(target=reset_after_client_hello, daemon=True)
        server.start()
        r = kurl("-sS", "-k", "--connect-timeout", "5",
                 "https://127.0.0.1:%d/" % port, timeout=30)
        server.join(10)
        self.assertEqual(r.returncode, 35, r.stderr)
        self.assertIn(b"TLS handshake with 127.0.0.1 failed", r.stderr)
        self.assertIn(b"connection reset by peer", r.stderr)

    def test_handshake_message_split_over_records_names_the_limit(self):
        # mbedTLS 2.28 said only "the requested feature is not available".
        pki = make_test_pki(os.path.join(self.tmp, "pki"))
        port = free_port()
        server = subprocess.Popen(
            ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port,
             "-cert", pki.localhost_cert, "-key", pki.localhost_key,
             "-max_send_frag", "512", "-www", "-quiet"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self.addCleanup(server.wait, 10)
        self.addCleanup(server.kill)

        wait_until(lambda: port_accepts(port), 10, what="openssl s_server to listen")
        r = kurl("-sS", "-k", "--connect-timeout", "5",
                 "https://127.0.0.1:%d/" % port, timeout=30)
        self.assertEqual(r.returncode, 35, r.stderr)
        self.assertIn(b"a handshake message split over TLS records, which "
                      b"mbedTLS 2.28 cannot reassemble", r.stderr)


if __name__ == "__main__":
    unittest.main()
