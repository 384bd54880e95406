"""Helpers for kurl's Python (unittest) integration tests.

Everything here uses only the Python 3 standard library, and every wait is
bounded.  Typical use::

    from harness import TestServer, run_kurl

    class KeepAlive(unittest.TestCase):
        def test_reuse(self):
            with TestServer() as srv:
                r = run_kurl(srv.url("/ok"), srv.url("/ok"))
                self.assertEqual(r.returncode, 0)
                self.assertEqual(srv.stats()["connections"], 1)
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SUPPORT_DIR = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.executable or "/usr/bin/python3"
NGINX_BIN = "/usr/sbin/nginx"
STARTUP_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0

# Removed from kurl's environment by run_kurl() unless given in env=.
PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
              "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY")

# urllib opener that never goes through a proxy.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class HarnessError(AssertionError):
    """A harness-level failure (missing binary, server did not start, kurl
    timed out...).  Subclasses AssertionError so unittest reports it as a
    test failure."""


# --------------------------------------------------------------------- basics
def free_port():
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_accepts(port, timeout=0.2):
    """True when something accepts a TCP connection on 127.0.0.1:`port` now."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout).close()
        return True
    except OSError:
        return False


def wait_until(predicate, timeout, interval=0.02, what="condition"):
    """Poll ``predicate()`` until it returns a truthy value (which is
    returned) or ``timeout`` seconds pass (HarnessError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise HarnessError("timed out after %.1fs waiting for %s"
                               % (timeout, what))
        time.sleep(interval)


def find_kurl():
    """Path of the kurl binary, from the KURL_BIN environment variable
    (CTest sets it).  Raises HarnessError if unset or not executable."""
    path = os.environ.get("KURL_BIN")
    if not path:
        raise HarnessError("KURL_BIN is not set: run the tests through CTest "
                           "or export KURL_BIN=/path/to/kurl")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise HarnessError("KURL_BIN=%r is not an executable file" % path)
    return path


def run_kurl(*args, input=None, timeout=60, env=None):
    """Run kurl with ``args`` and return a subprocess.CompletedProcess with
    bytes ``stdout``/``stderr`` and ``returncode``.

    ``input``: bytes for stdin (stdin is /dev/null when None).
    ``env``: variables layered over os.environ (a value of None removes the
    variable); proxy variables (http_proxy, ...) are removed first unless
    ``env`` sets them.  If kurl runs longer than ``timeout`` seconds it is
    killed and HarnessError is raised (with whatever it had printed)."""
    cmd = [find_kurl()] + [a if isinstance(a, (str, bytes)) else
                           os.fspath(a) if isinstance(a, os.PathLike) else
                           str(a) for a in args]
    full_env = dict(os.environ)
    for name in PROXY_VARS:
        full_env.pop(name, None)
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = str(value)
    try:
        return subprocess.run(
            cmd, input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=timeout, env=full_env)
    except subprocess.TimeoutExpired as e:
        raise HarnessError(
            "kurl timed out after %ss (killed): %r\n--- stdout ---\n%r\n"
            "--- stderr ---\n%r" % (timeout, cmd, (e.stdout or b"")[-2000:],
                                    (e.stderr or b"")[-2000:])) from None


def http_get(url, timeout=10, headers=None):
    """GET ``url`` with urllib (never via a proxy).  Returns
    (status, headers as {lowercase: value}, body bytes); non-2xx statuses
    are returned, not raised."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return (resp.status, {k.lower(): v for k, v in resp.getheaders()},
                    resp.read())
    except urllib.error.HTTPError as e:
        with e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def _stop_process(proc, sig=signal.SIGTERM, timeout=STOP_TIMEOUT):
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.send_signal(sig)
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)
    except ProcessLookupError:
        pass


def _read_text(path, limit=20000):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return ""
    return data[-limit:].decode("utf-8", "replace")


class _PythonServer:
    """Shared machinery: run a support script that writes --port-file."""

    script = None

    def __init__(self, *args, startup_timeout=STARTUP_TIMEOUT):
        self.args = [str(a) for a in args]
        self.startup_timeout = startup_timeout
        self.proc = None
        self.port = None
        self._dir = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        """Start the server and wait (bounded) until it listens."""
        self._dir = tempfile.mkdtemp(prefix="kurl-%s-" % type(self).__name__)
        port_file = os.path.join(self._dir, "port")
        self._stdout = open(os.path.join(self._dir, "stdout"), "wb")
        self._stderr = open(os.path.join(self._dir, "stderr"), "wb")
        cmd = [PYTHON, os.path.join(SUPPORT_DIR, self.script),
               "--port", "0", "--port-file", port_file] + self.args
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=self._stdout, stderr=self._stderr)

        def ready():
            if self.proc.poll() is not None:
                raise HarnessError("%s exited with %s during startup:\n%s" % (
                    self.script, self.proc.returncode, self.stderr_text()))
            try:
                with open(port_file) as f:
                    return int(f.read().strip() or 0)
            except (OSError, ValueError):
                return 0
        try:
            self.port = wait_until(ready, self.startup_timeout,
                                   what="%s to listen" % self.script)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        """Stop the server (SIGTERM, bounded wait, then SIGKILL)."""
        _stop_process(self.proc)
        for f in (getattr(self, "_stdout", None), getattr(self, "_stderr", None)):
            if f is not None:
                f.close()
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def stderr_text(self):
        """What the server printed on stderr so far (for diagnostics)."""
        return _read_text(os.path.join(self._dir, "stderr")) if self._dir else ""

    def url(self, path="/"):
        """``http://127.0.0.1:PORT/path``."""
        if not path.startswith("/"):
            path = "/" + path
        return "http://127.0.0.1:%d%s" % (self.port, path)


# ----------------------------------------------------------------- TestServer
class TestServer(_PythonServer):
    """Context manager running tests/support/kurl_test_server.py.

    ``TestServer(*extra_args)``, e.g.
    ``TestServer("--max-requests-per-conn", 2, "--idle-timeout", 1)``.
    Attributes/methods: ``.port``, ``.url(path)``, ``.stats()``,
    ``.reset()``, ``.stderr_text()``."""

    __test__ = False          # not a pytest test class
    script = "kurl_test_server.py"

    def stats(self):
        """Counters from GET /_stats: dict with connections, requests,
        pipelined, dropped, per_path, open_connections, log."""
        status, _, body = http_get(self.url("/_stats"))
        if status != 200:
            raise HarnessError("/_stats returned %s" % status)
        return json.loads(body)

    def reset(self):
        """Zero all counters (GET /_reset)."""
        status, _, _ = http_get(self.url("/_reset"))
        if status != 200:
            raise HarnessError("/_reset returned %s" % status)


# -------------------------------------------------------------- AiohttpServer
class AiohttpServer(_PythonServer):
    """Context manager running tests/support/aiohttp_server.py (needs
    python3-aiohttp).  ``AiohttpServer(keepalive_timeout=75.0)``;
    ``.port``, ``.url(path)``, ``.counts()``."""

    script = "aiohttp_server.py"

    def __init__(self, keepalive_timeout=75.0, startup_timeout=STARTUP_TIMEOUT):
        super().__init__("--keepalive-timeout", keepalive_timeout,
                         startup_timeout=startup_timeout)

    def counts(self):
        """{"connections": distinct connections, "requests": n} seen by the
        server, not counting /count requests."""
        status, _, body = http_get(self.url("/count"))
        if status != 200:
            raise HarnessError("/count returned %s" % status)
        return json.loads(body)


# ---------------------------------------------------------------------- Nginx
_NGINX_CONF = """\
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;

events {{
    worker_connections 256;
}}

http {{
    types {{
        text/html html;
        text/plain txt;
        application/octet-stream bin;
    }}
    default_type application/octet-stream;

    log_format kurl escape=json
        '{{"connection":"$connection","connection_requests":"$connection_requests",'
        '"request":"$request","status":"$status"}}';
    access_log {d}/access.log kurl;

    client_body_temp_path {d}/tmp/client_body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;

    keepalive_requests {keepalive_requests};
    keepalive_timeout {keepalive_timeout};

    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {d}/html;

        location /status204 {{
            return 204;
        }}
{extra_server_conf}
    }}
{extra_http_conf}
}}
"""


def _nginx_time(value):
    if isinstance(value, str):
        return value
    if float(value) == int(value):
        return "%ds" % int(value)
    return "%dms" % round(float(value) * 1000)


class Nginx:
    """Context manager running /usr/sbin/nginx (single process, in the
    foreground, every path inside a temp dir) on a free 127.0.0.1 port.

    ``Nginx(keepalive_requests=100, keepalive_timeout=15)``
    (keepalive_timeout: seconds as a number, or an nginx time string such as
    "500ms"; 0 disables keep-alive).  Docroot: /index.html (small),
    /1k.bin (1024 bytes), /100k.bin (102400 bytes); /status204 returns 204.
    ``.port``, ``.url(path)``, ``.docroot``, ``.access_log_entries()``,
    ``.distinct_connections()``, ``.error_log_text()``."""

    INDEX_HTML = b"<html><body>hello from nginx</body></html>\n"

    def __init__(self, keepalive_requests=100, keepalive_timeout=15,
                 extra_server_conf="", extra_http_conf="",
                 startup_timeout=STARTUP_TIMEOUT):
        self.keepalive_requests = keepalive_requests
        self.keepalive_timeout = keepalive_timeout
        self.extra_server_conf = extra_server_conf
        self.extra_http_conf = extra_http_conf
        self.startup_timeout = startup_timeout
        self.proc = None
        self.port = None
        self.dir = None
        self.docroot = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    @staticmethod
    def file_content(name):
        """Exact bytes served for /1k.bin or /100k.bin or /index.html."""
        if name.lstrip("/") == "index.html":
            return Nginx.INDEX_HTML
        size = {"1k.bin": 1024, "100k.bin": 100 * 1024}[name.lstrip("/")]
        pattern = bytes(range(256))
        return (pattern * (size // 256 + 1))[:size]

    def _write_files(self):
        self.docroot = os.path.join(self.dir, "html")
        os.makedirs(self.docroot)
        os.makedirs(os.path.join(self.dir, "tmp"))
        for name in ("index.html", "1k.bin", "100k.bin"):
            with open(os.path.join(self.docroot, name), "wb") as f:
                f.write(self.file_content(name))

    def start(self):
        """Write the config and docroot, start nginx, wait (bounded) until
        it listens.  Retries a few times if the chosen port got taken."""
        if not os.access(NGINX_BIN, os.X_OK):
            raise HarnessError("%s not found (apt-get install nginx-light)"
                               % NGINX_BIN)
        self.dir = tempfile.mkdtemp(prefix="kurl-nginx-")
        self._write_files()
        last_error = ""
        try:
            for _ in range(5):
                self.port = free_port()
                if self._try_start():
                    return
                last_error = self.error_log_text()
                if "Address already in use" not in last_error:
                    break
            raise HarnessError("nginx did not start:\n" + last_error)
        except BaseException:
            self.stop()
            raise

    def _try_start(self):
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(_NGINX_CONF.format(
                d=self.dir, port=self.port,
                keepalive_requests=int(self.keepalive_requests),
                keepalive_timeout=_nginx_time(self.keepalive_timeout),
                extra_server_conf=self.extra_server_conf,
                extra_http_conf=self.extra_http_conf))
        for name in ("nginx.pid", "error.log", "access.log"):
            try:
                os.unlink(os.path.join(self.dir, name))
            except FileNotFoundError:
                pass
        err = open(os.path.join(self.dir, "stderr"), "wb")
        try:
            self.proc = subprocess.Popen(
                [NGINX_BIN, "-p", self.dir + "/", "-c", conf,
                 "-e", os.path.join(self.dir, "error.log")],
                stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        finally:
            err.close()
        pid_file = os.path.join(self.dir, "nginx.pid")

        def ready():
            if self.proc.poll() is not None:
                return "exited"
            if not os.path.exists(pid_file):
                return None
            # listen() has been done once the pid file exists
            return "up" if port_accepts(self.port, 1) else None
        state = wait_until(ready, self.startup_timeout, what="nginx to listen")
        return state == "up"

    def stop(self):
        """Stop nginx (SIGTERM, bounded wait, SIGKILL) and remove the temp
        dir."""
        _stop_process(self.proc)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def url(self, path="/"):
        """``http://127.0.0.1:PORT/path``."""
        if not path.startswith("/"):
            path = "/" + path
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def error_log_text(self):
        """Contents of nginx's error log and stderr (for diagnostics)."""
        if not self.dir:
            return ""
        return (_read_text(os.path.join(self.dir, "error.log")) +
                _read_text(os.path.join(self.dir, "stderr")))

    def access_log_entries(self, wait_for=0, timeout=2.0):
        """Parsed access log: list of dicts {connection, connection_requests,
        request, status} (ints except request).  nginx writes an entry just
        after sending the response, so ``wait_for=N`` waits (bounded by
        ``timeout``) until at least N entries are present."""
        path = os.path.join(self.dir, "access.log")

        def read():
            entries = []
            try:
                with open(path, "rb") as f:
                    lines = f.read().decode("utf-8", "replace").splitlines()
            except FileNotFoundError:
                lines = []
            for line in lines:
                if not line.strip():
                    continue
                e = json.loads(line)
                entries.append({
                    "connection": int(e["connection"]),
                    "connection_requests": int(e["connection_requests"]),
                    "request": e["request"],
                    "status": int(e["status"]),
                })
            return entries
        entries = read()
        if wait_for and len(entries) < wait_for:
            deadline = time.monotonic() + timeout
            while len(entries) < wait_for and time.monotonic() < deadline:
                time.sleep(0.02)
                entries = read()
        return entries

    def distinct_connections(self, wait_for=0, timeout=2.0):
        """Number of distinct connections ($connection) in the access log
        (``wait_for``/``timeout`` as for access_log_entries)."""
        return len({e["connection"] for e in
                    self.access_log_entries(wait_for, timeout)})


# -------------------------------------------------------- raw socket client
class RawResponse:
    """A response read by RawConnection.read_response()."""

    def __init__(self, version, status, reason, headers, body=b"",
                 trailers=None, interim=None):
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers            # [(name, value)] in order
        self.body = body
        self.trailers = trailers or []
        self.interim = interim or []      # earlier 1xx RawResponses

    def header(self, name, default=None):
        """Last value of header ``name`` (case-insensitive)."""
        value = default
        for n, v in self.headers:
            if n.lower() == name.lower():
                value = v
        return value

    def __repr__(self):
        return "<RawResponse %s %s %r body=%d bytes>" % (
            self.version, self.status, self.headers, len(self.body))


class RawConnection:
    """Blocking raw TCP client for poking test servers byte-exactly.

    ``RawConnection(port, timeout=5)``; ``.send(bytes)``,
    ``.request(method, target, headers=(), body=b"")`` (sends only),
    ``.read_response(head=False)``, ``.read_until_closed(timeout)``,
    ``.close()``; usable as a context manager."""

    def __init__(self, port, host="127.0.0.1", timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout)
        self.sock.settimeout(timeout)
        self.timeout = timeout
        self.buf = bytearray()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        """Close the socket."""
        self.sock.close()

    def send(self, data):
        """Send raw bytes."""
        self.sock.sendall(data)

    def request(self, method, target, headers=(), body=b""):
        """Send one HTTP/1.1 request (Host added, Content-Length added when
        there is a body); does not read the response."""
        lines = ["%s %s HTTP/1.1" % (method, target), "Host: 127.0.0.1"]
        lines += ["%s: %s" % h for h in headers]
        if body:
            lines.append("Content-Length: %d" % len(body))
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def _fill(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise EOFError("connection closed by peer")
        self.buf += data

    def _read_until(self, sep):
        start = 0
        while True:
            i = self.buf.find(sep, start)
            if i >= 0:
                break
            start = max(0, len(self.buf) - len(sep) + 1)
            self._fill()
        data = bytes(self.buf[:i])
        del self.buf[:i + len(sep)]
        return data

    def _read_exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def read_response(self, head=False):
        """Read one response (1xx interim responses are collected into
        ``.interim``).  ``head=True`` for a response to HEAD.  Raises
        EOFError / ConnectionError / socket.timeout on failure."""
        interim = []
        while True:
            lines = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
            version, status, reason = (lines[0].split(" ", 2) + [""])[:3]
            headers = []
            for line in lines[1:]:
                n, _, v = line.partition(":")
                headers.append((n, v.strip()))
            resp = RawResponse(version, int(status), reason, headers)
            if 100 <= resp.status < 200 and resp.status != 101:
                interim.append(resp)
                continue
            break
        resp.interim = interim
        te = (resp.header("transfer-encoding") or "").lower()
        if head or resp.status in (204, 304) or resp.status < 200:
            return resp
        if "chunked" in te:
            body = b""
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0].strip(), 16)
                if size == 0:
                    break
                body += self._read_exact(size)
                self._read_exact(2)
            while True:
                line = self._read_until(b"\r\n")
                if not line:
                    break
                n, _, v = line.decode("latin-1").partition(":")
                resp.trailers.append((n, v.strip()))
            resp.body = body
        elif resp.header("content-length") is not None:
            resp.body = self._read_exact(int(resp.header("content-length")))
        else:
            resp.body, _ = self.read_until_closed(self.timeout)
        return resp

    def read_until_closed(self, timeout=5.0):
        """Read until the peer closes.  Returns (bytes, how) with how one of
        "eof", "reset" or "timeout"."""
        data, self.buf = self.buf, bytearray()
        deadline = time.monotonic() + timeout
        how = "timeout"
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.sock.settimeout(remaining)
                chunk = self.sock.recv(1 << 20)
                if not chunk:
                    how = "eof"
                    break
                data += chunk
        except socket.timeout:
            pass
        except ConnectionResetError:
            how = "reset"
        finally:
            self.sock.settimeout(self.timeout)
        return bytes(data), how


# ------------------------------------------------------------------ TLS PKI
OPENSSL_BIN = "/usr/bin/openssl"
TINYPROXY_BIN = "/usr/bin/tinyproxy"

_PKI_CACHE = {}


class TestPki:
    """Paths of the certificates made by make_test_pki() (all PEM):

    ``ca`` / ``ca_key``: the test CA (RSA 2048, CA:TRUE);
    ``localhost_cert`` / ``localhost_key``: leaf signed by ``ca`` for
    ``localhost`` only (SAN DNS:localhost, CN localhost);
    ``ip_cert`` / ``ip_key``: leaf signed by ``ca`` with only SAN
    IP:127.0.0.1 (its CN is not a host name);
    ``other_ca`` / ``other_ca_key``: a second, unrelated CA;
    ``other_cert`` / ``other_key``: leaf for localhost signed by other_ca;
    ``client_cert`` / ``client_key``: client certificate signed by ``ca``
    (extendedKeyUsage clientAuth);
    (the three server leaves share one RSA key, in three files);
    ``garbage``: a file that is not PEM at all;
    ``capath``: a directory holding only ``ca`` (with ``openssl rehash``
    links);
    ``dir``: where they all are."""

    __test__ = False

    def __init__(self, dir):
        self.dir = dir
        for name in ("ca", "other_ca", "localhost", "ip", "other", "client"):
            cert = os.path.join(dir, name + ".pem")
            key = os.path.join(dir, name + ".key")
            if name in ("ca", "other_ca"):
                setattr(self, name, cert)
                setattr(self, name + "_key", key)
            else:
                setattr(self, name + "_cert", cert)
                setattr(self, name + "_key", key)
        self.garbage = os.path.join(dir, "garbage.pem")
        self.capath = os.path.join(dir, "capath")

    def files(self):
        return [self.ca, self.ca_key, self.other_ca, self.other_ca_key,
                self.localhost_cert, self.localhost_key, self.ip_cert,
                self.ip_key, self.other_cert, self.other_key,
                self.client_cert, self.client_key, self.garbage]

    def complete(self):
        return all(os.path.isfile(p) for p in self.files()) and \
            os.path.isdir(self.capath)


def _openssl(*args, cwd=None):
    if not os.access(OPENSSL_BIN, os.X_OK):
        raise HarnessError("%s not found (apt-get install openssl)"
                           % OPENSSL_BIN)
    try:
        r = subprocess.run([OPENSSL_BIN] + [str(a) for a in args], cwd=cwd,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        raise HarnessError("openssl %r timed out" % (args,)) from None
    if r.returncode != 0:
        raise HarnessError("openssl %r failed (%d):\n%s" % (
            args, r.returncode, r.stderr.decode("utf-8", "replace")))
    return r


def _make_ca(dir, name, cn):
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
             "-days", "3650", "-subj", "/O=kurl tests/CN=%s" % cn,
             "-keyout", os.path.join(dir, name + ".key"),
             "-out", os.path.join(dir, name + ".pem"),
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-addext", "subjectKeyIdentifier=hash")


def _make_leaf(dir, name, ca, cn, extensions, reuse_key=None):
    key = os.path.join(dir, name + ".key")
    csr = os.path.join(dir, name + ".csr")
    ext = os.path.join(dir, name + ".ext")
    with open(ext, "w") as f:
        f.write("\n".join(extensions) + "\n")
    if reuse_key:       # RSA key generation is the slow part
        shutil.copy(reuse_key, key)
        _openssl("req", "-new", "-key", key, "-sha256",
                 "-subj", "/O=kurl tests/CN=%s" % cn, "-out", csr)
    else:
        _openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha256",
                 "-subj", "/O=kurl tests/CN=%s" % cn, "-keyout", key,
                 "-out", csr)
    _openssl("x509", "-req", "-in", csr, "-sha256", "-days", "825",
             "-CA", os.path.join(dir, ca + ".pem"),
             "-CAkey", os.path.join(dir, ca + ".key"),
             "-set_serial", str(int.from_bytes(os.urandom(8), "big")),
             "-extfile", ext, "-out", os.path.join(dir, name + ".pem"))
    os.unlink(csr)
    os.unlink(ext)


def make_test_pki(dir=None):
    """Make (once per process and directory) a small PKI with
    /usr/bin/openssl and return a TestPki with its paths.  ``dir=None`` uses
    a per-process temporary directory (removed at exit)."""
    if dir is None:
        key = None
    else:
        key = os.path.abspath(dir)
    pki = _PKI_CACHE.get(key)
    if pki is not None and pki.complete():
        return pki
    if dir is None:
        import atexit
        dir = tempfile.mkdtemp(prefix="kurl-pki-")
        atexit.register(shutil.rmtree, dir, True)
    os.makedirs(dir, exist_ok=True)
    server_ext = ["basicConstraints=critical,CA:FALSE",
                  "keyUsage=critical,digitalSignature,keyEncipherment",
                  "extendedKeyUsage=serverAuth"]
    _make_ca(dir, "ca", "kurl test CA")
    _make_ca(dir, "other_ca", "kurl unrelated CA")
    _make_leaf(dir, "localhost", "ca", "localhost",
               server_ext + ["subjectAltName=DNS:localhost"])
    # CN deliberately not an address: only the IP SAN can match 127.0.0.1.
    server_key = os.path.join(dir, "localhost.key")
    _make_leaf(dir, "ip", "ca", "kurl test IP leaf",
               server_ext + ["subjectAltName=IP:127.0.0.1"],
               reuse_key=server_key)
    _make_leaf(dir, "other", "other_ca", "localhost",
               server_ext + ["subjectAltName=DNS:localhost"],
               reuse_key=server_key)
    _make_leaf(dir, "client", "ca", "kurl test client",
               ["basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=clientAuth"])
    pki = TestPki(dir)
    with open(pki.garbage, "wb") as f:
        f.write(b"-----BEGIN CERTIFICATE-----\nthis is not base64 !!\n"
                b"-----END CERTIFICATE-----\n")
    os.makedirs(pki.capath, exist_ok=True)
    shutil.copy(pki.ca, os.path.join(pki.capath, "kurl-test-ca.pem"))
    try:
        _openssl("rehash", pki.capath)
    except HarnessError:
        pass            # the PEM alone is enough for a reader that scans
    _PKI_CACHE[key] = pki
    return pki


# ------------------------------------------------------------------ TlsNginx
_TLS_HTTP_CONF = """\
    log_format kurltls escape=json
        '{{"connection":"$connection","reused":"$ssl_session_reused",'
        '"protocol":"$ssl_protocol","sni":"$ssl_server_name",'
        '"client_verify":"$ssl_client_verify",'
        '"proxy_authorization":"$http_proxy_authorization",'
        '"request":"$request",'
        '"status":"$status"}}';

    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        root {d}/html;
        access_log {d}/access.log kurl;
        access_log {d}/tls.log kurltls;

        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:SSL:1m;
        ssl_session_timeout 10m;
        ssl_session_tickets on;
{client_conf}
        location /status204 {{
            return 204;
        }}
{extra_server_conf}
    }}
"""


class TlsNginx(Nginx):
    """Nginx (see there) serving HTTPS on ``.port`` with ``cert``/``key``
    (PEM paths) and plain HTTP on ``.plain_port``: same docroot, same
    access log (so access_log_entries() and distinct_connections() count
    both).  Sessions can be resumed (shared session cache and tickets).
    ``client_ca=PATH`` adds ``ssl_verify_client on`` with that CA (nginx
    then answers 400 to a client that sends no certificate).

    ``.url(path, host=None)`` is ``https://localhost:PORT/path`` (``host``
    defaults to the ``host=`` given to the constructor),
    ``.plain_url(path)`` is ``http://127.0.0.1:PLAIN_PORT/path``,
    ``.origin`` the stats hosts key of url(), ``.tls_log_entries()`` the
    HTTPS requests with nginx's TLS view of their connection: dicts
    {connection, reused (True when nginx resumed the session), protocol,
    sni ("" when none was sent), client_verify, proxy_authorization (the
    header as received, "" when absent), request, status}."""

    def __init__(self, cert, key, client_ca=None, host="localhost", **kw):
        super().__init__(**kw)
        self.cert = cert
        self.key = key
        self.client_ca = client_ca
        self.host = host
        self.plain_port = None
        self._user_http_conf = self.extra_http_conf

    def _try_start(self):
        self.plain_port = free_port()
        while self.plain_port == self.port:
            self.plain_port = free_port()
        client_conf = ""
        if self.client_ca:
            client_conf = ("        ssl_verify_client on;\n"
                           "        ssl_client_certificate %s;\n"
                           % self.client_ca)
        self.extra_http_conf = _TLS_HTTP_CONF.format(
            d=self.dir, port=self.port, cert=self.cert, key=self.key,
            client_conf=client_conf,
            extra_server_conf=self.extra_server_conf) + self._user_http_conf
        # The base config's own server becomes the plain-HTTP listener.
        tls_port = self.port
        self.port = self.plain_port
        try:
            return super()._try_start()
        finally:
            self.port = tls_port

    def url(self, path="/", host=None):
        """``https://HOST:PORT/path`` (HOST defaults to ``self.host``)."""
        if not path.startswith("/"):
            path = "/" + path
        return "https://%s:%d%s" % (host or self.host, self.port, path)

    def plain_url(self, path="/"):
        """``http://127.0.0.1:PLAIN_PORT/path``."""
        if not path.startswith("/"):
            path = "/" + path
        return "http://127.0.0.1:%d%s" % (self.plain_port, path)

    @property
    def origin(self):
        return "https://%s:%d" % (self.host, self.port)

    def tls_log_entries(self, wait_for=0, timeout=2.0):
        """HTTPS requests as nginx logged them (see the class doc);
        ``wait_for``/``timeout`` as for access_log_entries()."""
        path = os.path.join(self.dir, "tls.log")

        def read():
            try:
                with open(path, "rb") as f:
                    lines = f.read().decode("utf-8", "replace").splitlines()
            except FileNotFoundError:
                lines = []
            out = []
            for line in lines:
                if line.strip():
                    e = json.loads(line)
                    e["connection"] = int(e["connection"])
                    e["status"] = int(e["status"])
                    e["reused"] = e["reused"] == "r"
                    out.append(e)
            return out
        entries = read()
        deadline = time.monotonic() + timeout
        while wait_for and len(entries) < wait_for and \
                time.monotonic() < deadline:
            time.sleep(0.02)
            entries = read()
        return entries


# ----------------------------------------------------------------- Tinyproxy
class Tinyproxy:
    """Context manager running /usr/bin/tinyproxy (Debian tinyproxy-bin) in
    the foreground on a free 127.0.0.1 port, with a temp config, log and
    pid file.

    ``Tinyproxy(connect_ports=None, basic_auth=None, extra_conf="")``:
    ``connect_ports``: None allows CONNECT to any port, else a list of the
    only ports CONNECT may reach; ``basic_auth=("user", "pass")`` requires
    proxy credentials.  ``.port``, ``.url`` (``http://127.0.0.1:PORT``),
    ``.log_text()``, ``.log_lines(kind)`` (lines of a log level, e.g.
    "CONNECT"), ``.requests()`` (request lines it received, e.g.
    ``GET http://127.0.0.1:1/ok HTTP/1.1`` or ``CONNECT localhost:443
    HTTP/1.1``), ``.client_connections()`` (connections accepted).

    tinyproxy closes every client connection after one request."""

    def __init__(self, connect_ports=None, basic_auth=None, extra_conf="",
                 startup_timeout=STARTUP_TIMEOUT):
        self.connect_ports = connect_ports
        self.basic_auth = basic_auth
        self.extra_conf = extra_conf
        self.startup_timeout = startup_timeout
        self.proc = None
        self.port = None
        self.dir = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def _conf(self):
        lines = [
            "Port %d" % self.port,
            "Listen 127.0.0.1",
            "Allow 127.0.0.1",
            "Timeout 30",
            "MaxClients 100",
            'LogFile "%s"' % os.path.join(self.dir, "tinyproxy.log"),
            "LogLevel Info",
            'PidFile "%s"' % os.path.join(self.dir, "tinyproxy.pid"),
        ]
        for p in (self.connect_ports or ()):
            lines.append("ConnectPort %d" % int(p))
        if self.basic_auth:
            lines.append("BasicAuth %s %s" % tuple(self.basic_auth))
        if self.extra_conf:
            lines.append(self.extra_conf)
        return "\n".join(lines) + "\n"

    def start(self):
        """Write the config, start tinyproxy, wait (bounded) until it
        listens.  Retries a few times if the chosen port got taken."""
        if not os.access(TINYPROXY_BIN, os.X_OK):
            raise HarnessError("%s not found (apt-get install tinyproxy-bin)"
                               % TINYPROXY_BIN)
        self.dir = tempfile.mkdtemp(prefix="kurl-tinyproxy-")
        try:
            for _ in range(5):
                self.port = free_port()
                if self._try_start():
                    return
                text = self.log_text() + self.stderr_text()
                if "in use" not in text and "bind" not in text.lower():
                    break
            raise HarnessError("tinyproxy did not start:\n%s\n%s" % (
                self.stderr_text(), self.log_text()))
        except BaseException:
            self.stop()
            raise

    def _try_start(self):
        conf = os.path.join(self.dir, "tinyproxy.conf")
        with open(conf, "w") as f:
            f.write(self._conf())
        for name in ("tinyproxy.log", "tinyproxy.pid"):
            try:
                os.unlink(os.path.join(self.dir, name))
            except FileNotFoundError:
                pass
        err = open(os.path.join(self.dir, "stderr"), "wb")
        try:
            self.proc = subprocess.Popen(
                [TINYPROXY_BIN, "-d", "-c", conf], stdin=subprocess.DEVNULL,
                stdout=err, stderr=err)
        finally:
            err.close()

        def ready():
            if self.proc.poll() is not None:
                return "exited"
            if "Accepting connections" not in self.log_text():
                return None
            return "up" if port_accepts(self.port, 1) else None
        state = wait_until(ready, self.startup_timeout,
                           what="tinyproxy to listen")
        if state != "up":
            _stop_process(self.proc)
        return state == "up"

    def stop(self):
        """Stop tinyproxy and remove the temp dir."""
        _stop_process(self.proc)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def stderr_text(self):
        return _read_text(os.path.join(self.dir, "stderr")) if self.dir else ""

    def log_text(self):
        """The whole tinyproxy log so far."""
        if not self.dir:
            return ""
        return _read_text(os.path.join(self.dir, "tinyproxy.log"), 1 << 20)

    def log_lines(self, kind):
        """Log lines of level ``kind`` ("CONNECT", "INFO", "ERROR"...)."""
        return [l for l in self.log_text().splitlines()
                if l.split(" ", 1)[0] == kind]

    def requests(self):
        """Request lines received from clients, in order."""
        out = []
        for line in self.log_lines("CONNECT"):
            _, sep, rest = line.partition("]: Request (file descriptor ")
            if sep:
                out.append(rest.split("): ", 1)[1] if "): " in rest else rest)
        return out

    def client_connections(self):
        """Number of client connections tinyproxy accepted."""
        return sum(1 for l in self.log_lines("CONNECT")
                   if "]: Connect (file descriptor " in l)


class NodeServer:
    """Node.js's http module (Debian's nodejs) as a real peer: keep-alive timeout and
    maxRequestsPerSocket settable; .counts() gives its connection and request counts."""

    def __init__(self, keepalive_ms=5000, max_requests_per_socket=0, startup_timeout=10):
        self.keepalive_ms = keepalive_ms
        self.max_requests_per_socket = max_requests_per_socket
        self.startup_timeout = startup_timeout
        self.proc = None
        self.port = None

    def __enter__(self):
        self.tmpdir = tempfile.mkdtemp(prefix="kurl-node-")
        port_file = os.path.join(self.tmpdir, "port")
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_server.js")
        self.proc = subprocess.Popen(
            ["node", script, port_file, str(self.keepalive_ms), str(self.max_requests_per_socket)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: os.path.exists(port_file) or self.proc.poll() is not None,
                   self.startup_timeout, what="node server port file")
        if self.proc.poll() is not None:
            raise HarnessError("node server exited at start")
        with open(port_file) as f:
            self.port = int(f.read())
        return self

    def __exit__(self, *exc):
        _stop_process(self.proc)
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def counts(self):
        status, _, body = http_get(self.url("/_count"))
        return json.loads(body)


class Lighttpd:
    """lighttpd (Debian's package) serving a small docroot, with its keep-alive request
    cap and idle timeout settable; counts connections through its access log."""

    def __init__(self, max_keep_alive_requests=100, max_keep_alive_idle=5, startup_timeout=10):
        self.max_requests = max_keep_alive_requests
        self.max_idle = max_keep_alive_idle
        self.startup_timeout = startup_timeout
        self.proc = None

    def __enter__(self):
        self.tmpdir = tempfile.mkdtemp(prefix="kurl-lighttpd-")
        docroot = os.path.join(self.tmpdir, "www")
        os.makedirs(docroot)
        with open(os.path.join(docroot, "index.html"), "w") as f:
            f.write("lighttpd\n")
        last_error = None
        for _ in range(5):
            self.port = free_port()
            conf = os.path.join(self.tmpdir, "lighttpd.conf")
            with open(conf, "w") as f:
                f.write('server.document-root = "%s"\n' % docroot)
                f.write('server.bind = "127.0.0.1"\nserver.port = %d\n' % self.port)
                f.write('server.errorlog = "%s/error.log"\n' % self.tmpdir)
                f.write('server.max-keep-alive-requests = %d\n' % self.max_requests)
                f.write('server.max-keep-alive-idle = %d\n' % self.max_idle)
                f.write('server.modules = ("mod_accesslog")\n')
                f.write('accesslog.filename = "%s/access.log"\n' % self.tmpdir)
                f.write('accesslog.format = "%{remote}p %r"\n')
            self.proc = subprocess.Popen(["/usr/sbin/lighttpd", "-D", "-f", conf],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            try:
                wait_until(lambda: self._listening() or self.proc.poll() is not None,
                           self.startup_timeout, what="lighttpd listening")
            except HarnessError as e:
                last_error = e
            if self.proc.poll() is None and self._listening():
                return self
            _stop_process(self.proc)
        raise HarnessError("lighttpd did not start: %s" % last_error)

    def _listening(self):
        return port_accepts(self.port)

    def __exit__(self, *exc):
        _stop_process(self.proc)
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def url(self, path="/index.html"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def distinct_client_ports(self):
        """Client ports in the access log, one per connection kurl opened. lighttpd
        buffers its access log until it exits, so this stops the server first."""
        _stop_process(self.proc)
        path = os.path.join(self.tmpdir, "access.log")
        if not os.path.exists(path):
            return set()
        with open(path) as f:
            return {line.split()[0] for line in f if line.strip()}
