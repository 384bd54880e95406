"""-L/--location: method rules, limits, schemes, credentials across origins,
and connection reuse along a redirect chain."""

import base64
import json
import shutil
import subprocess
import unittest
import urllib.parse

from kurl_itest import KurlTestCase, error_lines, kurl, origin, stats_of
from support.harness import find_kurl
from support.raw_server import RawServer, response


def q(url):
    return urllib.parse.quote(url, safe="")


class MethodRules(KurlTestCase):
    def post_through(self, code):
        r = kurl("-s", "-L", "-d", "x=1", "-w", "\\n%{http_code} %{num_redirects}",
                 self.url("/redirect?to=/echo&code=%d" % code))
        self.assertExit(r, 0)
        body, _, tail = r.stdout.rpartition(b"\n")
        self.assertEqual(tail, b"200 1")
        return json.loads(body)

    def test_post_becomes_get_on_301_302_303(self):
        for code in (301, 302, 303):
            with self.subTest(code=code):
                e = self.post_through(code)
                self.assertEqual(e["method"], "GET")
                self.assertEqual(e["body_len"], 0)
                self.assertNotIn("content-length", e["headers"])
                self.assertNotIn("content-type", e["headers"])

    def test_post_kept_on_307_308(self):
        for code in (307, 308):
            with self.subTest(code=code):
                e = self.post_through(code)
                self.assertEqual(e["method"], "POST")
                self.assertEqual(e["body"], "x=1")
                self.assertEqual(e["headers"]["content-type"],
                                 "application/x-www-form-urlencoded")

    def test_get_followed_for_every_code(self):
        for code in (301, 302, 303, 307, 308):
            with self.subTest(code=code):
                r = kurl("-s", "-L", "-w", "|%{http_code} %{url_effective}",
                         self.url("/redirect?to=/ok&code=%d" % code))
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, b"hello\n|200 " +
                                 self.url("/ok").encode())

    def test_relative_location(self):
        r = kurl("-s", "-L", self.url("/redirect?to=ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n")


@unittest.skipUnless(shutil.which("curl"), "curl is not installed")
class CustomMethodAsCurl(unittest.TestCase):
    """-X's method stays on every hop, as curl keeps CURLOPT_CUSTOMREQUEST:
    where -L would turn POST into GET (301, 302, 303; and any method on
    303) the method stays, only the body is dropped."""

    @staticmethod
    def reply(req):
        if req.target.startswith("/r"):
            return response(int(req.target[2:5]), b"", headers=[("Location", "/done")],
                            reason="Moved")
        return response(200, b"ok")

    def hops(self, command):
        with RawServer(self.reply) as srv:
            subprocess.run(command + [srv.url(self.first)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
            return [(q.method, q.target, q.body) for q in srv.requests]

    def test_every_code_and_method_matches_curl(self):
        for code in (301, 302, 303, 307, 308):
            for args in (["-X", "PUT"], ["-X", "POST"], ["-X", "POST", "-d", "x"],
                         ["-X", "DELETE"], ["-d", "x"]):
                with self.subTest(code=code, args=args):
                    self.first = "/r%d" % code
                    common = ["-s", "-L", "-o", "/dev/null"] + args
                    mine = self.hops([find_kurl()] + common)
                    theirs = self.hops(["curl"] + common)
                    self.assertEqual(mine, theirs)
        self.first = "/r303"
        self.assertEqual(self.hops([find_kurl(), "-s", "-L", "-X", "PUT", "-o", "/dev/null"])[1],
                         ("PUT", "/done", b""))


class Limits(KurlTestCase):
    def test_redirect_loop(self):
        r = kurl("-L", self.url("/redirect-loop"))
        self.assertExit(r, 47)
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("kurl: (47) "), lines[0])
        # every hop on the one connection
        self.assertEqual(self.srv.stats()["connections"], 1)

    def test_max_redirs(self):
        r = kurl("-L", "--max-redirs", "2", "--stats=json",
                 self.url("/redirect-loop"))
        self.assertExit(r, 47)
        # like curl: the original request and 2 followed redirects
        self.assertServerSaw(self.srv, connections=1, requests=3)

    def test_max_redirs_zero(self):
        r = kurl("-L", "--max-redirs", "0", self.url("/redirect?to=/ok"))
        self.assertExit(r, 47)
        self.assertEqual(self.srv.stats()["per_path"], {"/redirect": 1})

    def test_max_redirs_enough(self):
        r = kurl("-s", "-L", "--max-redirs", "1", self.url("/redirect?to=/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n")

    def test_redirect_to_file_scheme_refused(self):
        r = kurl("-L", self.url("/redirect?to=file:///etc/passwd"))
        self.assertExit(r, 1)
        self.assertNotIn(b"root:", r.stdout)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_without_location_flag_3xx_body_is_output(self):
        r = kurl("-w", "|%{http_code} %{num_redirects}",
                 self.url("/redirect?to=/ok&code=301"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"redirect\n|301 0")
        self.assertEqual(self.srv.stats()["per_path"], {"/redirect": 1})


class Credentials(KurlTestCase):
    """Credentials given on the command line go only to the first origin;
    same-origin redirects keep them (curl's behaviour since 7.58/7.83)."""

    def cross(self, *flags):
        other = self.start_server()
        r = kurl("-s", "-L", self.url("/redirect?to=" + q(other.url("/echo"))),
                 *flags)
        self.assertExit(r, 0)
        self.assertEqual(other.stats()["per_path"], {"/echo": 1})
        return json.loads(r.stdout)

    def same(self, *flags):
        r = kurl("-s", "-L", self.url("/redirect?to=/echo"), *flags)
        self.assertExit(r, 0)
        return json.loads(r.stdout)

    def test_user_not_sent_to_other_origin(self):
        e = self.cross("-u", "user:pw")
        self.assertNotIn("authorization", e["headers"], e["headers"])

    def test_authorization_header_not_sent_to_other_origin(self):
        e = self.cross("-H", "Authorization: secret")
        self.assertNotIn("authorization", e["headers"], e["headers"])

    def test_cookie_header_not_sent_to_other_origin(self):
        e = self.cross("-H", "Cookie: a=b")
        self.assertNotIn("cookie", e["headers"], e["headers"])

    def test_other_headers_still_sent_to_other_origin(self):
        e = self.cross("-H", "X-Trace: 1")
        self.assertEqual(e["headers"].get("x-trace"), "1")

    def test_credentials_kept_on_same_origin(self):
        e = self.same("-u", "user:pw", "-H", "Cookie: a=b")
        self.assertEqual(e["headers"].get("authorization"),
                         "Basic " + base64.b64encode(b"user:pw").decode())
        self.assertEqual(e["headers"].get("cookie"), "a=b")
        e = self.same("-H", "Authorization: secret")
        self.assertEqual(e["headers"].get("authorization"), "secret")


class Reuse(KurlTestCase):
    def test_chain_on_one_connection(self):
        inner = "/redirect?to=" + q("/redirect?to=/ok")
        r = kurl("-s", "-L", "--stats=json",
                 "-w", "|%{num_redirects} %{connection_id}",
                 self.url(inner), self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n|2 0hello\n|0 0")
        self.assertServerSaw(self.srv, connections=1, requests=4)
        st = stats_of(r)
        self.assertEqual(st["connections_opened"], 1)
        self.assertEqual(st["failed"], 0)
        # CLI.md: with no retries, requests == connections_opened + reused
        self.assertEqual(st["requests"],
                         st["connections_opened"] + st["reused_requests"], st)

    def test_cross_origin_uses_each_origins_pool(self):
        other = self.start_server()
        r = kurl("-s", "-L", "--stats=json",
                 self.url("/redirect?to=" + q(other.url("/ok"))),
                 other.url("/ok"), self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n" * 3)
        self.assertServerSaw(self.srv, connections=1, requests=2)
        self.assertServerSaw(other, connections=1, requests=2)
        st = stats_of(r)
        self.assertEqual(st["connections_opened"], 2)
        self.assertEqual(st["hosts"][origin(other)]["connections_opened"], 1)
        self.assertEqual(st["hosts"][origin(self.srv)]["connections_opened"], 1)


if __name__ == "__main__":
    unittest.main()
