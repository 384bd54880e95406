"""Where connections go: --resolve, --connect-to, --unix-socket,
--abstract-unix-socket, -4 and -6, each held against the real curl on the
same command (same body, same exit code) and against what the server saw
(which server got the request, with which Host header, on how many
connections)."""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import unittest

from support.harness import Nginx, TlsNginx, Tinyproxy, make_test_pki
from support.raw_server import RawServer, response
from kurl_itest import kurl, error_lines

CURL = shutil.which("curl")
NAME = "kurl-connect.invalid"   # never resolvable: only the flags can route it


def curl(*args, timeout=30):
    return subprocess.run([CURL] + [str(a) for a in args], capture_output=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def echo_host(request):
    """Replies with the Host header it got, so the body shows it."""
    return response(body=("host=%s" % request.header("Host")).encode())


@unittest.skipUnless(CURL, "curl not installed")
class ResolveTest(unittest.TestCase):

    def same_as_curl(self, *args):
        """Runs kurl and curl with the same arguments; both must agree on
        the exit code and the body.  Returns kurl's result."""
        mine, theirs = kurl("-sS", *args), curl("-sS", *args)
        self.assertEqual(mine.returncode, theirs.returncode,
                         (args, mine.stderr, theirs.stderr))
        self.assertEqual(mine.stdout, theirs.stdout, args)
        return mine

    def test_resolve_sends_the_name_to_the_address_with_the_url_host(self):
        with RawServer(echo_host) as srv:
            url = "http://%s:%d/r" % (NAME, srv.port)
            r = self.same_as_curl("--resolve", "%s:%d:127.0.0.1" % (NAME, srv.port), url)
            self.assertEqual(r.stdout, ("host=%s:%d" % (NAME, srv.port)).encode())
            self.assertEqual(len(srv.requests), 2)   # one from each tool

    def test_resolve_tries_the_addresses_in_order(self):
        # Nothing listens on [::1]:PORT: the connection falls through to 127.0.0.1.
        with RawServer(echo_host) as srv:
            entry = "%s:%d:[::1],127.0.0.1" % (NAME, srv.port)
            r = self.same_as_curl("--resolve", entry, "http://%s:%d/" % (NAME, srv.port))
            self.assertEqual(r.returncode, 0)

    def test_resolve_wildcard_and_plus(self):
        with RawServer(echo_host) as srv:
            self.same_as_curl("--resolve", "*:%d:127.0.0.1" % srv.port,
                              "http://%s:%d/" % (NAME, srv.port))
            self.same_as_curl("--resolve", "+%s:%d:127.0.0.1" % (NAME, srv.port),
                              "http://%s:%d/" % (NAME, srv.port))
            self.assertEqual(len(srv.requests), 4)

    def test_resolve_for_another_port_does_not_apply(self):
        with RawServer(echo_host) as srv:
            r = self.same_as_curl("--resolve", "%s:%d:127.0.0.1" % (NAME, srv.port + 1),
                                  "http://%s:%d/" % (NAME, srv.port))
            self.assertEqual(r.returncode, 6)
            self.assertEqual(srv.requests, [])

    def test_ipv4_and_ipv6_filter_the_resolved_addresses(self):
        with RawServer(echo_host) as srv:
            url = "http://%s:%d/" % (NAME, srv.port)
            entry = "%s:%d:::1,127.0.0.1" % (NAME, srv.port)
            self.assertEqual(self.same_as_curl("-4", "--resolve", entry, url).returncode, 0)
            only_v4 = "%s:%d:127.0.0.1" % (NAME, srv.port)
            r = self.same_as_curl("-6", "--resolve", only_v4, url)
            self.assertEqual(r.returncode, 6)
            self.assertEqual(len(srv.requests), 2)

    def test_malformed_entries_exit_49_before_any_request(self):
        with RawServer(echo_host) as srv:
            url = srv.url("/")
            for entry in ("%s:%d" % (NAME, srv.port), "%s:%d:" % (NAME, srv.port),
                          "%s:http:127.0.0.1" % NAME, "%s:99999:127.0.0.1" % NAME,
                          "%s:80:not-an-address" % NAME, "%s:80:127.0.0.1,bad" % NAME):
                mine = kurl("--resolve", entry, url)
                theirs = curl("-sS", "--resolve", entry, url)
                self.assertEqual((mine.returncode, theirs.returncode), (49, 49), entry)
                self.assertEqual(error_lines(mine),
                                 ["kurl: (49) Couldn't parse CURLOPT_RESOLVE entry '%s'" % entry])
            for entry in ("a:1:127.0.0.1:x", "a:1:127.0.0.1:2:3", "a:1:b:99999"):
                # curl checks a --connect-to entry only when it matches the URL; kurl
                # checks every entry before the run.
                mine = kurl("--connect-to", entry, url)
                self.assertEqual(mine.returncode, 49, entry)
                self.assertIn("No valid port number", mine.stderr.decode())
                matching = entry.replace("a:1:", "127.0.0.1:%d:" % srv.port)
                self.assertEqual(curl("-sS", "--connect-to", matching, url).returncode, 49)
            for entry in ("a", "a:1", "[::1"):
                self.assertEqual(kurl("--connect-to", entry, url).returncode, 49, entry)
            self.assertEqual(srv.requests, [])


@unittest.skipUnless(CURL, "curl not installed")
class ConnectToTest(unittest.TestCase):

    def test_connect_to_goes_to_the_target_with_the_url_host(self):
        with RawServer(echo_host) as srv:
            for entry, url in (
                    ("%s:80:127.0.0.1:%d" % (NAME, srv.port), "http://%s/a" % NAME),
                    ("::127.0.0.1:%d" % srv.port, "http://%s:81/b" % NAME),
                    ("%s::127.0.0.1:%d" % (NAME, srv.port), "http://%s:82/c" % NAME),
                    ("%s:83:[127.0.0.1]:%d" % (NAME, srv.port), "http://%s:83/d" % NAME)):
                mine = kurl("-sS", "--connect-to", entry, url)
                theirs = curl("-sS", "--connect-to", entry, url)
                self.assertEqual((mine.returncode, mine.stdout),
                                 (theirs.returncode, theirs.stdout), entry)
                self.assertTrue(mine.stdout.startswith(b"host=" + NAME.encode()), mine.stdout)
            self.assertEqual(len(srv.requests), 8)

    def test_connect_to_then_resolve_for_the_new_host(self):
        with RawServer(echo_host) as srv:
            args = ("--connect-to", "%s:80:target.invalid:%d" % (NAME, srv.port),
                    "--resolve", "target.invalid:%d:127.0.0.1" % srv.port, "http://%s/" % NAME)
            mine, theirs = kurl("-sS", *args), curl("-sS", *args)
            self.assertEqual((mine.returncode, mine.stdout), (theirs.returncode, theirs.stdout))
            self.assertEqual(mine.stdout, ("host=%s" % NAME).encode())

    def test_each_target_gets_its_own_requests_and_connections(self):
        # One run, two URL hosts sent to two servers: each server sees only its own
        # host, on one reused connection.
        with RawServer(echo_host) as a, RawServer(echo_host) as b:
            r = kurl("-sS", "--connect-to", "one.invalid:80:127.0.0.1:%d" % a.port,
                     "--connect-to", "two.invalid:80:127.0.0.1:%d" % b.port,
                     "http://one.invalid/1", "http://two.invalid/2",
                     "http://one.invalid/3", "http://two.invalid/4")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual([q.target for q in a.requests], ["/1", "/3"])
            self.assertEqual([q.target for q in b.requests], ["/2", "/4"])
            self.assertEqual((a.connections, b.connections), (1, 1))

    def test_two_hosts_sent_to_one_target_never_share_a_connection(self):
        # Within one run the flags are the same for every request, so one URL host
        # always goes to one target; what can differ is the URL host behind one
        # target: those connections are not shared (nor are they in curl).
        with RawServer(echo_host) as srv:
            args = ("--connect-to", "::127.0.0.1:%d" % srv.port,
                    "http://one.invalid/", "http://two.invalid/", "http://one.invalid/")
            r = kurl("-sS", *args)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b"host=one.invalidhost=two.invalidhost=one.invalid")
            self.assertEqual(srv.connections, 2)
            by_connection = {}
            for q in srv.requests:
                by_connection.setdefault(q.connection, set()).add(q.header("Host"))
            self.assertEqual(sorted(map(sorted, by_connection.values())),
                             [["one.invalid"], ["two.invalid"]])
            before = srv.connections
            theirs = curl("-sS", *args)
            self.assertEqual(theirs.stdout, r.stdout)
            self.assertEqual(srv.connections - before, 2)


@unittest.skipUnless(CURL, "curl not installed")
class TlsTargetTest(unittest.TestCase):
    """The TLS server name and the certificate check stay the URL's host."""

    @classmethod
    def setUpClass(cls):
        cls.pki = make_test_pki()
        cls.web = TlsNginx(cls.pki.localhost_cert, cls.pki.localhost_key)
        cls.web.start()

    @classmethod
    def tearDownClass(cls):
        cls.web.stop()

    def test_connect_to_keeps_sni_and_verification_of_the_url_host(self):
        args = ("--cacert", self.pki.ca, "--connect-to",
                "localhost:443:127.0.0.1:%d" % self.web.port, "https://localhost/index.html")
        mine, theirs = kurl("-sS", *args), curl("-sS", *args)
        self.assertEqual((mine.returncode, mine.stdout), (theirs.returncode, theirs.stdout))
        self.assertEqual(mine.stdout, TlsNginx.INDEX_HTML)
        self.assertEqual([e["sni"] for e in self.web.tls_log_entries(wait_for=2)],
                         ["localhost", "localhost"])

    def test_resolve_to_a_server_whose_certificate_names_another_host_fails_60(self):
        # The certificate is for localhost: a URL naming another host fails its check,
        # wherever --resolve sends the connection.
        args = ("--cacert", self.pki.ca, "--resolve",
                "%s:%d:127.0.0.1" % (NAME, self.web.port), "https://%s:%d/" % (NAME, self.web.port))
        mine, theirs = kurl("-sS", *args), curl("-sS", *args)
        self.assertEqual((mine.returncode, theirs.returncode), (60, 60))

    def test_connect_to_through_a_proxy_tunnels_to_the_target(self):
        with Tinyproxy() as proxy:
            args = ("--cacert", self.pki.ca, "-x", proxy.url, "--connect-to",
                    "localhost:443:127.0.0.1:%d" % self.web.port, "https://localhost/index.html")
            mine, theirs = kurl("-sS", *args), curl("-sS", *args)
            self.assertEqual((mine.returncode, mine.stdout), (theirs.returncode, theirs.stdout))
            self.assertEqual(mine.stdout, TlsNginx.INDEX_HTML)
            self.assertEqual(proxy.requests(),
                             ["CONNECT 127.0.0.1:%d HTTP/1.1" % self.web.port] * 2)


class UnixServer:
    """A tiny HTTP server on a unix socket (a path or an abstract name) that
    answers every request with its Host header and counts connections."""

    def __init__(self, path=None, abstract=None):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path if path else "\0" + abstract)
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.hosts = []
        self.connections = 0
        self.stopping = False
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping = True
        self.thread.join(5)
        self.sock.close()

    def _loop(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            self.connections += 1
            self._serve(conn)

    def _serve(self, conn):
        conn.settimeout(5)
        buffer = b""
        try:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                host = [l.split(b":", 1)[1].strip() for l in head.split(b"\r\n")
                        if l.lower().startswith(b"host:")][0]
                self.hosts.append(host)
                conn.sendall(response(body=b"unix host=" + host))
        except OSError:
            return
        finally:
            conn.close()


@unittest.skipUnless(CURL, "curl not installed")
class UnixSocketTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kurl-unix-")
        self.path = os.path.join(self.dir, "http.sock")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_unix_socket_like_curl_and_reused(self):
        with UnixServer(path=self.path) as srv:
            # A proxy in the environment is ignored, as curl ignores it here.
            env = {"http_proxy": "http://127.0.0.1:1"}
            r = kurl("-sS", "--unix-socket", self.path, "http://localhost/a",
                     "http://localhost/b", env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b"unix host=localhost" * 2)
            self.assertEqual(srv.connections, 1)
            theirs = subprocess.run([CURL, "-sS", "--unix-socket", self.path,
                                     "http://localhost/a"], capture_output=True,
                                    timeout=30, env=dict(os.environ, **env))
            self.assertEqual((theirs.returncode, theirs.stdout), (0, b"unix host=localhost"))

    def test_abstract_unix_socket(self):
        name = "kurl-test-%d" % os.getpid()
        with UnixServer(abstract=name) as srv:
            r = kurl("-sS", "--abstract-unix-socket", name, "http://example.invalid:8080/")
            theirs = curl("-sS", "--abstract-unix-socket", name, "http://example.invalid:8080/")
            self.assertEqual((r.returncode, r.stdout), (theirs.returncode, theirs.stdout))
            self.assertEqual(r.stdout, b"unix host=example.invalid:8080")
            self.assertEqual(srv.connections, 2)

    def test_nginx_on_a_unix_socket_same_bytes_as_curl_on_one_connection(self):
        with Nginx(extra_server_conf="listen unix:%s;" % self.path) as web:
            args = ("--unix-socket", self.path, "-w", "%{remote_ip} %{remote_port}\n",
                    "http://localhost/100k.bin", "http://localhost/1k.bin")
            mine, theirs = kurl("-sS", *args), curl("-sS", *args)
            self.assertEqual((mine.returncode, mine.stdout), (theirs.returncode, theirs.stdout))
            tail = ("%s 80\n" % self.path).encode()
            self.assertEqual(mine.stdout, Nginx.file_content("100k.bin") + tail +
                             Nginx.file_content("1k.bin") + tail)
            self.assertEqual(web.distinct_connections(wait_for=4), 2)   # one each: kurl reused its own

    def test_missing_socket_exits_7_as_curl(self):
        missing = os.path.join(self.dir, "none.sock")
        r = kurl("-sS", "--unix-socket", missing, "http://localhost/")
        self.assertEqual(r.returncode, curl("-sS", "--unix-socket", missing,
                                            "http://localhost/").returncode)
        self.assertEqual(r.returncode, 7)
        self.assertIn(missing, error_lines(r)[0])


if __name__ == "__main__":
    unittest.main()
