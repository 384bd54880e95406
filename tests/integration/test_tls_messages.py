"""TLS failures said in words a person can act on (issue 15): which
certificate problem it is (self-signed, unknown issuer, expired, not yet
valid, a name the certificate does not have, with the names it has), what to
do (--cacert, -k), and a server that wants a newer TLS than this build's
mbedTLS speaks. The servers are `openssl s_server` on 127.0.0.1 with
certificates made here."""

import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from kurl_itest import error_lines, kurl
from support.harness import _openssl, free_port, port_accepts, wait_until
from support.raw_server import RawServer, response

OPENSSL = shutil.which("openssl")
CT = ("--connect-timeout", "5", "-m", "10")
TRUST = "trust its CA with --cacert FILE, or skip the check with -k"
CLOCK = " (or this machine's clock is wrong); -k skips the check"

CA_CONFIG = """\
[ca]
default_ca = test
[test]
database = {d}/index
serial = {d}/serial
new_certs_dir = {d}
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
[leaf]
subjectAltName = DNS:localhost
"""


def make_ca(d, name):
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-subj", "/O=kurl tests/CN=%s" % name,
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign",
             "-keyout", os.path.join(d, "ca.key"), "-out", os.path.join(d, "ca.pem"))


def sign_leaf(d, name, start, end):
    """A localhost certificate signed by d/ca.pem, valid from `start` to
    `end` (openssl's YYYYMMDDHHMMSSZ), which `openssl x509` cannot set."""
    with open(os.path.join(d, "ca.cnf"), "w") as f:
        f.write(CA_CONFIG.format(d=d))
    open(os.path.join(d, "index"), "w").close()
    with open(os.path.join(d, "serial"), "w") as f:
        f.write("01\n")
    key, csr = os.path.join(d, name + ".key"), os.path.join(d, name + ".csr")
    _openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
             "-keyout", key, "-out", csr)
    _openssl("ca", "-batch", "-config", os.path.join(d, "ca.cnf"),
             "-cert", os.path.join(d, "ca.pem"), "-keyfile", os.path.join(d, "ca.key"),
             "-in", csr, "-out", os.path.join(d, name + ".pem"),
             "-startdate", start, "-enddate", end, "-extensions", "leaf")
    return os.path.join(d, name + ".pem"), key


class SServer:
    """`openssl s_server -www` on 127.0.0.1 with `cert`/`key` and extra
    options; waits (bounded) until it accepts connections."""

    def __init__(self, cert, key, *options):
        self.port = free_port()
        self.process = subprocess.Popen(
            [OPENSSL, "s_server", "-accept", "127.0.0.1:%d" % self.port, "-cert", cert,
             "-key", key, "-www", "-quiet", *options],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: port_accepts(self.port), 10,
                   what="openssl s_server on port %d" % self.port)

    def url(self, host="localhost"):
        return "https://%s:%d/" % (host, self.port)

    def stop(self):
        self.process.kill()
        self.process.wait(10)


@unittest.skipUnless(OPENSSL, "needs openssl")
class CertificateProblems(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="kurl-tls-words-")
        d = cls.dir
        cls.self_signed = os.path.join(d, "self.pem")
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                 "-subj", "/CN=localhost",
                 "-addext", "subjectAltName=DNS:localhost,DNS:www.example.test",
                 "-keyout", os.path.join(d, "self.key"), "-out", cls.self_signed)
        make_ca(d, "kurl words CA")
        cls.ca = os.path.join(d, "ca.pem")
        expired = sign_leaf(d, "expired", "20200101000000Z", "20210101000000Z")
        future = sign_leaf(d, "future", "20990101000000Z", "20991231000000Z")
        cls.servers = {
            "self": SServer(cls.self_signed, os.path.join(d, "self.key")),
            "expired": SServer(*expired),
            "future": SServer(*future),
            "chain": SServer(*expired, "-cert_chain", cls.ca),
            "tls13": SServer(cls.self_signed, os.path.join(d, "self.key"), "-tls1_3"),
        }

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers.values():
            server.stop()
        shutil.rmtree(cls.dir, True)

    def message(self, code, *args):
        r = kurl(*CT, *args)
        self.assertEqual(r.returncode, code, r.stderr)
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, lines)
        return lines[0]

    def test_self_signed_names_itself_and_the_two_ways_out(self):
        url = self.servers["self"].url()
        self.assertEqual(self.message(60, url),
                         "kurl: (60) SSL certificate problem with localhost: self-signed "
                         "certificate (CN = localhost); trust it with --cacert FILE, or skip "
                         "the check with -k (%s)" % url)

    def test_wrong_name_lists_the_names_the_certificate_has(self):
        url = self.servers["self"].url("127.0.0.1")
        self.assertEqual(self.message(60, "--cacert", self.self_signed, url),
                         "kurl: (60) SSL certificate problem with 127.0.0.1: the certificate "
                         "is for localhost, www.example.test, not 127.0.0.1; use a name it "
                         "has, or skip the check with -k (%s)" % url)
        port = self.servers["self"].port
        url = "https://wrong.test:%d/" % port
        self.assertIn("the certificate is for localhost, www.example.test, not wrong.test",
                      self.message(60, "--cacert", self.self_signed,
                                   "--resolve", "wrong.test:%d:127.0.0.1" % port, url))

    def test_expired_says_when(self):
        url = self.servers["expired"].url()
        self.assertEqual(self.message(60, "--cacert", self.ca, url),
                         "kurl: (60) SSL certificate problem with localhost: the certificate "
                         "expired on 2021-01-01 00:00 UTC%s (%s)" % (CLOCK, url))

    def test_not_yet_valid_says_from_when(self):
        url = self.servers["future"].url()
        self.assertEqual(self.message(60, "--cacert", self.ca, url),
                         "kurl: (60) SSL certificate problem with localhost: the certificate "
                         "is not valid until 2099-01-01 00:00 UTC%s (%s)" % (CLOCK, url))

    def test_unknown_issuer_is_named(self):
        line = self.message(60, self.servers["expired"].url())
        self.assertIn("the certificate expired on 2021-01-01 00:00 UTC", line)
        self.assertIn("issued by O = kurl tests, CN = kurl words CA, not a trusted CA; " + TRUST,
                      line)

    def test_untrusted_ca_at_the_top_of_the_chain(self):
        line = self.message(60, self.servers["chain"].url())
        self.assertIn("the chain ends at a CA that is not trusted (O = kurl tests, "
                      "CN = kurl words CA); " + TRUST, line)
        # The server's own problem comes first.
        self.assertTrue(line.startswith("kurl: (60) SSL certificate problem with localhost: "
                                        "the certificate expired"), line)

    def test_insecure_still_gets_the_page(self):
        r = kurl(*CT, "-k", "-s", "-o", os.devnull, "-w", "%{http_code}",
                 self.servers["expired"].url())
        self.assertEqual((r.returncode, r.stdout), (0, b"200"))

    def test_server_that_wants_tls13_is_said_to(self):
        url = self.servers["tls13"].url()
        self.assertEqual(self.message(35, "-k", url),
                         "kurl: (35) TLS handshake with localhost failed: the server refuses "
                         "TLS 1.2, the newest version this build's mbedTLS 2.28 speaks (it "
                         "likely requires TLS 1.3) (%s)" % url)


def write_fifo_later(path, data, delay):
    """Holds the FIFO `path` open for writing at once (so a reader waits for
    its bytes instead of seeing an end of file) and writes `data` into it
    `delay` seconds later."""
    fd = os.open(path, os.O_RDWR)  # Linux opens a FIFO read-write without a peer

    def run():
        time.sleep(delay)
        os.write(fd, data)
        os.close(fd)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@unittest.skipUnless(OPENSSL, "needs openssl")
class TlsSetUpOffTheLoop(unittest.TestCase):
    """The CA bundle is read and parsed on libuv's thread pool: an https
    request waiting for a slow --cacert (a FIFO written 2 s late) holds up
    no plain-http request of the same run."""

    def test_a_slow_ca_file_holds_up_no_plain_http_request(self):
        d = tempfile.mkdtemp(prefix="kurl-tls-pool-")
        self.addCleanup(shutil.rmtree, d, True)
        cert, key = os.path.join(d, "self.pem"), os.path.join(d, "self.key")
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                 "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                 "-keyout", key, "-out", cert)
        tls = SServer(cert, key)
        self.addCleanup(tls.stop)
        fifo = os.path.join(d, "ca.fifo")
        os.mkfifo(fifo)
        arrived = []

        def reply(request):
            arrived.append(time.monotonic())
            return response(200, b"plain")
        with open(cert, "rb") as f:
            pem = f.read()
        with RawServer(reply) as plain:
            writer = write_fifo_later(fifo, pem, 2.0)
            started = time.monotonic()
            r = kurl(*CT, "-P", "2", "-s", "-o", os.devnull, "-o", os.devnull,
                     "-w", "%{http_code} ", "--cacert", fifo, tls.url(), plain.url("/"))
            writer.join(20)
        self.assertEqual((r.returncode, r.stdout), (0, b"200 200 "), r.stderr)
        self.assertEqual(len(arrived), 1)
        self.assertLess(arrived[0] - started, 1.5)  # the CA came at 2 s


if __name__ == "__main__":
    unittest.main()
