"""Every request head kurl writes is valid HTTP/1.1 whatever the input
(issue 12, "Nothing smuggled"). A raw server records the bytes that arrive:
no input may make it see a request kurl was not asked to send, and the
responses of later lines stay on their own lines. Each test failed before the
fix (the baseline passed CR/LF through JSON Lines, -H, -X, -A, -e and sent a
user's Transfer-Encoding next to its own Content-Length)."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from kurl_itest import kurl
from support.raw_server import RawServer, response

SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: evil\r\n\r\n"


def by_path(req):
    return response(body=req.target.encode() + b"\n")


class SmugglingTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kurl-smuggle-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.srv = RawServer(by_path)
        self.srv.__enter__()
        self.addCleanup(self.srv.__exit__, None, None, None)

    def jsonl(self, *lines):
        path = os.path.join(self.tmp, "batch.jsonl")
        with open(path, "w") as f:
            for line in lines:
                f.write(json.dumps(line) + "\n")
        return path

    def assertNothingSmuggled(self):
        self.assertNotIn(b"/smuggled", bytes(self.srv.received))
        self.assertNotIn(b"evil", bytes(self.srv.received))

    def run_batch_around(self, bad_line):
        """A good line, the bad one, a good line: the bad line fails with 3
        and names its line; the others get their own responses."""
        batch = self.jsonl({"url": self.srv.url("/first")}, bad_line,
                           {"url": self.srv.url("/third")})
        r = kurl("--batch", batch, "-m", "5")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(r.stdout, b"/first\n/third\n")
        self.assertIn(b"line 2", r.stderr)
        self.assertEqual([q.target for q in self.srv.requests], ["/first", "/third"])
        self.assertNothingSmuggled()
        return r


class JsonLines(SmugglingTestCase):
    def test_method_with_crlf(self):
        self.run_batch_around({"url": self.srv.url("/second"),
                               "method": "GET /x HTTP/1.1\r\nHost: evil\r\n\r\nGET"})

    def test_method_with_a_space(self):
        self.run_batch_around({"url": self.srv.url("/second"), "method": "GET /smuggled"})

    def test_header_value_with_crlf(self):
        self.run_batch_around({"url": self.srv.url("/second"),
                               "headers": {"X-A": "1\r\n\r\n" + SMUGGLED}})

    def test_header_value_with_nul(self):
        self.run_batch_around({"url": self.srv.url("/second"), "headers": {"X-A": "a\u0000b"}})

    def test_header_name_that_is_not_a_token(self):
        for name in ("X-A: 1\r\nX-B", "X A", "X:A", ""):
            with self.subTest(name=name):
                self.srv.requests.clear()
                self.run_batch_around({"url": self.srv.url("/second"), "headers": {name: "v"}})

    def test_content_length_that_is_not_the_body(self):
        # The body would be read as a second request by the server.
        self.run_batch_around({"url": self.srv.url("/second"), "method": "POST",
                               "headers": {"Content-Length": "0"}, "body": SMUGGLED})

    def test_transfer_encoding_chunked_header_means_a_chunked_body(self):
        batch = self.jsonl({"url": self.srv.url("/up"), "method": "POST",
                            "headers": {"Transfer-Encoding": "chunked"}, "body": SMUGGLED})
        r = kurl("--batch", batch, "-m", "5")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.srv.requests), 1)
        request = self.srv.requests[0]
        self.assertIsNone(request.header("Content-Length"))
        self.assertEqual(request.body, SMUGGLED.encode())


class CommandLine(SmugglingTestCase):
    def refused(self, *args):
        r = kurl(*args, self.srv.url("/x"), "-m", "5")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertEqual(len(r.stderr.decode().strip().splitlines()), 1, r.stderr)
        self.assertEqual(self.srv.requests, [])
        self.assertNothingSmuggled()
        return r

    def test_header_with_crlf(self):
        r = self.refused("-H", "X-A: 1\r\n\r\n" + SMUGGLED)
        self.assertIn(b"-H", r.stderr)

    def test_header_name_with_a_space(self):
        self.refused("-H", "X A: 1")

    def test_method_with_crlf(self):
        r = self.refused("-X", "GET /x HTTP/1.1\r\nHost: evil\r\n\r\nGET")
        self.assertIn(b"-X", r.stderr)

    def test_user_agent_referer_and_user_with_newlines(self):
        for flag, value in (("-A", "kurl\r\nX-Evil: 1"), ("-e", "http://r/\nX-Evil: 1"),
                            ("-u", "user:pass\r\nX-Evil: 1")):
            with self.subTest(flag=flag):
                r = self.refused(flag, value)
                self.assertIn(flag.encode(), r.stderr)

    def test_content_length_header_that_is_not_the_body(self):
        self.refused("-H", "Content-Length: 2", "-d", "abcdef")
        self.refused("-H", "Content-Length: 10")

    def test_curl_lets_header_inject_kurl_does_not(self):
        # The same -H through curl puts a second request on the wire.
        if not shutil.which("curl"):
            self.skipTest("curl not installed")
        subprocess.run(["curl", "-s", "-m", "5", "-H", "X-A: 1\r\n\r\n" + SMUGGLED,
                        self.srv.url("/x"), "-o", "/dev/null"], timeout=20)
        self.assertIn(b"/smuggled", bytes(self.srv.received))

    def test_transfer_encoding_chunked_with_data(self):
        r = kurl("-H", "Transfer-Encoding: chunked", "-d", "a=1&b=2", self.srv.url("/up"),
                 "-m", "5")
        self.assertEqual(r.returncode, 0, r.stderr)
        raw = self.srv.requests[0].raw
        self.assertNotIn(b"Content-Length", raw)
        self.assertTrue(raw.endswith(b"\r\n\r\n7\r\na=1&b=2\r\n0\r\n\r\n"), raw)

    def test_transfer_encoding_other_than_chunked_is_refused(self):
        r = kurl("-H", "Transfer-Encoding: gzip", "-d", "x", self.srv.url("/up"), "-m", "5")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(b"chunked", r.stderr)
        self.assertEqual(self.srv.requests, [])


if __name__ == "__main__":
    unittest.main()
