"""Progress displays on a real pseudo-terminal: the batch line never lands inside bodies,
-w lines, failure or -v lines on the same terminal, and a slow single download shows a bar
there, never in a pipe."""

import re
import unittest

from kurl_itest import KurlTestCase, kurl
from test_terminal import BINARY_WARNING, TerminalCase, run_on_terminal, screen


class ProgressAndBodies(TerminalCase):
    def batch(self, count, query):
        name = self.path("urls.txt")
        with open(name, "w") as f:
            for n in range(1, count + 1):
                f.write(self.raw_url("/line?n=%d&%s" % (n, query)) + "\n")
        return name

    def test_progress_line_never_lands_inside_bodies_on_the_same_terminal(self):
        code, seen, _, _ = run_on_terminal(["--batch", self.batch(15, "ms=120")])
        self.assertEqual(code, 0, seen)
        self.assertIn(b" done  ", seen)  # the line was drawn between the bodies
        self.assertEqual(screen(seen),
                         [b"line %d of the batch" % n for n in range(1, 16)])

    def test_not_redrawn_while_output_stops_mid_line(self):
        code, seen, _, _ = run_on_terminal(["--batch", self.batch(8, "ms=150&bare")])
        self.assertEqual(code, 0, seen)
        self.assertEqual(screen(seen),
                         [b"".join(b"line %d of the batch" % n for n in range(1, 9))])

    def test_write_out_lines_with_bodies_in_files(self):
        code, seen, _, _ = run_on_terminal(["--batch", self.batch(12, "ms=120"),
                                            "-o", "/dev/null", "-w", "%{http_code}\n"])
        self.assertEqual(code, 0, seen)
        self.assertIn(b" done  ", seen)
        self.assertEqual(screen(seen), [b"200"] * 12)


    def test_failure_and_warning_lines_start_on_a_clean_line(self):
        name = self.path("urls.txt")
        urls = [self.raw_url("/line?n=%d&ms=120" % n) for n in range(1, 5)]
        urls.insert(2, self.raw_url("/binary"))
        with open(name, "w") as f:
            f.write("".join(url + "\n" for url in urls))
        code, seen, _, _ = run_on_terminal(["--batch", name])
        self.assertEqual(code, 23, seen)
        self.assertIn(b" done  ", seen)
        self.assertEqual(screen(seen), [
            b"line 1 of the batch", b"line 2 of the batch", BINARY_WARNING,
            b"kurl: (23) line 3: binary output not written to the terminal (%s)"
            % self.raw_url("/binary").encode(),
            b"line 3 of the batch", b"line 4 of the batch"])

    def test_verbose_lines_start_on_a_clean_line(self):
        code, seen, _, _ = run_on_terminal(["-v", "--batch", self.batch(10, "ms=120"),
                                            "-o", "/dev/null"])
        self.assertEqual(code, 0, seen)
        self.assertIn(b" done  ", seen)
        for line in screen(seen):
            self.assertRegex(line, rb"^[*<>]( |$)")


class DownloadBar(KurlTestCase):
    def test_a_slow_download_shows_a_bar_on_a_terminal(self):
        target = self.path("slow.bin")
        code, seen, _, _ = run_on_terminal(["-o", target, self.url("/trickle?ms=20")])
        self.assertEqual(code, 0, seen)
        bars = re.findall(rb"\r\x1b\[K(\[[= >]+\]  \d+%  \d+ B / 100 B  \d+ B/s[^\r]*)", seen)
        self.assertTrue(bars, seen)
        self.assertIn(b"s left", seen)
        self.assertTrue(seen.endswith(b"\r\x1b[K"), seen[-80:])  # erased at the end
        with open(target, "rb") as f:
            self.assertEqual(len(f.read()), 100)

    def test_body_to_a_pipe_shows_the_bar_and_keeps_the_bytes(self):
        code, seen, out, _ = run_on_terminal([self.url("/trickle?ms=20")], stdout="pipe")
        self.assertEqual(code, 0)
        self.assertIn(b"/ 100 B", seen)
        r = kurl(self.url("/trickle?ms=1"))
        self.assertEqual(out, r.stdout)

    def test_nothing_when_stderr_is_a_pipe_or_silent_or_quick(self):
        code, _, _, err = run_on_terminal(["-o", self.path("a"), self.url("/trickle?ms=20")],
                                          stderr="pipe")
        self.assertEqual(code, 0)
        self.assertEqual(err, b"")
        code, seen, _, _ = run_on_terminal(["-s", "-o", self.path("b"),
                                            self.url("/trickle?ms=20")])
        self.assertEqual((code, seen), (0, b""))
        code, seen, _, _ = run_on_terminal(["-o", self.path("c"), self.url("/trickle?ms=1")])
        self.assertEqual((code, seen), (0, b""))

    def test_no_bar_while_the_body_goes_to_the_same_terminal(self):
        code, seen, _, _ = run_on_terminal([self.url("/trickle?ms=20")])
        self.assertEqual(code, 0)
        self.assertEqual(len(seen), 100)  # the body's 100 digits, nothing else
        self.assertNotIn(b"\x1b", seen)


if __name__ == "__main__":
    unittest.main()
