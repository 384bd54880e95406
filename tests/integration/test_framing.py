"""Response framing: bodies are delimited exactly, the connection is reused
after every well-framed response, and broken responses give curl's exit
codes without spoiling the next request."""

import os
import unittest

from kurl_itest import KurlTestCase, error_lines, kurl, stats_of

CHUNKED_BODY = b"chunk one\nchunk two\nchunk three\n"


class WellFramed(KurlTestCase):
    def check_reused_after(self, path, body, code):
        r = kurl("--stats=json", "-w", "[%{http_code} %{size_download}]\\n",
                 self.url(path), self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, body + b"[%d %d]\nhello\n[200 6]\n"
                         % (code, len(body)))
        self.assertServerSaw(self.srv, connections=1, requests=2)
        self.assertReuse(stats_of(r), requests=2, opened=1, reused=1)

    def test_chunked_with_trailers(self):
        self.check_reused_after("/chunked", CHUNKED_BODY, 200)

    def test_interim_responses_skipped(self):
        self.check_reused_after("/interim", b"final\n", 200)

    def test_204_no_body(self):
        self.check_reused_after("/204", b"", 204)

    def test_304_no_body(self):
        self.check_reused_after("/304", b"", 304)

    def test_empty_content_length_body(self):
        self.check_reused_after("/ok?size=0", b"", 200)

    def test_status_codes_pass_through(self):
        # Without -f an error status is a successful transfer.
        self.check_reused_after("/status?code=500", b"status 500\n", 500)

    def test_head_responses_have_no_body(self):
        # HEAD answers carry Content-Length / Transfer-Encoding but no body:
        # kurl must not wait for one, and must reuse the connection.
        r = kurl("-I", "--stats=json", self.url("/ok?size=100"),
                 self.url("/chunked"), self.url("/ok"), timeout=10)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.count(b"HTTP/1.1 200 OK\r\n"), 3, r.stdout)
        self.assertIn(b"Content-Length: 100\r\n", r.stdout)
        self.assertNotIn(b"x", r.stdout.replace(b"text/plain", b""))
        ss = self.assertServerSaw(self.srv, connections=1, requests=3)
        self.assertEqual({e["method"] for e in ss["log"]}, {"HEAD"})
        self.assertReuse(stats_of(r), requests=3, opened=1, reused=2)

    def test_large_body_to_file(self):
        out = self.path("big.bin")
        size = 10_000_000
        # -o after the URLs: it still belongs to the first URL (see
        # test_cli.Output.test_output_before_url for -o before a URL).
        r = kurl("--stats=json", "-w", "%{size_download}",
                 self.url("/ok?size=%d" % size), self.url("/ok"), "-o", out)
        self.assertExit(r, 0)
        self.assertEqual(os.path.getsize(out), size)
        with open(out, "rb") as f:
            data = f.read()
        self.assertEqual(data.count(b"x"), size)
        self.assertEqual(r.stdout, b"%dhello\n6" % size)
        self.assertServerSaw(self.srv, connections=1, requests=2)
        st = stats_of(r)
        self.assertReuse(st, requests=2, opened=1, reused=1)
        self.assertGreaterEqual(st["bytes_received"], size)

    def test_include_chunked(self):
        r = kurl("-i", self.url("/chunked"))
        self.assertExit(r, 0)
        head, sep, body = r.stdout.partition(b"\r\n\r\n")
        self.assertTrue(sep, r.stdout)
        self.assertTrue(head.startswith(b"HTTP/1.1 200 OK\r\n"), head)
        self.assertIn(b"Transfer-Encoding: chunked", head)
        self.assertTrue(body.startswith(CHUNKED_BODY), body)


class Broken(KurlTestCase):
    def check_failure(self, path, codes, partial_ok=True):
        """``path`` then /ok: exit code from ``codes``, one error line naming
        the URL, and /ok still succeeds on a new connection."""
        r = kurl("--stats=json", "-w", "[%{http_code}]\\n",
                 self.url(path), self.url("/ok"))
        self.assertIn(r.returncode, codes,
                      "exit %d; stderr: %s" % (r.returncode, r.stderr))
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("kurl: (%d) " % r.returncode),
                        lines[0])
        self.assertTrue(lines[0].endswith(self.url(path)) or
                        lines[0].endswith("(%s)" % self.url(path)), lines[0])
        self.assertTrue(r.stdout.endswith(b"hello\n[200]\n"), r.stdout)
        ss = self.assertServerSaw(self.srv, connections=2, requests=2)
        self.assertEqual(ss["per_path"]["/ok"], 1)
        st = stats_of(r)
        self.assertEqual((st["succeeded"], st["failed"]), (1, 1))
        self.assertEqual(st["stale_retries"], 0)
        self.assertEqual(st["connections_opened"], 2)
        return r

    def test_conflicting_content_length(self):
        self.check_failure("/conflicting-length", (8,))

    def test_malformed_status_line(self):
        self.check_failure("/malformed", (8,))

    def test_truncated_body(self):
        r = self.check_failure("/truncated", (18,))
        self.assertTrue(r.stdout.startswith(b"0123456789"), r.stdout)

    def test_empty_reply(self):
        self.check_failure("/empty", (52,))

    def test_reset_mid_body(self):
        self.check_failure("/reset-mid-body", (18, 56))

    def test_exit_code_is_first_failure(self):
        r = kurl("-s", self.url("/ok"), self.url("/truncated"),
                 self.url("/malformed"), self.url("/ok"))
        self.assertExit(r, 18)
        r = kurl("-s", self.url("/malformed"), self.url("/truncated"))
        self.assertExit(r, 8)


if __name__ == "__main__":
    unittest.main()
