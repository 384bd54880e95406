"""CI run thresholds and reports: --expect-reuse, --expect-latency,
--expect-failures, --fail-early, --junit, the verdict line, and the status
classes of the statistics, held against real servers and against a real JUnit
consumer (Debian's python3-junitparser)."""

import collections
import os
import subprocess
import unittest
import xml.etree.ElementTree as ET

from junitparser import Error as JError
from junitparser import Failure as JFailure
from junitparser import JUnitXml
from junitparser import Skipped as JSkipped

from support.harness import Nginx, free_port
from kurl_itest import KurlTestCase, error_lines, kurl, origin, stats_of


def suite_of(path):
    """The one <testsuite> of a kurl JUnit file, as junitparser reads it."""
    suites = list(JUnitXml.fromfile(path))
    assert len(suites) == 1, suites
    return suites[0]


def outcome(case):
    """'passed', or the kind of the one result element of a testcase."""
    kinds = {JFailure: "failure", JError: "error", JSkipped: "skipped"}
    if not case.result:
        return "passed"
    return kinds[type(case.result[0])]


def status_classes(entries):
    """{"2xx": n, ...} from nginx access log entries."""
    counts = collections.Counter("%dxx" % (e["status"] // 100) for e in entries)
    return {k: counts.get(k, 0) for k in ("1xx", "2xx", "3xx", "4xx", "5xx")}


class JunitReportTest(KurlTestCase):

    def test_counts_names_failures_and_errors(self):
        refused = "http://127.0.0.1:%d/down" % free_port()
        report = self.path("report.xml")
        r = kurl("-o", "/dev/null", "-f", "--junit", report,
                 "--expect-reuse=0.4", "--expect-latency=max:10s",
                 self.url("/ok"), self.url("/status?code=503"), refused,
                 self.url("/ok?again=1"))
        # The 503 with -f is the first failure in input order.
        self.assertExit(r, 22)
        suite = suite_of(report)
        self.assertEqual(suite.name, "kurl")
        self.assertEqual((suite.tests, suite.failures, suite.errors, suite.skipped),
                         (6, 1, 1, 0))
        self.assertTrue(suite.hostname)
        self.assertRegex(suite.timestamp, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
        cases = list(suite)
        self.assertEqual([c.name for c in cases], [
            "GET " + self.url("/ok"), "GET " + self.url("/status?code=503"),
            "GET " + refused, "GET " + self.url("/ok?again=1"),
            "reuse ratio >= 0.40", "latency max <= 10s"])
        self.assertEqual([c.classname for c in cases],
                         [origin(self.srv)] * 2 + [refused[:-len("/down")]] +
                         [origin(self.srv), "kurl.run", "kurl.run"])
        self.assertEqual([outcome(c) for c in cases],
                         ["passed", "failure", "error", "passed", "passed", "passed"])
        self.assertEqual(cases[1].result[0].type, "22")
        self.assertIn("503", cases[1].result[0].message)
        self.assertEqual(cases[2].result[0].type, "7")
        self.assertIn("(7) failed to connect", cases[2].result[0].message)
        # Three requests on one connection: 2 of 4 requests reused (0.5).
        self.assertEqual(self.srv.stats()["per_path"],
                         {"/ok": 2, "/status": 1})
        self.assertIn("kurl: 4 passed, 2 failed in ", r.stderr.decode())
        for case in cases[:4]:
            self.assertGreaterEqual(case.time, 0)

    def test_fail_early_skips_the_rest(self):
        refused = "http://127.0.0.1:%d/" % free_port()
        report = self.path("report.xml")
        urls = [self.url("/ok"), refused, self.url("/ok?n=3"), self.url("/ok?n=4")]
        r = kurl("-o", "/dev/null", "--fail-early", "--junit", report, *urls)
        self.assertExit(r, 7)
        self.assertEqual(self.srv.stats()["requests"], 1)
        suite = suite_of(report)
        self.assertEqual((suite.tests, suite.errors, suite.skipped), (4, 1, 2))
        self.assertEqual([outcome(c) for c in suite],
                         ["passed", "error", "skipped", "skipped"])
        self.assertEqual([c.name for c in suite][2:], ["GET " + u for u in urls[2:]])
        self.assertIn("kurl: 1 passed, 1 failed, 2 skipped in ", r.stderr.decode())
        # curl's --fail-early stops at the same point.
        c = subprocess.run(["curl", "-s", "-o", "/dev/null", "-o", "/dev/null",
                            "-o", "/dev/null", "--fail-early", refused,
                            self.url("/ok?curl=1")], timeout=30)
        self.assertEqual(c.returncode, 7)
        self.assertEqual(self.srv.stats()["requests"], 1)

    def test_fail_early_waits_for_the_allowance(self):
        refused = "http://127.0.0.1:%d/" % free_port()
        r = kurl("-o", "/dev/null", "--fail-early", "--expect-failures=1",
                 refused, self.url("/ok"), refused, self.url("/ok?n=4"))
        self.assertExit(r, 7)
        self.assertEqual(self.srv.stats()["requests"], 1)
        self.assertIn("kurl: (22) run: 2 failed requests, expected at most 1",
                      r.stderr.decode())

    def test_valid_xml_whatever_urls_and_messages_hold(self):
        base = self.url("/ok").encode()
        nasty = [
            base + b"?q=<b>&x=\"'&amp;",
            base + b"?\x01\x1b[31m",           # control bytes: a malformed line (3)
            base + b"?\xff\xfe<&>",            # not UTF-8
            base + "?caf\u00e9=\u2603".encode(),
        ]
        batch = self.path("batch.txt")
        with open(batch, "wb") as f:
            f.write(b"\n".join(nasty) + b"\n")
        report = self.path("report.xml")
        r = kurl("-o", "/dev/null", "--junit", report, "--batch", batch)
        self.assertNotEqual(r.returncode, 0)
        with open(report, "rb") as f:
            raw = f.read()
        raw.decode("utf-8")  # valid UTF-8 throughout
        ET.fromstring(raw)   # well-formed XML 1.0 (expat refuses control chars)
        suite = suite_of(report)
        self.assertEqual(suite.tests, 4)
        names = [c.name for c in suite]
        self.assertEqual(names[0], "GET " + nasty[0].decode())
        self.assertEqual(names[3], "GET " + nasty[3].decode())
        self.assertNotIn("\x1b", names[1])
        self.assertIn("\ufffd", names[2])

    def test_written_atomically_and_refused_before_any_request(self):
        report = self.path("report.xml")
        with open(report, "w") as f:
            f.write("old")
        r = kurl("-o", "/dev/null", "--junit", report, self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(suite_of(report).tests, 1)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["report.xml"])
        self.srv.reset()
        r = kurl("-o", "/dev/null", "--junit", self.path("missing", "r.xml"),
                 self.url("/ok"))
        self.assertExit(r, 23)
        self.assertEqual(error_lines(r), [
            "kurl: (23) failure writing output to %s: No such file or directory"
            % self.path("missing", "r.xml")])
        self.assertEqual(self.srv.stats()["requests"], 0)


class ThresholdTest(KurlTestCase):

    def test_expect_latency_fails_on_a_slow_path(self):
        urls = [self.url("/delay?ms=250")] * 3
        r = kurl("-o", "/dev/null", "-P", "3", "--expect-latency=p50:100ms",
                 "--expect-latency=p99:5s", *urls)
        self.assertExit(r, 22)
        lines = error_lines(r)
        self.assertEqual(len(lines), 2, lines)
        self.assertRegex(lines[0], r"^kurl: \(22\) run: latency p50 2\d\d\.\d ms, "
                                   r"expected at most 100ms$")
        self.assertRegex(lines[1], r"^kurl: 4 passed, 1 failed in 0\.\d\d s$")
        self.assertEqual(self.srv.stats()["per_path"], {"/delay": 3})
        r = kurl("-o", "/dev/null", "-s", "--expect-latency=p99:5s", *urls[:1])
        self.assertExit(r, 0)
        self.assertEqual(r.stderr, b"")

    def test_expect_failures_tolerates_and_decides(self):
        refused = "http://127.0.0.1:%d/" % free_port()
        args = ["-o", "/dev/null", refused, self.url("/ok"), refused]
        r = kurl("--expect-failures=2", *args)
        self.assertExit(r, 0)
        self.assertIn("kurl: 2 passed, 2 failed in ", r.stderr.decode())
        r = kurl("--expect-failures=1", *args)
        self.assertExit(r, 7)  # the first failed request decides, not the threshold
        self.assertIn("kurl: (22) run: 2 failed requests, expected at most 1",
                      r.stderr.decode())

    def test_a_request_failure_comes_before_a_threshold(self):
        refused = "http://127.0.0.1:%d/" % free_port()
        r = kurl("-o", "/dev/null", "--expect-reuse=1", refused, self.url("/ok"))
        self.assertExit(r, 7)
        self.assertIn("kurl: (22) run: reuse ratio 0.00, expected at least 1.00",
                      r.stderr.decode())

    def test_bad_thresholds_are_usage_errors_before_any_request(self):
        for flag, message in [
                ("--expect-latency=p98:1s",
                 "kurl: (2) --expect-latency: bad value 'p98:1s': the percentile is "
                 "one of p50, p90, p95, p99, p99.9, max"),
                ("--expect-latency=p99:250",
                 "kurl: (2) --expect-latency: bad duration '250': expected a number "
                 "and ms or s (250ms, 1.5s)"),
                ("--expect-latency=p99",
                 "kurl: (2) --expect-latency: bad value 'p99': expected "
                 "pNN:DURATION, e.g. p99:250ms"),
                ("--expect-reuse=1.5",
                 "kurl: (2) --expect-reuse: bad ratio '1.5': expected a number "
                 "from 0 to 1"),
                ("--expect-failures=x",
                 "kurl: (2) --expect-failures: bad count 'x': expected a whole "
                 "number >= 0")]:
            r = kurl(flag, self.url("/ok"))
            self.assertExit(r, 2, flag)
            self.assertEqual(error_lines(r), [message])
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_single_request_and_silent_print_no_verdict(self):
        r = kurl("-o", "/dev/null", "--expect-reuse=0", self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stderr, b"")
        r = kurl("-s", "-o", "/dev/null", "--expect-reuse=1",
                 self.url("/ok"), self.url("/ok"))
        self.assertExit(r, 22)
        self.assertEqual(r.stderr, b"")


class RealServerThresholdTest(KurlTestCase):

    def test_expect_reuse_against_nginx(self):
        urls = ["/index.html"] * 10
        with Nginx(keepalive_requests=1) as nginx:
            r = kurl("-o", "/dev/null", "--expect-reuse=0.9", "--stats=json",
                     *[nginx.url(u) for u in urls])
            self.assertExit(r, 22)
            self.assertEqual(nginx.distinct_connections(wait_for=10), 10)
            self.assertEqual(stats_of(r)["reuse_ratio"], 0)
            self.assertIn("kurl: (22) run: reuse ratio 0.00, expected at least 0.90",
                          error_lines(r))
        with Nginx() as nginx:
            report = self.path("r.xml")
            r = kurl("-o", "/dev/null", "--expect-reuse=0.9", "--junit", report,
                     *[nginx.url(u) for u in urls])
            self.assertExit(r, 0)
            self.assertEqual(nginx.distinct_connections(wait_for=10), 1)
            cases = list(suite_of(report))
            self.assertEqual(cases[-1].name, "reuse ratio >= 0.90")
            self.assertEqual(outcome(cases[-1]), "passed")

    def test_status_classes_match_nginx(self):
        paths = ["/index.html", "/missing", "/status204", "/index.html", "/1k.bin",
                 "/nope"]
        with Nginx() as nginx:
            r = kurl("-o", "/dev/null", "--stats=json",
                     *[nginx.url(p) for p in paths], self.url("/status?code=503"),
                     self.url("/status?code=302"))
            self.assertExit(r, 0)
            st = stats_of(r)
            entries = nginx.access_log_entries(wait_for=len(paths))
            want = status_classes(entries)
            self.assertEqual(st["hosts"][origin(nginx)]["status"], want)
            self.assertEqual(st["hosts"][origin(nginx)]["http_versions"],
                             {"1.0": 0, "1.1": len(entries), "2": 0})
            self.assertEqual(st["hosts"][origin(self.srv)]["status"],
                             {"1xx": 0, "2xx": 0, "3xx": 1, "4xx": 0, "5xx": 1})
            self.assertEqual(self.srv.stats()["per_path"], {"/status": 2})
            total = dict(want)
            total["3xx"] += 1
            total["5xx"] += 1
            self.assertEqual(st["status"], total)
            self.assertEqual(st["http_versions"]["1.1"], len(paths) + 2)
            r = kurl("-o", "/dev/null", "--stats", *[nginx.url(p) for p in paths])
            self.assertIn("status:       2xx 4, 4xx 2\n", r.stderr.decode())


if __name__ == "__main__":
    unittest.main()
