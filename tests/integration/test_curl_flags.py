"""The miscellaneous curl flags scripts use (issue 14), each held against
the installed curl 7.88 on the same command against the same local server:
same bytes, same exit code.

-D/--dump-header: every response head of the transfer (1xx and redirect hops
included), to a file truncated once and appended to by each URL, or to
standard output.
"""

import os
import unittest

from kurl_itest import KurlTestCase, kurl
from test_write_out_parity import CURL, curl  # curl -s ARGS, bounded


@unittest.skipUnless(CURL, "curl is not installed")
class CurlParity(KurlTestCase):
    def both(self, *args):
        """(kurl's, curl's) results for the same -s command; same exit code."""
        mine = kurl("-s", *args)
        theirs = curl(*args)
        self.assertEqual(mine.returncode, theirs.returncode,
                         "exit codes differ for %r:\n%s" % (args, mine.stderr))
        return mine, theirs


class DumpHeader(CurlParity):
    def test_stdout_gets_every_head_as_curl_writes_it(self):
        cases = [
            ["-o", os.devnull, self.url("/interim")],          # 100 and 103 too
            ["-L", self.url("/redirect?to=/ok")],              # each hop, then the body
            [self.url("/redirect?to=/ok")],                    # no -L: the 302 only
            ["-f", self.url("/status?code=404")],              # -f keeps the body back
            ["-i", self.url("/ok")],                           # curl: line by line twice
            ["-i", self.url("/chunked")],                      # trailers too
            ["-I", self.url("/ok")],
            ["-o", self.path("body"), self.url("/chunked")],   # body to a file
        ]
        for args in cases:
            with self.subTest(args=args):
                mine, theirs = self.both("-D", "-", *args)
                self.assertEqual(mine.stdout, theirs.stdout)
        self.assertIn(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n",
                      kurl("-s", "-D", "-", "-o", os.devnull,
                           self.url("/interim")).stdout)

    def test_file_is_truncated_once_then_gets_each_urls_heads(self):
        heads = {}
        for name, run in (("kurl", lambda *a: kurl("-s", *a)), ("curl", curl)):
            target = self.path(name + ".heads")
            with open(target, "wb") as f:
                f.write(b"old content that must go\n")
            r = run("-D", target, "-L", self.url("/ok"),
                    self.url("/redirect?to=/ok"), self.url("/interim"))
            self.assertExit(r, 0)
            self.assertEqual(r.stdout, b"hello\nhello\nfinal\n")
            with open(target, "rb") as f:
                heads[name] = f.read()
        self.assertEqual(heads["kurl"], heads["curl"])
        self.assertTrue(heads["kurl"].startswith(b"HTTP/1.1 200 OK\r\n"))
        self.assertEqual(heads["kurl"].count(b"HTTP/1.1 "), 6)

    def test_batch_heads_go_to_the_file_in_order(self):
        batch = self.path("batch.txt")
        with open(batch, "w") as f:
            f.write("%s\n%s\n" % (self.url("/ok"), self.url("/status?code=503")))
        target = self.path("heads")
        r = kurl("-s", "-D", target, "--batch", batch, "-o", os.devnull)
        self.assertExit(r, 0)
        with open(target, "rb") as f:
            data = f.read()
        self.assertRegex(data, rb"(?s)^HTTP/1.1 200 OK\r\n.*\r\n\r\nHTTP/1.1 503 ")

    def test_a_file_that_cannot_be_opened_is_23_before_any_request(self):
        # curl 7.88 crashes here (SIGSEGV); its code means 23 ("Failed to open").
        r = kurl("-D", self.path("missing", "heads"), self.url("/ok"))
        self.assertExit(r, 23)
        self.assertIn(b"kurl: (23) failure writing headers to " +
                      self.path("missing", "heads").encode(), r.stderr)
        self.assertEqual(self.srv.stats()["requests"], 0)
        self.assertEqual(r.stdout, b"")

    def test_a_failed_write_is_23(self):
        # curl 7.88 never checks this write and exits 0; kurl loses nothing quietly.
        r = kurl("-D", "/dev/full", self.url("/ok"))
        self.assertExit(r, 23)
        self.assertIn(b"kurl: (23) failure writing headers to /dev/full", r.stderr)


if __name__ == "__main__":
    unittest.main()
