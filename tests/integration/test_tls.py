"""HTTPS (issue 4): verification, resumption across the pool, client
certificates and TLS failures, against nginx with certificates made at test
time (support.harness.make_test_pki / TlsNginx).

Not tested here: that the pool key includes the TLS settings (a connection
is never reused for a request with other verification settings, CA or
client certificate).  All requests of one kurl run share one set of TLS
flags, so no command line can make two requests to one origin with
different TLS settings; that rule needs a unit test of the pool key.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import socket
import time
import unittest

from support.harness import (TlsNginx, find_kurl, make_test_pki,
                             _openssl)
from kurl_itest import KurlTestCase, kurl, stats_of, error_lines, host_row

PAGE = b"<html><body>hello from nginx</body></html>\n"
# Every run that could wait for a TLS answer is bounded by this.
CT = ("--connect-timeout", "5")


class TlsTestCase(KurlTestCase):
    """Base: ``self.pki`` and ``self.web`` (TlsNginx with the localhost-only
    certificate), started once for the class."""

    nginx_kwargs = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pki = make_test_pki()
        cls.web = TlsNginx(cls.pki.localhost_cert, cls.pki.localhost_key,
                           **cls.nginx_kwargs)
        try:
            cls.web.start()
        except BaseException:
            cls.srv.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.web.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.mark = len(self.web.tls_log_entries())

    def new_tls_entries(self, wait_for=0):
        """nginx's TLS log entries written since setUp()."""
        return self.web.tls_log_entries(self.mark + wait_for)[self.mark:]

    def assertNoRequestReached(self):
        time.sleep(0.05)
        self.assertEqual(self.web.tls_log_entries()[self.mark:], [],
                         "a request reached nginx")

    def assertErrorMentions(self, r, *words):
        text = r.stderr.decode("utf-8", "replace")
        lines = error_lines(r)
        self.assertTrue(lines, "no 'kurl: (N) ...' line on stderr:\n" + text)
        for w in words:
            self.assertIn(w, lines[0], "error line lacks %r" % w)


# ------------------------------------------------------------------ reuse
class HttpsReuse(TlsTestCase):

    def test_three_urls_one_connection_one_handshake(self):
        u = self.web.url("/index.html")
        r = kurl("--cacert", self.pki.ca, "--stats=json", u, u, u, *CT)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, PAGE * 3)
        st = stats_of(r)
        self.assertStatsShape(st)
        self.assertReuse(st, requests=3, opened=1, reused=2)
        self.assertEqual(st["tls"], {"handshakes": 1, "resumed": 0})
        self.assertEqual(st["hosts"], {self.web.origin: host_row(3, 1, 2)})
        entries = self.new_tls_entries(3)
        self.assertEqual(len(entries), 3, entries)
        self.assertEqual(len({e["connection"] for e in entries}), 1, entries)
        self.assertEqual({e["protocol"] for e in entries}, {"TLSv1.2"})
        self.assertEqual({e["status"] for e in entries}, {200})
        self.assertEqual({e["sni"] for e in entries}, {"localhost"})

    def test_parallel_batch_one_full_handshake(self):
        batch = self.path("batch.txt")
        with open(batch, "w") as f:
            f.write("# forty requests to one https origin\n")
            for i in range(40):
                f.write(self.web.url("/index.html?n=%d" % i) + "\n")
        r = kurl("--cacert", self.pki.ca, "--stats=json", "-P", "8",
                 "--batch", batch, *CT)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, PAGE * 40)
        st = stats_of(r)
        opened = st["connections_opened"]
        self.assertEqual(st["requests"], 40)
        self.assertGreater(opened, 1, "-P 8 should open several connections")
        self.assertLessEqual(opened, 8, "--max-per-host defaults to -P")
        self.assertEqual(st["tls"]["handshakes"], opened, st["tls"])
        self.assertEqual(st["tls"]["resumed"], opened - 1, st["tls"])
        # nginx's view: as many connections, only the first one a full
        # handshake.
        entries = self.new_tls_entries(40)
        self.assertEqual(len(entries), 40)
        first_use = {}
        for e in entries:
            first_use.setdefault(e["connection"], e["reused"])
        self.assertEqual(len(first_use), opened)
        self.assertEqual(sorted(first_use.values()),
                         [False] + [True] * (opened - 1), first_use)

    def test_new_connections_to_an_origin_resume_its_session(self):
        # --keepalive=0: every request a new connection, each offered the
        # session of the first full handshake.
        u = self.web.url("/index.html")
        r = kurl("--cacert", self.pki.ca, "--stats=json", "--keepalive=0",
                 u, u, u, u, *CT)
        self.assertExit(r, 0)
        st = stats_of(r)
        self.assertReuse(st, requests=4, opened=4, reused=0)
        self.assertEqual(st["tls"], {"handshakes": 4, "resumed": 3})
        entries = self.new_tls_entries(4)
        self.assertEqual([e["reused"] for e in entries],
                         [False, True, True, True], entries)

    def test_write_out_appconnect_and_reuse(self):
        u = self.web.url("/index.html")
        r = kurl("--cacert", self.pki.ca, "-o", "/dev/null", "-o",
                 "/dev/null", "-w",
                 "%{time_connect} %{time_appconnect} %{num_connects} "
                 "%{reused}\\n", u, u, *CT)
        self.assertExit(r, 0)
        lines = r.stdout.decode().split("\n")
        self.assertEqual(len(lines), 3, r.stdout)
        c1, a1, n1, r1 = lines[0].split()
        self.assertGreater(float(a1), 0.0, lines[0])
        self.assertGreaterEqual(float(a1), float(c1), lines[0])
        self.assertEqual((n1, r1), ("1", "0"), lines[0])
        _, _, n2, r2 = lines[1].split()
        self.assertEqual((n2, r2), ("0", "1"), lines[1])

    def test_verbose_connected_and_reusing(self):
        u = self.web.url("/index.html")
        r = kurl("--cacert", self.pki.ca, "-v", u, u, *CT)
        self.assertExit(r, 0)
        err = r.stderr.decode("utf-8", "replace")
        self.assertIn("* Connected to localhost (127.0.0.1) port %d (#0)"
                      % self.web.port, err)
        self.assertIn("* Re-using existing connection #0 with host localhost",
                      err)
        self.assertIn("* Connection #0 to host localhost left intact", err)
        self.assertEqual(err.count("* Connected to "), 1, err)

    def test_no_sni_for_an_ip_address(self):
        # RFC 6066 section 3: "Literal IPv4 and IPv6 addresses are not
        # permitted in HostName"; curl sends no SNI for an IP literal.
        r = kurl("-k", self.web.url("/index.html", host="127.0.0.1"), *CT)
        self.assertExit(r, 0)
        self.assertEqual([e["sni"] for e in self.new_tls_entries(1)], [""],
                         "kurl sent the IP address as SNI server name")


class HttpsResumeAfterServerClose(TlsTestCase):
    nginx_kwargs = {"keepalive_requests": 2}

    def test_reconnect_after_server_close_resumes(self):
        u = self.web.url("/index.html")
        r = kurl("--cacert", self.pki.ca, "--stats=json", u, u, u, u, u, *CT)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, PAGE * 5)
        st = stats_of(r)
        self.assertReuse(st, requests=5, opened=3, reused=2)
        self.assertEqual(st["tls"], {"handshakes": 3, "resumed": 2})
        self.assertEqual(st["connections_closed"]["server_close"], 2)


# ----------------------------------------------------------- verification
class Verification(TlsTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ipweb = TlsNginx(cls.pki.ip_cert, cls.pki.ip_key,
                             host="127.0.0.1")
        try:
            cls.ipweb.start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "ipweb", None):
            cls.ipweb.stop()
        super().tearDownClass()

    def test_untrusted_by_default_bundle_60(self):
        u = self.web.url("/index.html")
        r = kurl(u, *CT)
        self.assertExit(r, 60)
        self.assertEqual(r.stdout, b"")
        self.assertErrorMentions(r, "(60)", "localhost", u)
        self.assertNoRequestReached()

    def test_untrusted_other_ca_60(self):
        r = kurl("--cacert", self.pki.other_ca, "--stats=json",
                 self.web.url("/index.html"), *CT)
        self.assertExit(r, 60)
        self.assertErrorMentions(r, "(60)", "localhost")
        st = stats_of(r)
        self.assertEqual((st["requests"], st["failed"]), (1, 1))
        self.assertNoRequestReached()

    def test_ip_url_against_localhost_only_cert_60(self):
        u = self.web.url("/index.html", host="127.0.0.1")
        r = kurl("--cacert", self.pki.ca, u, *CT)
        self.assertExit(r, 60)
        self.assertErrorMentions(r, "(60)", "127.0.0.1")
        self.assertNoRequestReached()

    def test_ip_url_against_ip_san_cert_ok(self):
        r = kurl("--cacert", self.pki.ca, self.ipweb.url("/index.html"), *CT)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, PAGE)

    def test_name_against_ip_only_cert_60(self):
        r = kurl("--cacert", self.pki.ca,
                 self.ipweb.url("/index.html", host="localhost"), *CT)
        self.assertExit(r, 60)
        self.assertErrorMentions(r, "(60)", "localhost")

    def test_insecure_accepts_untrusted_and_wrong_name(self):
        for args in (("--insecure", self.web.url("/index.html")),
                     (self.web.url("/index.html", host="127.0.0.1"),),
                     ("--cacert", self.pki.other_ca,
                      self.ipweb.url("/index.html", host="localhost"))):
            with self.subTest(args=args):
                r = kurl("-k", *args, *CT)
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, PAGE)

    def test_capath_with_the_ca_ok(self):
        r = kurl("--capath", self.pki.capath, self.web.url("/index.html"),
                 *CT)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, PAGE)

    def test_capath_with_other_ca_60(self):
        d = self.path("capath-other")
        os.mkdir(d)
        shutil.copy(self.pki.other_ca, os.path.join(d, "other.pem"))
        r = kurl("--capath", d, self.web.url("/index.html"), *CT)
        self.assertExit(r, 60)


class CaFileErrors(TlsTestCase):

    def test_cacert_missing_77(self):
        missing = self.path("no-such-ca.pem")
        r = kurl("--cacert", missing, self.web.url("/index.html"), *CT)
        self.assertExit(r, 77)
        self.assertErrorMentions(r, "(77)", missing)
        self.assertNoRequestReached()

    def test_cacert_garbage_77(self):
        r = kurl("--cacert", self.pki.garbage, self.web.url("/index.html"),
                 *CT)
        self.assertExit(r, 77)
        self.assertErrorMentions(r, "(77)", self.pki.garbage)

    def test_cacert_directory_77(self):
        # mbedtls_pk_load_file() on a directory asks for a 2^63-byte buffer:
        # kurl must refuse a non-file --cacert itself.
        r = kurl("--cacert", self.tmp, self.web.url("/index.html"), *CT)
        self.assertExit(r, 77)
        self.assertErrorMentions(r, "(77)", self.tmp)

    def test_capath_missing_77(self):
        r = kurl("--capath", self.path("no-such-dir"),
                 self.web.url("/index.html"), *CT)
        self.assertExit(r, 77)

    def test_cacert_from_a_pipe(self):
        # What `kurl --cacert <(cat ca.pem) URL` does (curl accepts it).
        rfd, wfd = os.pipe()
        with open(self.pki.ca, "rb") as f:
            os.write(wfd, f.read())          # < 64 KiB: fits in the pipe
        os.close(wfd)
        try:
            proc = subprocess.run(
                [find_kurl(), "--cacert", "/dev/fd/%d" % rfd,
                 self.web.url("/index.html"), *CT],
                pass_fds=(rfd,), stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        finally:
            os.close(rfd)
        self.assertExit(proc, 0, "--cacert /dev/fd/N (a pipe)")
        self.assertEqual(proc.stdout, PAGE)

    def test_cacert_fifo_without_writer_does_not_hang(self):
        # Opening a FIFO nobody writes to blocks; kurl must either refuse
        # it or still stop on SIGINT (Ctrl-C) like it does during a run.
        fifo = self.path("ca.fifo")
        os.mkfifo(fifo)
        proc = subprocess.Popen(
            [find_kurl(), "-s", "-S", "--cacert", fifo,
             self.web.url("/index.html"), *CT],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        hung = False
        try:
            if not self._wait(proc, 0.3):
                proc.send_signal(signal.SIGINT)
                hung = not self._wait(proc, 2)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        self.assertFalse(hung, "kurl --cacert FIFO ignored SIGINT: still "
                         "blocked opening the CA file 2 s later")
        self.assertNotEqual(proc.returncode, 0)

    @staticmethod
    def _wait(proc, timeout):
        try:
            proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False


class HandshakeFailure(TlsTestCase):

    def test_plain_http_server_35(self):
        u = "https://127.0.0.1:%d/index.html" % self.web.plain_port
        t0 = time.monotonic()
        r = kurl("-k", "--stats=json", u, *CT)
        elapsed = time.monotonic() - t0
        self.assertExit(r, 35)
        self.assertLess(elapsed, 4.0, "a plain-HTTP peer should fail fast")
        self.assertErrorMentions(r, "(35)", "127.0.0.1", u)
        st = stats_of(r)
        self.assertEqual((st["requests"], st["failed"]), (1, 1))

    def test_silent_server_bounded_by_connect_timeout(self):
        with socket.socket() as lsock:
            lsock.bind(("127.0.0.1", 0))
            lsock.listen(4)
            port = lsock.getsockname()[1]
            t0 = time.monotonic()
            r = kurl("-k", "--connect-timeout", "1",
                     "https://127.0.0.1:%d/" % port)
            elapsed = time.monotonic() - t0
        self.assertExit(r, 28)
        self.assertLess(elapsed, 4.0)


# ------------------------------------------------------ client certificates
class ClientCertificates(TlsTestCase):
    nginx_kwargs = {}

    @classmethod
    def setUpClass(cls):
        cls.nginx_kwargs = {"client_ca": make_test_pki().ca}
        super().setUpClass()
        cls.enc_key = os.path.join(tempfile.mkdtemp(prefix="kurl-enckey-"),
                                   "client-enc.key")
        # Traditional PEM encryption (DEK-Info AES-128-CBC): mbedTLS 2.28
        # reads it (its PKCS#8 support lacks OpenSSL 3's default PBES2).
        _openssl("rsa", "-in", cls.pki.client_key, "-traditional", "-aes128",
                 "-passout", "pass:sekrit", "-out", cls.enc_key)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(os.path.dirname(cls.enc_key), True)
        super().tearDownClass()

    def get(self, *args):
        return kurl("--cacert", self.pki.ca, "-w", "\\n%{http_code}", *args,
                    self.web.url("/index.html"), *CT)

    def code(self, r):
        return r.stdout.rsplit(b"\n", 1)[-1].decode()

    def test_required_and_missing_fails(self):
        r = self.get("-f")
        self.assertNotEqual(r.returncode, 0)
        self.assertNotEqual(self.code(r), "200")

    def test_cert_and_key_ok(self):
        r = self.get("-E", self.pki.client_cert, "--key", self.pki.client_key)
        self.assertExit(r, 0)
        self.assertEqual(self.code(r), "200")
        self.assertEqual([e["client_verify"] for e in self.new_tls_entries(1)],
                         ["SUCCESS"])

    def test_long_option_and_combined_pem_ok(self):
        combined = self.path("client-combined.pem")
        with open(combined, "wb") as out:
            for p in (self.pki.client_cert, self.pki.client_key):
                with open(p, "rb") as f:
                    out.write(f.read())
        r = self.get("--cert", combined)
        self.assertExit(r, 0)
        self.assertEqual(self.code(r), "200")

    def test_encrypted_key_with_password(self):
        r = self.get("-E", self.pki.client_cert + ":sekrit",
                     "--key", self.enc_key)
        self.assertExit(r, 0)
        self.assertEqual(self.code(r), "200")

    def test_encrypted_key_wrong_password_58(self):
        r = self.get("-E", self.pki.client_cert + ":wrong",
                     "--key", self.enc_key)
        self.assertExit(r, 58)

    def test_cert_missing_58(self):
        r = self.get("-E", self.path("nope.pem"), "--key",
                     self.pki.client_key)
        self.assertExit(r, 58)
        self.assertErrorMentions(r, "(58)", self.path("nope.pem"))

    def test_key_not_matching_cert_58(self):
        # curl: "(58) unable to set private key file"; mbedTLS has
        # mbedtls_pk_check_pair() to find this out before connecting.
        r = self.get("-E", self.pki.client_cert, "--key",
                     self.pki.localhost_key)
        self.assertExit(r, 58)

    def test_cert_from_another_ca_rejected(self):
        r = self.get("-f", "-E", self.pki.other_cert, "--key",
                     self.pki.other_key)
        self.assertNotEqual(r.returncode, 0)
        self.assertNotEqual(self.code(r), "200")


if __name__ == "__main__":
    unittest.main()
