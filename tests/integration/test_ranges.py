"""-r/--range, -C/--continue-at, --limit-rate and --max-filesize against nginx
(ranges, a large file) and raw servers, held against the real curl on the
same commands: same bytes, same exit codes, same file left behind."""

import os
import shutil
import subprocess
import tempfile
import time
import unittest

from support.harness import Nginx
from support.raw_server import RawServer, Reply, response
from kurl_itest import kurl, error_lines

CURL = shutil.which("curl")
FULL = Nginx.file_content("100k.bin")
TWO_MB = bytes(range(256)) * (2 * 1024 * 1024 // 256)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def curl(*args, timeout=30):
    return subprocess.run([CURL] + [str(a) for a in args], capture_output=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@unittest.skipUnless(CURL, "curl not installed")
class RangeAndResumeTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.nginx = Nginx()
        cls.nginx.start()
        with open(os.path.join(cls.nginx.docroot, "2m.bin"), "wb") as f:
            f.write(TWO_MB)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kurl-ranges-")
        self.file = os.path.join(self.dir, "out.bin")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def both(self, *args, before=None):
        """Runs kurl then curl, each after `before` wrote the output file (or
        removed it); returns [(exit code, stdout, the file's bytes or None)]."""
        results = []
        for run in (kurl, curl):
            if os.path.exists(self.file):
                os.unlink(self.file)
            if before is not None:
                with open(self.file, "wb") as f:
                    f.write(before)
            r = run("-sS", *args)
            content = read(self.file) if os.path.exists(self.file) else None
            results.append((r.returncode, r.stdout, content))
        self.assertEqual(results[0], results[1], args)
        return results[0]

    def test_single_ranges_as_curl(self):
        url = self.nginx.url("/100k.bin")
        self.assertEqual(self.both("-r", "0-499", url), (0, FULL[:500], None))
        self.assertEqual(self.both("-r", "1000-", url), (0, FULL[1000:], None))
        self.assertEqual(self.both("-r", "-500", url), (0, FULL[-500:], None))
        # "-r 99000" has no dash: curl (and kurl) warn and send 99000-.
        self.assertEqual(self.both("-r", "99000", url), (0, FULL[99000:], None))

    def test_several_ranges_come_as_multipart(self):
        r = kurl("-sS", "-i", "-r", "0-1,5-9", self.nginx.url("/100k.bin"))
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"206 Partial Content", r.stdout)
        self.assertIn(b"multipart/byteranges", r.stdout)
        self.assertIn(b"Content-Range: bytes 0-1/102400\r\n\r\n" + FULL[0:2], r.stdout)
        self.assertIn(b"Content-Range: bytes 5-9/102400\r\n\r\n" + FULL[5:10], r.stdout)

    def test_a_range_that_is_not_a_range_is_sent_as_curl_sends_it(self):
        # curl warns and sends "Range: bytes=abc"; nginx answers 416 to both.
        code, body, _ = self.both("-r", "abc", self.nginx.url("/100k.bin"))
        self.assertEqual(code, 0)
        self.assertIn(b"416 Requested Range Not Satisfiable", body)
        with RawServer(lambda q: response(body=q.header("Range").encode())) as srv:
            r = kurl("-r", "abc", srv.url("/"))
            self.assertEqual(r.stdout, b"bytes=abc")
            self.assertIn("warning", r.stderr.decode())

    def test_range_goes_only_on_get_and_head(self):
        with RawServer(lambda q: response(body=str(q.header("Range")).encode())) as srv:
            self.assertEqual(kurl("-sS", "-r", "0-1", "-d", "x", srv.url("/")).stdout, b"None")
            self.assertEqual(kurl("-sS", "-r", "0-1", "-H", "Range: bytes=7-8",
                                  srv.url("/")).stdout, b"bytes=7-8")

    def test_continue_at_appends_to_the_file(self):
        url = self.nginx.url("/100k.bin")
        self.assertEqual(self.both("-C", "1000", "-o", self.file, url, before=FULL[:1000]),
                         (0, b"", FULL))
        self.assertEqual(self.both("-C", "-", "-o", self.file, url, before=FULL[:4321]),
                         (0, b"", FULL))
        # No file yet: -C - downloads it all.
        self.assertEqual(self.both("-C", "-", "-o", self.file, url), (0, b"", FULL))

    def test_416_on_a_complete_file_is_success_and_leaves_it(self):
        url = self.nginx.url("/100k.bin")
        self.assertEqual(self.both("-C", "-", "-o", self.file, url, before=FULL),
                         (0, b"", FULL))
        # With -f a 416 fails (22) in curl too, and the file stays as it was.
        self.assertEqual(self.both("-f", "-C", "-", "-o", self.file, url, before=FULL),
                         (22, b"", FULL))

    def test_server_ignoring_the_range_fails_33_and_appends_nothing(self):
        with RawServer(lambda q: response(body=FULL)) as srv:
            code, _, content = self.both("-C", "-", "-o", self.file, srv.url("/f"),
                                         before=FULL[:100])
            self.assertEqual((code, content), (33, FULL[:100]))
            r = kurl("-C", "100", "-o", self.file, srv.url("/f"))
            self.assertEqual(error_lines(r), [
                "kurl: (33) HTTP server doesn't seem to support byte ranges. Cannot resume. "
                "(%s)" % srv.url("/f")])
            self.assertEqual([q.header("Range") for q in srv.requests],
                             ["bytes=100-"] * 3)
        # A 404 is not a range: 33 as well; with -f, 22 first (as curl).
        url = self.nginx.url("/missing")
        self.assertEqual(self.both("-C", "-", "-o", self.file, url, before=b"x")[0], 33)
        self.assertEqual(self.both("-f", "-C", "-", "-o", self.file, url, before=b"x")[0], 22)

    def test_bad_values_are_usage_errors_as_in_curl(self):
        url = self.nginx.url("/")
        for args in (("--limit-rate", "1X"), ("--limit-rate", "1.5M"),
                     ("--max-filesize", "ten"), ("-C", "abc"), ("-C", "-5")):
            mine, theirs = kurl(*args, url), curl("-sS", *args, url)
            self.assertEqual((mine.returncode, theirs.returncode), (2, 2), args)
            self.assertIn(args[1], mine.stderr.decode())

    def test_max_filesize_from_content_length_fails_at_once(self):
        url = self.nginx.url("/100k.bin")
        self.assertEqual(self.both("--max-filesize", "100K", "-o", self.file, url),
                         (0, b"", FULL))
        self.assertEqual(self.both("--max-filesize", "99999", "-o", self.file, url),
                         (63, b"", None))
        r = kurl("--max-filesize", "1k", url)
        self.assertEqual(error_lines(r), ["kurl: (63) Maximum file size exceeded (%s)" % url])
        self.assertEqual(r.stdout, b"")

    def test_max_filesize_while_streaming_stops_with_63_and_leaves_no_file(self):
        # No length announced: chunked, then close-delimited. kurl stops as curl 8.4+ does
        # (curl 7.88 does not check these), and removes the partial file.
        chunk = b"%x\r\n%s\r\n" % (50000, b"z" * 50000)
        chunked = (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk * 4 +
                   b"0\r\n\r\n")
        closing = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + b"z" * 200000
        for body in (chunked, closing):
            with RawServer(lambda q, body=body: Reply(body, close=True)) as srv:
                r = kurl("--max-filesize", "120000", "-o", self.file, srv.url("/"))
                self.assertEqual(r.returncode, 63, r.stderr)
                self.assertIn("Exceeded the maximum allowed file size (120000)",
                              error_lines(r)[0])
                self.assertFalse(os.path.exists(self.file))
                self.assertEqual(os.listdir(self.dir), [])
                ok = kurl("--max-filesize", "200000", "-o", self.file, srv.url("/"))
                self.assertEqual(ok.returncode, 0)
                self.assertEqual(os.path.getsize(self.file), 200000)
                os.unlink(self.file)

    def test_limit_rate_paces_a_2mb_body_to_about_2s(self):
        url = self.nginx.url("/2m.bin")
        start = time.monotonic()
        r = kurl("-sS", "--limit-rate", "1M", "-o", self.file, url)
        elapsed = time.monotonic() - start
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(read(self.file), TWO_MB)
        self.assertGreater(elapsed, 1.7)
        self.assertLess(elapsed, 3.0)
        # Per transfer, as curl: two bodies one after the other take twice as long,
        # and the second goes on the same connection.
        start = time.monotonic()
        r = kurl("-sS", "--limit-rate", "2M", "-o", "/dev/null", "-o", "/dev/null",
                 "-w", "%{num_connects}", url, url)
        elapsed = time.monotonic() - start
        self.assertEqual(r.stdout, b"10")
        self.assertGreater(elapsed, 1.7)
        self.assertLess(elapsed, 3.0)
        # A small body is paced to its end too (reads come in small pieces): 100 KiB at
        # 50K takes 2 s, not the 1.3 s one 64 KiB read then the rest at once would take.
        start = time.monotonic()
        r = kurl("-sS", "--limit-rate", "50K", "-o", "/dev/null", self.nginx.url("/100k.bin"))
        elapsed = time.monotonic() - start
        self.assertEqual(r.returncode, 0)
        self.assertGreater(elapsed, 1.8)
        self.assertLess(elapsed, 2.8)
        # In parallel each transfer keeps its own rate: two at 1M take 2 s, not 4.
        start = time.monotonic()
        r = kurl("-sS", "-P", "2", "--limit-rate", "1M", "-o", "/dev/null", "-o", "/dev/null",
                 "-w", "%{size_download} ", url, url)
        elapsed = time.monotonic() - start
        self.assertEqual(r.stdout, b"2097152 2097152 ")
        self.assertGreater(elapsed, 1.7)
        self.assertLess(elapsed, 3.0)


if __name__ == "__main__":
    unittest.main()
