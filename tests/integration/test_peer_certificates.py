"""-w's certificate variables and the per-attempt counters, as curl 7.88
prints them (issue 13, "Write-out, as curl does it"): %{certs},
%{num_certs}, %{ssl_verify_result} (also under -k), and %{num_connects},
%{size_request} and %{size_header} starting again with each --retry
attempt.  Each is compared with the installed curl on the same command
against the same local nginx or test server.
"""

import os
import re
import shutil
import subprocess
import unittest

from support.harness import TlsNginx
from kurl_itest import KurlTestCase, kurl
from test_tls import TlsTestCase

CURL = shutil.which("curl")
CT = ("--connect-timeout", "5")
SUMMARY = "%{num_certs}|%{ssl_verify_result}|%{num_connects}\\n"


def curl(*args):
    return subprocess.run([CURL, "-s"] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)


def without_extensions(text):
    """curl's %{certs} without the X509v3 extension lines, which kurl does
    not print (OpenSSL formats each extension its own way)."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith("X509v3 "))


@unittest.skipUnless(CURL, "curl is not installed")
class PeerCertificates(TlsTestCase):
    def both(self, *args):
        mine = kurl("-s", "-o", os.devnull, *CT, *args)
        theirs = curl("-o", os.devnull, *CT, *args)
        self.assertEqual(mine.returncode, theirs.returncode, args)
        return mine.stdout.decode(), theirs.stdout.decode()

    def test_verified_chain_counts_as_curl_does(self):
        mine, theirs = self.both("--cacert", self.pki.ca, "-w", SUMMARY,
                                 self.web.url("/index.html"))
        self.assertEqual(mine, theirs)
        self.assertEqual(mine, "1|0|1\n")

    def test_insecure_reports_the_failed_verification_as_curl(self):
        # -k still verifies (against the system bundle, which lacks the test
        # CA) and reports the result; the request succeeds.
        for cert, key in ((self.pki.localhost_cert, self.pki.localhost_key),
                          (self.pki.other_cert, self.pki.other_key)):
            with self.subTest(cert=os.path.basename(cert)):
                web = TlsNginx(cert, key)
                web.start()
                try:
                    mine, theirs = self.both("-k", "-w", SUMMARY,
                                             web.url("/index.html"))
                finally:
                    web.stop()
                self.assertEqual(mine, theirs)
                self.assertNotEqual(mine.split("|")[1], "0")

    def test_insecure_checks_against_no_ca_as_curl(self):
        # curl 7.88 loads no CA under -k, even one given with --cacert: the
        # leaf's issuer is unknown (OpenSSL's 20).
        mine, theirs = self.both("-k", "--cacert", self.pki.ca, "-w", SUMMARY,
                                 self.web.url("/index.html"))
        self.assertEqual(mine, theirs)
        self.assertEqual(mine, "1|20|1\n")

    def test_reused_connection_has_no_certificates_as_curl(self):
        u = self.web.url("/index.html")
        mine = kurl("-s", "-k", *CT, "-o", os.devnull, "-o", os.devnull,
                    "-w", SUMMARY, u, u)
        theirs = curl("-k", *CT, "-o", os.devnull, "-o", os.devnull,
                      "-w", SUMMARY, u, u)
        self.assertEqual(mine.stdout, theirs.stdout)
        self.assertEqual(mine.stdout.decode().splitlines()[1], "0|0|0")

    def test_certs_text_is_curls_without_extensions(self):
        mine, theirs = self.both("--cacert", self.pki.ca, "-w", "%{certs}",
                                 self.web.url("/index.html"))
        self.assertIn("-----BEGIN CERTIFICATE-----", mine)
        self.assertRegex(mine, r"(?m)^Subject:O = kurl tests, CN = localhost$")
        self.assertEqual(mine, without_extensions(theirs))
        with open(self.pki.localhost_cert) as f:
            pem = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n",
                            f.read(), re.S).group(0)
        self.assertTrue(mine.endswith(pem))

    def test_json_carries_the_certificate_variables(self):
        import json
        mine, theirs = self.both("--cacert", self.pki.ca, "-w", "%{json}",
                                 self.web.url("/index.html"))
        mine, theirs = json.loads(mine), json.loads(theirs)
        for key in ("num_certs", "ssl_verify_result"):
            self.assertEqual(mine[key], theirs[key], key)
        self.assertEqual(mine["certs"], without_extensions(theirs["certs"]))

    def test_plain_http_has_none(self):
        mine, theirs = self.both("-w", SUMMARY, self.url("/ok"))
        self.assertEqual(mine, theirs)


@unittest.skipUnless(CURL, "curl is not installed")
class CountersPerRetryAttempt(KurlTestCase):
    """curl runs each --retry attempt as a new transfer: -w's counters
    describe the last attempt only."""

    def test_num_connects_restarts_with_each_attempt(self):
        # The 503 keeps the connection open: the second attempt reuses it.
        # (A file, not /dev/null: curl's retry truncates the output, and
        # fails with 23 on /dev/null.)
        out = os.path.join(self.tmp, "body")
        args = ["--retry", "1", "--retry-delay", "1", "-o", out,
                "-w", "%{num_connects}|%{size_header}|%{http_code}\\n",
                self.url("/status?code=503")]
        mine = kurl("-s", *args)
        theirs = curl(*args)
        self.assertEqual(mine.stdout, theirs.stdout)
        self.assertEqual(mine.stdout.decode().split("|")[0], "0")

    def test_size_request_is_one_request_after_a_retry(self):
        one = kurl("-s", "-o", os.devnull, "-w", "%{size_request}",
                   self.url("/status?code=503"))
        retried = kurl("-s", "--retry", "2", "--retry-delay", "1", "-o",
                       os.devnull, "-w", "%{size_request}",
                       self.url("/status?code=503"))
        self.assertEqual(retried.stdout, one.stdout)
        self.assertGreater(int(one.stdout), 0)


if __name__ == "__main__":
    unittest.main()
