"""CI expectations per request (issue 13, CLI.md "CI smoke tests"):
--expect-status, --expect-header, --expect-body (within --expect-body-limit),
--expect-time, and the JSON Lines keys expect_status, expect_header,
expect_body, expect_time and name, which override the flags for their line.

Every failure message is checked word for word; what the server counted
shows that an invalid pattern stops the run before any request."""

import json
import time

from kurl_itest import KurlTestCase, error_lines, kurl


def assert_stopped_at(test, line, prefix, limit_ms):
    """`line` is prefix + the --expect-time cut-off message, stopped at the
    limit (a loaded machine, or a sanitizer build, may be late by 0.5 s)."""
    text = "expected time <= %d ms, got more: stopped after " % limit_ms
    test.assertTrue(line.startswith(prefix + text) and line.endswith(" ms"), line)
    stopped = int(line[len(prefix + text):-len(" ms")])
    test.assertGreaterEqual(stopped, limit_ms - 1, line)
    test.assertLess(stopped, limit_ms + 500, line)


class Expectations(KurlTestCase):
    def run_kurl(self, *args, **kw):
        return kurl("-s", "-S", "-o", "/dev/null", *args, **kw)

    def assertFails(self, r, line):
        """Exit 22 with exactly one error line, `line`."""
        self.assertExit(r, 22)
        self.assertEqual(error_lines(r), [line])

    def requests_seen(self):
        return len(self.srv.stats()["log"])

    # ------------------------------------------------------------- status
    def test_status_lists_that_hold(self):
        for code, wanted in (("200", "200"), ("204", "200,204"),
                             ("201", "2xx"), ("299", "200-299"),
                             ("301", "2xx,301"), ("404", " 4XX , 500")):
            with self.subTest(code=code, wanted=wanted):
                r = self.run_kurl("--expect-status=" + wanted,
                                  self.url("/status?code=" + code))
                self.assertExit(r, 0)
                self.assertEqual(error_lines(r), [])

    def test_status_that_fails(self):
        u = self.url("/status?code=503")
        self.assertFails(self.run_kurl("--expect-status=2xx", u),
                         "kurl: (22) GET %s: expected status 2xx, got 503" % u)
        self.assertFails(self.run_kurl("--expect-status=200-299,301", u),
                         "kurl: (22) GET %s: expected status 200-299,301, got 503" % u)
        u = self.url("/status?code=300")
        self.assertFails(self.run_kurl("--expect-status=200-299", u),
                         "kurl: (22) GET %s: expected status 200-299, got 300" % u)

    def test_invalid_status_list_is_a_usage_error(self):
        for bad in ("", "2x", "20", "200,", "abc", "299-200", "6xy", "200-"):
            with self.subTest(bad=bad):
                r = self.run_kurl("--expect-status=" + bad, self.url("/ok"))
                self.assertExit(r, 2)
                self.assertEqual(len(error_lines(r)), 1, r.stderr)
        self.assertEqual(self.requests_seen(), 0)

    def test_checked_on_the_final_response_after_redirects(self):
        u = self.url("/redirect?to=/status%3Fcode%3D201")
        self.assertExit(self.run_kurl("-L", "--expect-status=201", u), 0)
        self.assertFails(self.run_kurl("--expect-status=201", u),
                         "kurl: (22) GET %s: expected status 201, got 302" % u)

    def test_expectation_message_wins_over_fail(self):
        u = self.url("/status?code=503")
        self.assertFails(self.run_kurl("-f", "--expect-status=2xx", u),
                         "kurl: (22) GET %s: expected status 2xx, got 503" % u)
        # -f still fails a status >= 400 that every expectation accepted
        u = self.url("/status?code=404")
        self.assertFails(self.run_kurl("-f", "--expect-status=404", u),
                         "kurl: (22) the requested URL returned error: 404 (%s)" % u)

    # ------------------------------------------------------------ headers
    def test_header_that_holds_any_case_any_line(self):
        u = self.url("/content-type?type=application/json")
        self.assertExit(self.run_kurl("--expect-header=CONTENT-type: json", u), 0)
        u = self.url("/header?name=X-A&value=one&name=x-a&value=two")
        self.assertExit(self.run_kurl("--expect-header=X-A: ^two$", u), 0)
        self.assertExit(self.run_kurl("--expect-header=X-A: ^one$",
                                      "--expect-header=x-a: ^two$", u), 0)

    def test_header_that_fails(self):
        u = self.url("/content-type?type=text/html")
        self.assertFails(self.run_kurl("--expect-header=content-type: json", u),
                         'kurl: (22) GET %s: expected header content-type ~ /json/, '
                         'got "text/html"' % u)
        # every one must hold: the second fails
        self.assertFails(self.run_kurl("--expect-header=content-type: html",
                                       "--expect-header=X-Id: [0-9]+", u),
                         "kurl: (22) GET %s: expected header X-Id ~ /[0-9]+/, "
                         "got none" % u)
        u = self.url("/header?name=X-A&value=one&name=X-A&value=two")
        self.assertFails(self.run_kurl("--expect-header=X-A: three", u),
                         'kurl: (22) GET %s: expected header X-A ~ /three/, '
                         'got "one", "two"' % u)

    def test_invalid_header_expectation_before_any_request(self):
        for flag, line in (
                ("X-A: (", "kurl: (2) bad --expect-header X-A regex '(': "
                           "missing ): ("),
                ("no colon", "kurl: (2) bad --expect-header 'no colon': "
                             "expected 'Name: REGEX'")):
            with self.subTest(flag=flag):
                r = self.run_kurl("--expect-header=" + flag, self.url("/ok"))
                self.assertExit(r, 2)
                self.assertEqual(error_lines(r), [line])
        self.assertEqual(self.requests_seen(), 0)

    # --------------------------------------------------------------- body
    def test_body_that_holds_and_fails(self):
        u = self.url("/ok?size=10")
        self.assertExit(self.run_kurl("--expect-body=^x{10}$", u), 0)
        self.assertFails(self.run_kurl("--expect-body=needle", u),
                         "kurl: (22) GET %s: expected body ~ /needle/, got no "
                         "match in a 10-byte body" % u)

    def test_body_longer_than_the_limit_says_so(self):
        u = self.url("/ok?size=5000")
        self.assertFails(self.run_kurl("--expect-body=x{1000}x{25}", "--expect-body-limit=1k", u),
                         "kurl: (22) GET %s: expected body ~ /x{1000}x{25}/, got no "
                         "match in the first 1024 bytes of a 5000-byte body "
                         "(--expect-body-limit)" % u)
        self.assertExit(self.run_kurl("--expect-body=^x{1000}x{24}$", "--expect-body-limit=1k",
                                      u), 0)
        for bad in ("0", "1x", "-1", "2G"):
            with self.subTest(limit=bad):
                r = self.run_kurl("--expect-body=x", "--expect-body-limit=" + bad, u)
                self.assertExit(r, 2)

    def test_invalid_body_pattern_before_any_request(self):
        r = self.run_kurl("--expect-body=a{2,1}", self.url("/ok"), self.url("/ok"))
        self.assertExit(r, 2)
        self.assertEqual(len(error_lines(r)), 1)
        self.assertTrue(error_lines(r)[0].startswith(
            "kurl: (2) bad --expect-body regex 'a{2,1}': "), r.stderr)
        self.assertEqual(self.requests_seen(), 0)

    def test_hostile_pattern_on_a_100_mb_body_is_quick(self):
        # (x+x+)+y backtracks exponentially in engines that backtrack; RE2
        # is linear, and only the first --expect-body-limit bytes are held.
        size = 100 * 1024 * 1024
        u = self.url("/ok?size=%d" % size)
        for limit in ("1M", "16M"):
            with self.subTest(limit=limit):
                start = time.monotonic()
                r = self.run_kurl("--expect-body=(x+x+)+y", "--expect-body-limit=" + limit,
                                  "--report=-", u, timeout=60)
                took = time.monotonic() - start
                held = {"1M": 1 << 20, "16M": 16 << 20}[limit]
                self.assertEqual(error_lines(r), [
                    "kurl: (22) GET %s: expected body ~ /(x+x+)+y/, got no match "
                    "in the first %d bytes of a %d-byte body (--expect-body-limit)"
                    % (u, held, size)])
                self.assertEqual(json.loads(r.stdout)["bytes"], size)
                self.assertLess(took, 20, "100 MB body took %.1f s" % took)

    # --------------------------------------------------------------- time
    def test_time_that_fails_stops_waiting(self):
        u = self.url("/delay?ms=2000")
        start = time.monotonic()
        r = self.run_kurl("--expect-time=0.3", u)
        took = time.monotonic() - start
        self.assertExit(r, 22)
        lines = error_lines(r)
        self.assertEqual(len(lines), 1)
        assert_stopped_at(self, lines[0], "kurl: (22) GET %s: " % u, 300)
        self.assertLess(took, 1.5)

    def test_time_that_holds_and_a_tighter_max_time(self):
        self.assertExit(self.run_kurl("--expect-time=3", self.url("/delay?ms=50")), 0)
        # -m tighter than --expect-time: its timeout (28) stands
        r = self.run_kurl("--expect-time=3", "-m", "0.2", self.url("/delay?ms=2000"))
        self.assertExit(r, 28)

    def test_time_runs_across_redirects(self):
        u = self.url("/redirect?to=/delay%3Fms%3D2000")
        r = self.run_kurl("-L", "--expect-time=0.2", u)
        self.assertExit(r, 22)
        assert_stopped_at(self, error_lines(r)[0], "kurl: (22) GET %s: " % u, 200)


class JsonLinesExpectations(KurlTestCase):
    def batch(self, lines):
        path = self.path("b.jsonl")
        with open(path, "w") as f:
            for line in lines:
                f.write((json.dumps(line) if isinstance(line, dict) else line) + "\n")
        return path

    def run_batch(self, lines, *flags):
        report = self.path("report")
        r = kurl("-s", "-S", "-o", "/dev/null", "--report", report, *flags,
                 "--batch", self.batch(lines))
        with open(report) as f:
            entries = {e["line"]: e for e in map(json.loads, f)}
        return r, entries

    def outcomes(self, entries):
        return [(entries[n]["ok"], entries[n]["exit_code"]) for n in sorted(entries)]

    def test_line_status_overrides_the_flag(self):
        r, e = self.run_batch([
            {"url": self.url("/status?code=404"), "expect_status": 404},
            {"url": self.url("/status?code=404")},
            {"url": self.url("/status?code=250"), "expect_status": "200-299"},
            {"url": self.url("/status?code=301"), "expect_status": ["2xx", 301]},
            {"url": self.url("/status?code=500"), "expect_status": None},
            {"url": self.url("/status?code=302"), "expect_status": "2xx,302"},
        ], "--expect-status=2xx")
        self.assertExit(r, 22)
        self.assertEqual(self.outcomes(e), [(True, 0), (False, 22), (True, 0),
                                            (True, 0), (True, 0), (True, 0)])
        self.assertEqual(error_lines(r), [
            "kurl: (22) line 2: GET %s: expected status 2xx, got 404"
            % self.url("/status?code=404")])

    def test_line_header_body_time_override_the_flags(self):
        html = self.url("/content-type?type=text/html")
        r, e = self.run_batch([
            {"url": html, "expect_header": {"Content-Type": "html"}},
            {"url": html},
            {"url": html, "expect_header": None},
            {"url": html, "expect_header": {"X-None": "."}},
        ], "--expect-header=Content-Type: plain")
        self.assertEqual(self.outcomes(e), [(True, 0), (False, 22), (True, 0),
                                            (False, 22)])
        r, e = self.run_batch([
            {"url": self.url("/ok?size=3"), "expect_body": "^xxx$"},
            {"url": self.url("/ok?size=3")},
            {"url": self.url("/ok?size=3"), "expect_body": None},
        ], "--expect-body=y")
        self.assertEqual(self.outcomes(e), [(True, 0), (False, 22), (True, 0)])
        r, e = self.run_batch([
            {"url": self.url("/delay?ms=1000"), "expect_time": 0.2,
             "name": "slow health"},
            {"url": self.url("/delay?ms=300"), "expect_time": None},
            {"url": self.url("/delay?ms=300")},
        ], "--expect-time=0.1")
        self.assertEqual(self.outcomes(e), [(False, 22), (True, 0), (False, 22)])
        lines = error_lines(r)
        self.assertEqual(len(lines), 2)
        assert_stopped_at(self, lines[0], "kurl: (22) slow health: ", 200)

    def test_name_labels_every_expectation_message(self):
        r, e = self.run_batch([
            {"url": self.url("/status?code=503"), "name": "api up",
             "expect_status": "2xx"},
            {"url": self.url("/content-type?type=text/html"), "name": "api json",
             "expect_header": {"content-type": "json"}},
            {"url": self.url("/ok?size=4"), "name": "api body",
             "expect_body": "ok"},
        ])
        self.assertEqual(error_lines(r), [
            "kurl: (22) api up: expected status 2xx, got 503",
            'kurl: (22) api json: expected header content-type ~ /json/, got "text/html"',
            "kurl: (22) api body: expected body ~ /ok/, got no match in a 4-byte body"])
        self.assertEqual(e[1]["error"], "expected status 2xx, got 503")

    def test_invalid_line_pattern_fails_that_line_with_3(self):
        r, e = self.run_batch([
            {"url": self.url("/ok?a"), "expect_body": "("},
            {"url": self.url("/ok?b"), "expect_header": {"X-A": "[z-a]"}},
            {"url": self.url("/ok?c"), "expect_status": "2xx,"},
            {"url": self.url("/ok?d"), "expect_time": -1},
            {"url": self.url("/ok?e"), "expect_header": {"X-A": 5}},
            {"url": self.url("/ok?f"), "expect_status": 200},
        ])
        self.assertExit(r, 3)
        self.assertEqual({n: x["exit_code"] for n, x in e.items()},
                         {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 0})
        self.assertEqual(e[1]["error"], "malformed batch line: bad expect_body "
                         "regex '(': missing ): (")
        self.assertEqual([x["path"] for x in self.srv.stats()["log"]], ["/ok?f"])
