"""The CI pieces together (issue 13): --retry feeds JUnit's <flakyFailure>s and
the verdict line's "retried", expectations decide what a failed attempt is,
and the README's wait-for-a-service recipe runs as written."""

import os
import shutil
import socket
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET

from kurl_itest import kurl
from support.raw_server import RawServer, response


class RetriesInReports(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kurl-ci-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_a_request_that_passed_after_retries_is_flaky_in_junit(self):
        calls = {"flaky": 0}

        def reply(req):
            if req.target == "/flaky":
                calls["flaky"] += 1
                if calls["flaky"] <= 2:
                    return response(status=503, reason="Busy", body=b"no")
            return response(body=b"ok")

        junit = os.path.join(self.tmp, "report.xml")
        with RawServer(reply) as srv:
            r = kurl("--retry", "3", "--retry-delay", "0.1", "--expect-status", "2xx",
                     "--junit", junit, srv.url("/flaky"), srv.url("/ok"), "-o", "/dev/null")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(calls["flaky"], 3)
        self.assertIn(b"kurl: 2 passed, 0 failed (1 retried)", r.stderr)
        suite = ET.parse(junit).getroot().find("testsuite")
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("errors")),
                         ("2", "0", "0"))
        flaky = [c for c in suite.findall("testcase") if c.get("name").endswith("/flaky")][0]
        failures = flaky.findall("flakyFailure")
        self.assertEqual(len(failures), 2)
        self.assertIn("503", failures[0].get("message"))
        self.assertIsNone(flaky.find("failure"))

    def test_a_request_that_never_passed_fails_with_its_last_attempt(self):
        junit = os.path.join(self.tmp, "report.xml")
        with RawServer(lambda req: response(status=503, reason="Busy", body=b"no")) as srv:
            r = kurl("--retry", "2", "--retry-delay", "0.1", "--expect-status", "200",
                     "--junit", junit, srv.url("/down"), srv.url("/down"), "-o", "/dev/null")
            served = len(srv.requests)
        self.assertEqual(r.returncode, 22, r.stderr)
        self.assertEqual(served, 6)
        self.assertIn(b"expected status 200, got 503", r.stderr)
        suite = ET.parse(junit).getroot().find("testsuite")
        self.assertEqual(suite.get("failures"), "2")


class WaitForAService(unittest.TestCase):
    def test_readme_recipe_reaches_a_service_that_starts_late(self):
        # kurl --retry-connrefused --retry 30 --retry-max-time 60 --expect-status=2xx URL
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()

        def start_late():
            time.sleep(1.0)
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(1)
            listener.settimeout(10)
            conn, _ = listener.accept()
            conn.recv(65536)
            conn.sendall(response(body=b"up\n"))
            conn.close()
            listener.close()

        thread = threading.Thread(target=start_late, daemon=True)
        thread.start()
        started = time.monotonic()
        r = kurl("--retry-connrefused", "--retry", "30", "--retry-max-time", "60",
                 "--expect-status=2xx", "http://127.0.0.1:%d/health" % port, timeout=30)
        thread.join(15)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"up\n")
        self.assertGreater(time.monotonic() - started, 0.9)


if __name__ == "__main__":
    unittest.main()
