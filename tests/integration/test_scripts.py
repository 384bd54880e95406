"""scripts/common.sh's steps: one line a step on the terminal, everything the
step printed kept in its log, and on failure the exit code and the end of the
log (what scripts/run, scripts/test and scripts/package show of apt and the
build)."""

import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
COMMON = os.path.join(ROOT, "scripts", "common.sh")


class Steps(unittest.TestCase):
    def setUp(self):
        self.logs = tempfile.mkdtemp(prefix="kurl-logs-")
        self.addCleanup(shutil.rmtree, self.logs, True)

    def step(self, command):
        """Runs `kurl_step apt "installing packages" COMMAND` in bash."""
        script = 'source "%s"; kurl_step apt "installing packages" %s' % (COMMON, command)
        return subprocess.run(["bash", "--norc", "-c", script], capture_output=True,
                              timeout=60, stdin=subprocess.DEVNULL,
                              env=dict(os.environ, KURL_LOG_DIR=self.logs))

    def log(self):
        with open(os.path.join(self.logs, "apt.log")) as f:
            return f.read()

    def test_a_step_that_works_prints_one_line_and_keeps_its_output(self):
        r = self.step("bash -c 'echo Reading package lists...; echo progress >&2'")
        self.assertEqual((r.returncode, r.stdout), (0, b""))
        self.assertEqual(r.stderr, b"installing packages... ok\n")
        self.assertIn("Reading package lists...\nprogress\n", self.log())

    def test_a_failed_step_shows_its_exit_code_and_the_end_of_its_log(self):
        lines = " ".join("line%d" % i for i in range(100))
        r = self.step("bash -c 'printf \"%%s\\n\" %s; exit 100'" % lines)
        self.assertEqual(r.returncode, 100)
        err = r.stderr.decode().splitlines()
        self.assertEqual(err[0], "installing packages... failed (exit 100); the end of %s:"
                         % os.path.join(self.logs, "apt.log"))
        self.assertEqual(err[-1], "line99")
        self.assertNotIn("line10", err)  # only the end of the log
        self.assertIn("line0\n", self.log())  # the whole of it stays in the file


if __name__ == "__main__":
    unittest.main()
