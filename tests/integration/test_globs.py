"""URL globs (curl's [1-100], [001-100], [a-z], [0-100:10], {one,two}, #N in
-o, -g/--globoff), held against curl 7.88 on the same commands."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from kurl_itest import kurl, stats_of
from support.harness import find_kurl
from support.raw_server import RawServer, response

CURL = shutil.which("curl")


def curl(*args, cwd=None, timeout=30):
    return subprocess.run([CURL] + [str(a) for a in args], cwd=cwd,
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)


def body_for(request):
    """Each path answers with its own name, so files can be told apart."""
    return response(200, ("body of %s\n" % request.target).encode())


def targets(server):
    return [r.target for r in server.requests]


class Dir:
    """A temporary working directory, removed afterwards."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="kurl-glob-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def files_in(path):
    out = {}
    for name in sorted(os.listdir(path)):
        with open(os.path.join(path, name), "rb") as f:
            out[name] = f.read()
    return out


class GlobExpansion(unittest.TestCase):

    def test_range_to_numbered_files_over_one_connection(self):
        with RawServer(body_for) as srv, Dir() as d:
            url = srv.url("/page[1-12].html")
            r = kurl(url, "-o", "p#1.html", "--stats=json", cwd=d)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(targets(srv), ["/page%d.html" % i for i in range(1, 13)])
            self.assertEqual(srv.connections, 1)
            self.assertEqual(stats_of(r)["reused_requests"], 11)
            self.assertEqual(files_in(d)["p7.html"], b"body of /page7.html\n")
            self.assertEqual(len(files_in(d)), 12)

    @unittest.skipUnless(CURL, "curl is not installed")
    def test_same_urls_order_and_files_as_curl(self):
        pattern = "/{a,b}/[001-003:2]/[x-z]"
        for tool in ("kurl", "curl"):
            with RawServer(body_for) as srv, Dir() as d:
                args = [srv.url(pattern), "-s", "-o", "#3-#1-#2.txt"]
                r = kurl(*args, cwd=d) if tool == "kurl" else curl(*args, cwd=d)
                self.assertEqual(r.returncode, 0, r.stderr)
                seen = targets(srv), files_in(d)
            if tool == "kurl":
                kurl_seen = seen
        self.assertEqual(kurl_seen, seen)
        self.assertEqual(kurl_seen[0][:4], ["/a/001/x", "/a/001/y", "/a/001/z", "/a/003/x"])
        self.assertEqual(len(kurl_seen[1]), 12)

    @unittest.skipUnless(CURL, "curl is not installed")
    def test_to_stdout_in_order_like_curl(self):
        with RawServer(body_for) as srv:
            url = srv.url("/{one,two}[0-20:10]\\[lit\\]")
            mine = kurl(url, "-P", "4")
            theirs = curl(url)
        self.assertEqual(mine.returncode, 0, mine.stderr)
        self.assertEqual(mine.stdout, theirs.stdout)
        self.assertIn(b"body of /one10[lit]\n", mine.stdout)

    @unittest.skipUnless(CURL, "curl is not installed")
    def test_globoff_sends_the_brackets_as_curl_does(self):
        sent = []
        for run in (kurl, curl):
            with RawServer(body_for) as srv:
                r = run(srv.url("/x[1-2]{a}"), "-g", "-s")
                self.assertEqual(r.returncode, 0, r.stderr)
                sent.append(targets(srv))
        self.assertEqual(sent[0], ["/x[1-2]{a}"])
        self.assertEqual(sent[0], sent[1])

    def test_batch_text_lines_are_globbed(self):
        with RawServer(body_for) as srv, Dir() as d:
            batch = os.path.join(d, "urls.txt")
            with open(batch, "w") as f:
                f.write("%s\nHEAD %s\n%s\n" % (srv.url("/a{1,2}"), srv.url("/h[1-2]"),
                                               srv.url("/z")))
            r = kurl("--batch", batch, "-s", "-w", "%{method} %{url}\\n", "-o", "/dev/null")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(targets(srv), ["/a1", "/a2", "/h1", "/h2", "/z"])
            self.assertEqual([q.method for q in srv.requests],
                             ["GET", "GET", "HEAD", "HEAD", "GET"])
            r = kurl("--batch", batch, "-g", "-s", "-o", "/dev/null")
            self.assertEqual(targets(srv)[5:], ["/a{1,2}", "/h[1-2]", "/z"])

    def test_a_bad_glob_line_fails_alone(self):
        with RawServer(body_for) as srv, Dir() as d:
            batch = os.path.join(d, "urls.txt")
            with open(batch, "w") as f:
                f.write("%s\n%s\n" % (srv.url("/a[2-1]"), srv.url("/ok")))
            r = kurl("--batch", batch, "-o", "/dev/null")
            self.assertEqual(r.returncode, 3)
            self.assertEqual(targets(srv), ["/ok"])
            self.assertIn(b"bad range in URL position", r.stderr)


class BadGlobs(unittest.TestCase):
    """Each is refused with curl's exit code (3) before any request."""

    CASES = ["/[3-1]", "/[1-3", "/{a,b", "/[a-9]", "/[1-3:0]", "/[1-2]]",
             "/{a,{b}}", "/{}", "/[5]"]

    def test_refused_before_any_request(self):
        with RawServer(body_for) as srv:
            for path in self.CASES:
                url = srv.url(path)
                r = kurl(srv.url("/first"), url)
                self.assertEqual(r.returncode, 3, (path, r.stderr))
                line = r.stderr.decode().strip().splitlines()[-1]
                self.assertRegex(line, r"^kurl: \(3\) [a-z /]+ in URL position \d+: ")
                self.assertTrue(line.endswith(url), line)
            self.assertEqual(srv.requests, [])

    @unittest.skipUnless(CURL, "curl is not installed")
    def test_same_message_and_position_as_curl(self):
        for path in self.CASES:
            url = "http://127.0.0.1:9" + path
            mine, theirs = kurl(url), curl("-s", "-S", url)
            self.assertEqual(mine.returncode, theirs.returncode, path)
            # curl prints "MESSAGE in URL position N:", the URL and a caret line.
            first = theirs.stderr.decode().splitlines()[0].replace("curl:", "kurl:")
            self.assertEqual(mine.stderr.decode().strip(), first + " " + url)

    def test_over_a_billion_urls(self):
        r = kurl("http://127.0.0.1:9/[1-1000][1-1000][0-1000]")
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"too many URLs in glob (more than 1000000000)", r.stderr)


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


class HugeGlob(unittest.TestCase):

    def test_a_billion_urls_start_at_once_in_flat_memory(self):
        """[1-1000000000]: the first request goes out at once (no list is
        built) and the memory after 20,000 requests is that after 2,000."""
        with RawServer(body_for) as srv:
            started = time.monotonic()
            proc = subprocess.Popen(
                [find_kurl(), srv.url("/n[1-1000000000]"), "-s", "-o", "/dev/null",
                 "-P", "4"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE)
            try:
                def wait_for(count, limit):
                    deadline = time.monotonic() + limit
                    while len(srv.requests) < count and time.monotonic() < deadline:
                        time.sleep(0.01)
                    self.assertGreaterEqual(len(srv.requests), count)
                wait_for(1, 5)
                self.assertLess(time.monotonic() - started, 2.0)
                wait_for(2000, 60)
                early = rss_kib(proc.pid)
                wait_for(20000, 120)
                late = rss_kib(proc.pid)
            finally:
                proc.send_signal(signal.SIGTERM)
                _, err = proc.communicate(timeout=10)
            self.assertLess(late - early, 1024, (early, late))
            first = sorted(int(r.target[2:]) for r in srv.requests[:20000])
            self.assertEqual(first[:3], [1, 2, 3])
            self.assertEqual(proc.returncode, 143, err)


if __name__ == "__main__":
    unittest.main()
