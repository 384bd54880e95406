"""The progress line: drawn on a terminal only, at most 10 times a second, gone at the end."""

import unittest

from kurl_itest import KurlTestCase, kurl
from support.terminal import run_on_terminal


def run_with_terminal_stderr(args, timeout=30, program=None, env=None):
    """Runs kurl (or `program`, e.g. curl, in `env`) with standard error on a pseudo-terminal,
    which turns each \\n into \\r\\n; returns (exit code, stderr bytes)."""
    code, seen, _, _ = run_on_terminal(args, stdout="null", stderr="pty", env=env,
                                       timeout=timeout, program=program)
    return code, seen


class Progress(KurlTestCase):
    def batch(self, count, path):
        name = self.path("urls.txt")
        with open(name, "w") as f:
            f.write("".join(self.url(path) + "\n" for _ in range(count)))
        return name

    def test_drawn_on_a_terminal_and_erased_at_the_end(self):
        code, err = run_with_terminal_stderr(
            ["--batch", self.batch(40, "/delay?ms=25"), "-o", "/dev/null"])
        self.assertEqual(code, 0, err)
        self.assertIn(b"/40 done", err)  # the total is known for a batch file
        self.assertIn(b"req/s", err)
        self.assertIn(b"reuse", err)
        self.assertTrue(err.endswith(b"\r\x1b[K"), err[-80:])  # erased, nothing after it
        # At most 10 redraws a second: about 1 s of work draws no more than ~12 lines.
        self.assertLessEqual(err.count(b"\r\x1b[K"), 15)

    def test_stats_follow_on_a_clean_line(self):
        code, err = run_with_terminal_stderr(
            ["--batch", self.batch(20, "/delay?ms=20"), "-o", "/dev/null", "--stats"])
        self.assertEqual(code, 0, err)
        erased = err.rfind(b"\r\x1b[K")
        self.assertGreater(erased, 0)
        self.assertIn(b"requests:", err[erased:])

    def test_never_when_silent_or_not_a_terminal(self):
        code, err = run_with_terminal_stderr(
            ["-s", "--batch", self.batch(20, "/delay?ms=20"), "-o", "/dev/null"])
        self.assertEqual(code, 0)
        self.assertNotIn(b"done", err)
        r = kurl("--batch", self.batch(20, "/delay?ms=20"), "-o", "/dev/null")
        self.assertExit(r, 0)
        self.assertNotIn(b"done", r.stderr)


if __name__ == "__main__":
    unittest.main()
