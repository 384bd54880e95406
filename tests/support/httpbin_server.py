"""httpbin (Debian's python3-httpbin) under gunicorn on 127.0.0.1, for tests
that hold kurl against curl on a real application: cookies, forms, uploads,
ranges, redirects.

    with Httpbin() as bin:
        bin.url("/cookies/set?a=1")

Starts on a free port, waits for it with a bounded loop, stops the server
(terminate, then kill) when the block ends.  ``Httpbin.available()`` tells a
test to skip when gunicorn or httpbin is not installed.
"""

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time

START_TIMEOUT = 20.0       # seconds gunicorn may take to listen
STOP_TIMEOUT = 5.0


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Httpbin:
    def __init__(self, workers=2):
        self.workers = workers
        self.port = None
        self.process = None

    @staticmethod
    def command():
        """gunicorn as installed (Debian's runs with the system Python, which
        has httpbin), else this interpreter's module; None when neither."""
        if shutil.which("gunicorn"):
            return [shutil.which("gunicorn")]
        if (importlib.util.find_spec("gunicorn") is not None and
                importlib.util.find_spec("httpbin") is not None):
            return [sys.executable, "-m", "gunicorn"]
        return None

    @classmethod
    def available(cls):
        return cls.command() is not None

    def url(self, path="/", host="127.0.0.1"):
        return "http://%s:%d%s" % (host, self.port, path)

    def __enter__(self):
        self.port = _free_port()
        command = self.command() + ["--workers",
                   str(self.workers), "--bind", "127.0.0.1:%d" % self.port,
                   "--log-level", "warning", "httpbin:app"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, env=dict(os.environ))
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn httpbin exited: %s" %
                                   self.process.stderr.read().decode()[-2000:])
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.__exit__()
        raise RuntimeError("gunicorn httpbin did not listen within %.0f s" %
                           START_TIMEOUT)

    def __exit__(self, *exc):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_TIMEOUT)
        self.process.stderr.close()
        self.process = None


def available():
    """True when gunicorn and httpbin can be started (module-level form)."""
    return Httpbin.available()
