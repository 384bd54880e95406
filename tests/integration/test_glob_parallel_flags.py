"""curl's parallel switches (-Z, a bare --parallel, --parallel-max,
--parallel-immediate) beside kurl's -P N / --parallel=N, the --max-per-host
default, and two small things scripts trip on: -O on a URL with no file name
and {host} in -o templates. Each bug fix here fails on the kurl before issue 14."""

import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from kurl_itest import kurl
from support.raw_server import RawServer, response

CURL = shutil.which("curl")


class Concurrency:
    """A reply that holds each request for `hold` seconds and records the
    most requests the server had at once."""

    def __init__(self, hold=0.4):
        self.hold = hold
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0

    def __call__(self, request):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.hold)
        with self.lock:
            self.now -= 1
        return response(200, b"ok")


def at_once(*flags, urls=16):
    """The most requests in flight at once to one server for `flags`."""
    counter = Concurrency()
    with RawServer(counter) as srv:
        # Plain URLs (no glob), so the kurl before issue 14 can run the same test.
        targets = [srv.url("/c%d" % i) for i in range(urls)]
        r = kurl(*flags, *targets, "-s", "-o", "/dev/null", timeout=60)
        assert r.returncode == 0, r.stderr
        assert len(srv.requests) == urls
        connections = srv.connections
    return counter.most, connections


class ParallelSpellings(unittest.TestCase):

    def test_p_means_that_many_at_once_to_one_host(self):
        # --max-per-host defaults to -P (it was silently 6).
        self.assertEqual(at_once("-P", "8"), (8, 8))
        self.assertEqual(at_once("--parallel=3"), (3, 3))
        self.assertEqual(at_once("-P8"), (8, 8))

    def test_max_per_host_still_caps(self):
        self.assertEqual(at_once("-P", "8", "--max-per-host", "2"), (2, 2))

    def test_curl_parallel_is_50_at_once(self):
        self.assertEqual(at_once("-Z", urls=60)[0], 50)
        self.assertEqual(at_once("--parallel", urls=60)[0], 50)
        self.assertEqual(at_once("-Z", "--parallel-max", "5", urls=12)[0], 5)
        # As in curl, --parallel-max alone leaves transfers one at a time.
        self.assertEqual(at_once("--parallel-max", "5", urls=3)[0], 1)

    def test_explicit_n_wins_over_curl_mode(self):
        self.assertEqual(at_once("-Z", "-P", "2")[0], 2)
        self.assertEqual(at_once("--parallel=4", "-P", "2")[0], 2)
        self.assertEqual(at_once("-P", "2", "--parallel=4")[0], 4)

    def test_bare_parallel_never_takes_the_next_url(self):
        with RawServer(lambda q: response(200, q.target.encode())) as srv:
            r = kurl("--parallel", srv.url("/a"), srv.url("/b"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b"/a/b")
            # As in curl, "--parallel 8" is the switch and then a URL "8".
            r = kurl("--parallel", "8", srv.url("/c"), "-s", "-w", "%{url}\n", "-o",
                     "/dev/null")
            self.assertNotEqual(r.returncode, 2, r.stderr)
            self.assertEqual(r.stdout.split(b"\n")[0], b"8")
            self.assertIn("/c", [q.target for q in srv.requests])

    def test_bad_values_are_usage_errors(self):
        for flags in (["--parallel=0"], ["--parallel=x"], ["--parallel-max", "-1"],
                      ["--parallel-max", "many"], ["-P", "0"]):
            r = kurl(*flags, "http://127.0.0.1:9/")
            self.assertEqual(r.returncode, 2, flags)
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)

    def test_parallel_immediate_opens_connections_before_pipelining(self):
        # Requests arriving (--rate 10) while the first connection is busy are
        # pipelined onto it; with --parallel-immediate each gets a connection
        # of its own while --max-per-host allows.
        flags = ["-P", "4", "--pipeline", "4", "--rate", "10"]
        self.assertEqual(at_once(*flags, urls=4), (1, 1))
        self.assertEqual(at_once(*flags, "--parallel-immediate", urls=4), (4, 4))


class RemoteNameRefusal(unittest.TestCase):

    def test_o_without_a_file_name_sends_nothing(self):
        for path in ("/", "", "/dir/", "/?q=1"):
            with RawServer(lambda q: response(200, b"x")) as srv:
                workdir = tempfile.mkdtemp(prefix="kurl-O-")
                try:
                    r = kurl("-O", srv.url(path), cwd=workdir)
                    files = os.listdir(workdir)
                finally:
                    shutil.rmtree(workdir)
                self.assertEqual(r.returncode, 23, (path, r.stderr))
                self.assertEqual(srv.requests, [], path)
                self.assertEqual(files, [])
                self.assertIn(b"remote file name has no length", r.stderr)

    @unittest.skipUnless(CURL, "curl is not installed")
    def test_same_exit_code_as_curl(self):
        with RawServer(lambda q: response(200, b"x")) as srv:
            workdir = tempfile.mkdtemp(prefix="kurl-O-")
            try:
                mine = kurl("-O", srv.url("/"), cwd=workdir)
                theirs = subprocess.run([CURL, "-s", "-O", srv.url("/")], cwd=workdir,
                                        capture_output=True, timeout=30)
            finally:
                shutil.rmtree(workdir)
            self.assertEqual(mine.returncode, theirs.returncode)
            self.assertEqual(srv.requests, [])

    def test_the_other_urls_still_run(self):
        # curl stops its whole run at such a URL; kurl fails that request only
        # (as it does any one request's error) and says so in kurl(1).
        with RawServer(lambda q: response(200, b"x")) as srv:
            workdir = tempfile.mkdtemp(prefix="kurl-O-")
            try:
                r = kurl("-O", srv.url("/"), srv.url("/f.txt"), cwd=workdir)
                self.assertEqual(os.listdir(workdir), ["f.txt"])
            finally:
                shutil.rmtree(workdir)
            self.assertEqual(r.returncode, 23)
            self.assertEqual([q.target for q in srv.requests], ["/f.txt"])


class HostTemplate(unittest.TestCase):

    def test_host_keeps_a_non_default_port(self):
        with RawServer(lambda q: response(200, b"x")) as srv:
            workdir = tempfile.mkdtemp(prefix="kurl-host-")
            try:
                r = kurl(srv.url("/a"), "-o", "{host}.txt", cwd=workdir)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(os.listdir(workdir), ["127.0.0.1_%d.txt" % srv.port])
            finally:
                shutil.rmtree(workdir)


if __name__ == "__main__":
    unittest.main()
