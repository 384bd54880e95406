"""Helpers shared by the body tests (test_forms, test_upload); not a test
module itself: the real curl to compare with, and a scratch directory."""

import os
import shutil
import subprocess
import tempfile
import unittest

CURL = shutil.which("curl")


def curl(*args, input=None):
    """Runs the real curl (7.88 on the test machines) with a bounded time."""
    return subprocess.run([CURL] + list(args), input=input,
                          stdin=subprocess.DEVNULL if input is None else None,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)


class Files(unittest.TestCase):
    """A test case with a scratch directory and ``file(name, data)``."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kurl-body-")
        self.addCleanup(shutil.rmtree, self.dir)

    def file(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path
