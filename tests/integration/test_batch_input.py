"""--batch input read through libuv (issue 16): standard input as a stream, a file on the
thread pool, so the loop never waits for the next line. A request whose line has come is
sent while the writer of the next line is still silent; an interrupt ends a run whose input
never ends; a line with no end is refused, not held without bound."""

import os
import signal
import subprocess
import threading
import time
import unittest

from kurl_itest import error_lines, kurl
from support.harness import find_kurl
from support.raw_server import RawServer, response


def start_kurl(*args):
    return subprocess.Popen([find_kurl(), *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


class StdinIsNotWaitedFor(unittest.TestCase):
    def test_a_line_is_sent_while_the_next_one_has_not_come(self):
        arrived = []

        def reply(request):
            arrived.append((request.target, time.monotonic()))
            return response(200, b"ok")
        with RawServer(reply) as server:
            proc = start_kurl("--batch", "-", "-P", "2", "-s", "-w", "%{http_code}\n")
            try:
                started = time.monotonic()
                proc.stdin.write((server.url("/first") + "\n").encode())
                proc.stdin.flush()
                time.sleep(2.0)  # the second line is 2 s late
                proc.stdin.write((server.url("/second") + "\n").encode())
                out, err = proc.communicate(timeout=20)  # closes standard input
            finally:
                proc.kill()
        self.assertEqual((proc.returncode, out), (0, b"ok200\nok200\n"), err)
        self.assertEqual([target for target, _ in arrived], ["/first", "/second"])
        self.assertLess(arrived[0][1] - started, 1.5)

    def test_an_interrupt_ends_a_run_whose_input_never_ends(self):
        with RawServer(lambda request: response(200, b"ok")) as server:
            proc = start_kurl("--batch", "-", "-s")
            try:
                proc.stdin.write((server.url("/") + "\n").encode())
                proc.stdin.flush()
                deadline = time.monotonic() + 10
                while not server.requests and time.monotonic() < deadline:
                    time.sleep(0.02)
                time.sleep(0.2)  # the response is written; kurl waits for a next line
                started = time.monotonic()
                proc.send_signal(signal.SIGINT)
                out, err = proc.communicate(timeout=5)  # stdin is still open
            finally:
                proc.kill()
        self.assertEqual(proc.returncode, 130, err)
        self.assertLess(time.monotonic() - started, 2)
        self.assertEqual(out, b"ok")

    def test_standard_input_is_left_blocking(self):
        # libuv reads a pipe non-blocking; the descriptor is shared with whoever runs kurl.
        read_end, write_end = os.pipe()
        try:
            with RawServer(lambda request: response(200, b"ok")) as server:
                os.write(write_end, (server.url("/") + "\n").encode())
                os.close(write_end)
                write_end = None
                r = subprocess.run([find_kurl(), "--batch", "-", "-s"], stdin=read_end,
                                   capture_output=True, timeout=20)
            self.assertEqual((r.returncode, r.stdout), (0, b"ok"), r.stderr)
            self.assertTrue(os.get_blocking(read_end))
        finally:
            os.close(read_end)
            if write_end is not None:
                os.close(write_end)


class LineLimits(unittest.TestCase):
    def test_a_line_longer_than_64_mib_fails_the_input(self):
        feeder = subprocess.Popen(["head", "-c", str(65 << 20), "/dev/zero"],
                                  stdout=subprocess.PIPE)
        try:
            r = subprocess.run([find_kurl(), "--batch", "-"], stdin=feeder.stdout,
                               capture_output=True, timeout=60)
        finally:
            feeder.stdout.close()
            feeder.kill()
            feeder.wait(10)
        self.assertEqual(r.returncode, 26, r.stderr)
        self.assertIn(b"kurl: (26) error reading batch file -: a line longer than 64 MiB",
                      r.stderr)

    def test_lines_across_read_chunks_and_a_last_line_without_newline(self):
        with RawServer(lambda request: response(200, b"")) as server:
            # About 3 chunks of 64 KiB, the lines of varied length; the last one unterminated.
            lines = [server.url("/%d?%s" % (i, "p" * (i % 97))) for i in range(3000)]
            r = kurl("--batch", "-", "-s", "-w", "%{url_effective}\n",
                     input="\n".join(lines).encode())
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.decode().splitlines(), lines)
            self.assertEqual(len(server.requests), 3000)


if __name__ == "__main__":
    unittest.main()
