"""-v: curl-style connection events on stderr (CLI.md "Output"), with the
reason for every close."""

import re
import unittest

from kurl_itest import KurlTestCase, kurl


def info_lines(result):
    return [l for l in result.stderr.decode("utf-8", "replace").splitlines()
            if l.startswith("* ")]


class Verbose(KurlTestCase):
    def connected(self, cid):
        return "* Connected to 127.0.0.1 (127.0.0.1) port %d (#%d)" % (
            self.srv.port, cid)

    def closing(self, lines, cid):
        found = [l for l in lines
                 if l.startswith("* Closing connection #%d" % cid)
                 and (len(l) == len("* Closing connection #%d" % cid) or
                      not l[len("* Closing connection #%d" % cid)].isdigit())]
        self.assertEqual(len(found), 1,
                         "want one close line for #%d in:\n%s"
                         % (cid, "\n".join(lines)))
        return found[0]

    def test_connect_reuse_intact_end_of_run(self):
        r = kurl("-v", self.url("/ok"), self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\nhello\n")   # stdout untouched
        lines = info_lines(r)
        self.assertEqual(lines.count(self.connected(0)), 1, lines)
        self.assertEqual(lines.count(
            "* Re-using existing connection #0 with host 127.0.0.1"), 1, lines)
        self.assertEqual(lines.count(
            "* Connection #0 to host 127.0.0.1 left intact"), 2, lines)
        self.assertIn("end of run", self.closing(lines, 0))
        # order: connect, intact, re-use, intact, close
        order = [i for i, l in enumerate(lines) if l in (
            self.connected(0),
            "* Re-using existing connection #0 with host 127.0.0.1",
            "* Connection #0 to host 127.0.0.1 left intact")
            or l.startswith("* Closing connection #0")]
        self.assertEqual([lines[i][:12] for i in order],
                         ["* Connected ", "* Connection", "* Re-using e",
                          "* Connection", "* Closing co"])

    def test_request_and_response_headers_shown(self):
        r = kurl("-v", self.url("/ok"))
        self.assertExit(r, 0)
        err = r.stderr.decode()
        self.assertIn("> GET /ok HTTP/1.1", err)
        self.assertIn("> Host: 127.0.0.1:%d" % self.srv.port, err)
        self.assertIn("< HTTP/1.1 200 OK", err)
        self.assertIn("< Content-Length: 6", err)

    def test_server_asked_close(self):
        r = kurl("-v", self.url("/close"), self.url("/ok"))
        self.assertExit(r, 0)
        lines = info_lines(r)
        self.assertIn("server asked", self.closing(lines, 0))
        self.assertIn(self.connected(1), lines)
        self.assertIn("end of run", self.closing(lines, 1))
        self.assertNotIn("* Connection #0 to host 127.0.0.1 left intact",
                         lines)

    def test_close_reason_does_not_misstate_what_happened(self):
        # The response arrived complete; the close line must not claim that
        # the server closed "before the response".
        for args in (("/close",), ("/ok", "--max-requests-per-conn=1")):
            with self.subTest(args=args):
                r = kurl("-v", self.url(args[0]), self.url("/ok"), *args[1:])
                self.assertExit(r, 0)
                line = self.closing(info_lines(r), 0)
                self.assertNotIn("before the response", line)

    def test_max_requests_close(self):
        r = kurl("-v", "--max-requests-per-conn=2",
                 *[self.url("/ok")] * 3)
        self.assertExit(r, 0)
        lines = info_lines(r)
        self.assertIn("max requests", self.closing(lines, 0))
        self.assertIn(self.connected(1), lines)

    def test_idle_timeout_close(self):
        other = self.start_server()
        r = kurl("-v", "--keepalive=0.3", self.url("/ok"),
                 other.url("/delay?ms=700"), self.url("/ok"))
        self.assertExit(r, 0)
        lines = info_lines(r)
        self.assertIn("idle timeout", self.closing(lines, 0))
        self.assertIn("* Connected to 127.0.0.1 (127.0.0.1) port %d (#2)"
                      % self.srv.port, lines)

    def test_error_close(self):
        r = kurl("-v", self.url("/malformed"), self.url("/ok"))
        self.assertExit(r, 8)
        lines = info_lines(r)
        self.assertIn("error", self.closing(lines, 0).lower())

    def test_stale_retry_announced(self):
        r = kurl("-v", self.url("/stale"), self.url("/ok"))
        self.assertExit(r, 0)
        lines = info_lines(r)
        self.assertIn("* Re-using existing connection #0 with host 127.0.0.1",
                      lines)
        self.assertIn(self.connected(1), lines)
        self.assertTrue(any(re.search(r"stale", l) for l in lines), lines)

    def test_verbose_with_silent_shows_no_error_line(self):
        # -s silences error messages, not -v's trace (curl behaves alike).
        r = kurl("-v", "-s", "-f", self.url("/nope"))
        self.assertExit(r, 22)
        self.assertFalse([l for l in r.stderr.decode().splitlines()
                          if l.startswith("kurl: (")], r.stderr)


if __name__ == "__main__":
    unittest.main()
