"""httpbin (python3-httpbin, Debian) under gunicorn, for tests that compare
kurl with curl on forms, uploads, cookies, ranges and redirects.

``with Httpbin() as hb: hb.url("/post")``.  It picks a free port, starts
gunicorn with the system Python (where Debian installs httpbin), waits for the
port with a bounded loop, and stops the server when the block ends.  Tests
skip when httpbin or gunicorn is not installed (see ``available()``).
"""

import os
import shutil
import socket
import subprocess
import time

SYSTEM_PYTHON = "/usr/bin/python3"   # Debian's python3-httpbin lives here
START_TIMEOUT = 20.0                 # seconds to wait for the port


def available():
    """True when gunicorn and httpbin can be started."""
    if not os.path.exists(SYSTEM_PYTHON) or not shutil.which("gunicorn"):
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import httpbin, gunicorn"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return probe.returncode == 0


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Httpbin:
    def __init__(self, workers=2):
        self.workers = workers
        self.port = None
        self.process = None

    def __enter__(self):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, "-m", "gunicorn", "--workers", str(self.workers),
             "--bind", "127.0.0.1:%d" % self.port, "--log-level", "warning",
             "httpbin:app"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited: %s" % self.process.stderr.read().decode())
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("httpbin did not listen within %.0f s" % START_TIMEOUT)

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.process and self.process.stderr:
            self.process.stderr.close()

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)
