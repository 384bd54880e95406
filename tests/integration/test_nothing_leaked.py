"""Nothing leaked (issue 12): credentials never reach what kurl prints, and
what it prints is safe to print.

Credentials: a URL's user information (and a proxy URL's) appears in no
error line, ``-v`` ``* `` line, ``--report`` line, ``-w`` value
(``%{url}``, ``%{url_effective}``, ``%{json}``) or ``--stats`` key; only the
request head itself (``> `` lines) shows the Authorization header, as curl.
The credentials are still sent: the server must receive them.

Printed text: CR, LF, other control bytes, C1 controls and bytes that are
not UTF-8, coming from URLs, batch lines, header values, a Location or a
reason phrase, are escaped in text output (one line stays one line, no
terminal escape gets through), and every JSON output parses with a strict
parser after a strict UTF-8 decode.

Servers: the repository's test server (``/header``, ``/content-type``,
``/redirect``, ``/echo``), tinyproxy with Basic auth, and for replies the
test server cannot send (a reason phrase with an escape sequence, a proxy
refusing CONNECT with one) a one-shot raw server in this file.

Four tests guard outputs that the first version already kept clean (they
pass on it too): a followed Location with credentials, --stats=json host
keys, a proxy that refuses CONNECT, and -v through a proxy with a password.
Every other test here failed before this change.
"""

import base64
import json
import re
import unittest

from support.harness import Tinyproxy, free_port
from support.raw_server import RawServer, Reply
from kurl_itest import KurlTestCase, kurl, error_lines

CT = ("--connect-timeout", "5")
SECRET = "S3cr3tPw"
PROXY_SECRET = "PrxS3cr3t"
# Bytes a terminal acts on or a log reader splits at; none may reach text
# output raw: C0 controls but TAB (escaped too, but harmless), DEL, and the
# C1 range in its 8-bit form.
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def strict_json(data):
    """json.loads of bytes decoded strictly as UTF-8 (fails the test on a
    byte that is not UTF-8 or on invalid JSON)."""
    return json.loads(data.decode("utf-8", "strict"))


def json_lines(data):
    """The report objects among ``data``'s lines (other lines are -w output)."""
    return [strict_json(line) for line in data.splitlines()
            if line.startswith(b'{"index":')]


def text_lines(data):
    """Lines of ``data`` (bytes), split at LF only: what a log reader sees."""
    return data.split(b"\n")


def closed_port():
    """A 127.0.0.1 port nothing listens on (connect is refused)."""
    return free_port()


class LeakTestCase(KurlTestCase):

    def assertNotInOutput(self, r, secret, *, allow=()):
        """``secret`` (str) appears nowhere in stdout or stderr, except on
        stderr lines starting with one of ``allow`` (bytes prefixes)."""
        needle = secret.encode()
        self.assertNotIn(needle, r.stdout, "stdout shows %r:\n%r"
                         % (secret, r.stdout[-2000:]))
        for line in text_lines(r.stderr):
            if needle in line and not line.startswith(tuple(allow)):
                self.fail("stderr line shows %r: %r" % (secret, line))

    def assertSafeText(self, data, what):
        """No raw control byte, no C1 control, no invalid UTF-8 in ``data``
        (text output split at LF)."""
        for line in text_lines(data):
            self.assertIsNone(RAW_CONTROL.search(line),
                              "%s carries a raw control byte: %r" % (what, line))
            try:
                text = line.decode("utf-8", "strict")
            except UnicodeDecodeError:
                self.fail("%s is not valid UTF-8: %r" % (what, line))
            self.assertFalse(any(0x80 <= ord(c) <= 0x9f for c in text),
                             "%s carries a C1 control: %r" % (what, line))

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()


# ------------------------------------------------------------ credentials
class CredentialsNeverPrinted(LeakTestCase):

    def test_refused_port_error_line_report_write_out_and_stats(self):
        port = closed_port()
        url = "http://alice:%s@127.0.0.1:%d/x" % (SECRET, port)
        shown = "http://127.0.0.1:%d/x" % port
        r = kurl(url, "--report", self.path("report.jsonl"), "--stats=json",
                 "-w", "%{url}|%{url_effective}|%{json}\n", *CT)
        self.assertExit(r, 7)
        self.assertNotInOutput(r, SECRET)
        self.assertNotInOutput(r, "alice")
        self.assertEqual(error_lines(r), [
            "kurl: (7) failed to connect to 127.0.0.1 port %d: connection "
            "refused (%s)" % (port, shown)])
        url_text, effective, obj = r.stdout.rstrip(b"\n").split(b"|", 2)
        self.assertEqual((url_text.decode(), effective.decode()), (shown, shown))
        obj = strict_json(obj)
        self.assertEqual((obj["url"], obj["url_effective"]), (shown, shown))
        report = self.read("report.jsonl")
        self.assertNotIn(SECRET.encode(), report)
        self.assertEqual(json_lines(report)[0]["url"], shown)

    def test_credentials_still_sent_but_shown_only_in_the_request_head(self):
        url = self.url("/echo").replace("http://", "http://alice:%s@" % SECRET)
        token = base64.b64encode(("alice:" + SECRET).encode())
        r = kurl("-v", url, "-o", self.path("echo.json"), "--report",
                 self.path("report.jsonl"), "--stats", "-w", "%{url}\n%{json}\n", *CT)
        self.assertExit(r, 0)
        echoed = json.loads(self.read("echo.json"))
        self.assertEqual(echoed["headers"]["authorization"],
                         "Basic " + token.decode())
        # Only the "> Authorization" line of the request head shows it.
        self.assertNotInOutput(r, SECRET)
        self.assertNotInOutput(r, "alice")
        self.assertNotInOutput(r, token.decode(), allow=(b"> Authorization: ",))
        self.assertIn(b"> Authorization: Basic " + token, r.stderr)
        lines = r.stdout.split(b"\n")
        self.assertEqual(lines[0].decode(), self.url("/echo"))
        self.assertEqual(strict_json(lines[1])["url"], self.url("/echo"))
        self.assertIn(b"host http://127.0.0.1:%d:" % self.srv.port, r.stderr)
        self.assertNotIn(SECRET.encode(), self.read("report.jsonl"))

    def test_stats_json_hosts_keys(self):
        url = self.url("/ok").replace("http://", "http://alice:%s@" % SECRET)
        r = kurl(url, "--stats=json", "--stats-file", self.path("st.json"), *CT)
        self.assertExit(r, 0)
        self.assertNotInOutput(r, SECRET)
        st = strict_json(self.read("st.json"))
        self.assertEqual(list(st["hosts"]), ["http://127.0.0.1:%d" % self.srv.port])

    def test_unsupported_scheme_error_line_and_write_out(self):
        r = kurl("ftp://alice:%s@files.invalid/x" % SECRET,
                 "--report", "-", "-w", "%{url_effective} %{json}\n")
        self.assertExit(r, 1)
        self.assertNotInOutput(r, SECRET)
        self.assertNotInOutput(r, "alice")
        self.assertEqual(error_lines(r), [
            'kurl: (1) protocol "ftp" not supported (ftp://files.invalid/x)'])
        self.assertTrue(r.stdout.startswith(b"ftp://files.invalid/x {"), r.stdout)

    def test_malformed_url_error_line(self):
        # A space makes the URL malformed: it is still named, without its
        # password (also the part after the space).
        r = kurl("http://alice:%s word@127.0.0.1:1/x" % SECRET, "--report", "-")
        self.assertExit(r, 3)
        self.assertNotInOutput(r, SECRET)
        self.assertNotInOutput(r, "word@")
        self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_batch_lines_quoted_in_the_report(self):
        port = closed_port()
        batch = self.path("b.jsonl")
        with open(batch, "w") as f:
            # url read, then the line fails: the report names the url.
            f.write('{"url": "http://alice:%s@127.0.0.1:%d/a", "bogus": 1}\n'
                    % (SECRET, port))
            # the line fails before its url: the report quotes the line.
            f.write('{"bogus": 1, "url": "http://bob:%s@127.0.0.1:%d/b"}\n'
                    % (SECRET, port))
            f.write("http://carol:%s@127.0.0.1:%d/c\n" % (SECRET, port))
        r = kurl("--batch", batch, "--batch-format=jsonl", "--report", "-",
                 "-w", "%{url}\n", *CT)
        self.assertNotInOutput(r, SECRET)
        self.assertEqual(len(error_lines(r)), 3, r.stderr)
        reports = json_lines(r.stdout)
        self.assertEqual(len(reports), 3, r.stdout)
        self.assertIn('http://127.0.0.1:%d/b' % port, reports[1]["url"])

    def test_redirect_to_a_location_with_credentials(self):
        target = self.url("/ok").replace("http://", "http://bob:%s@" % SECRET)
        url = self.url("/redirect?to=") + target.replace(":", "%3A").replace("@", "%40")
        r = kurl("-L", "-v", url, "-o", "/dev/null", "-w",
                 "%{url_effective}\n%{json}\n", *CT)
        self.assertExit(r, 0)
        # The URL given carries the secret in its query (that is no
        # credential); what the redirect led to is shown without it.
        effective, obj, _ = r.stdout.split(b"\n")
        self.assertEqual(effective.decode(), self.url("/ok"))
        self.assertEqual(strict_json(obj)["url_effective"], self.url("/ok"))
        for line in text_lines(r.stderr):
            if line.startswith(b"* "):
                self.assertNotIn(SECRET.encode(), line)


class ProxyCredentialsNeverPrinted(LeakTestCase):

    def test_malformed_proxy_url_flag_and_environment(self):
        cases = [
            (("-x", "http://pu:%s@127.0.0.1:99999" % PROXY_SECRET), {}),
            (("-x", "pu:%s@bad host:1" % PROXY_SECRET), {}),
            ((), {"http_proxy": "http://pu:%s@bad host:1" % PROXY_SECRET}),
        ]
        for args, env in cases:
            with self.subTest(args=args, env=env):
                r = kurl(*args, "http://example.invalid/ok", "--report", "-",
                         "-w", "%{errormsg}|%{json}\n", env=env)
                self.assertExit(r, 5)
                self.assertNotInOutput(r, PROXY_SECRET)
                self.assertNotInOutput(r, "pu:")
                lines = error_lines(r)
                self.assertEqual(len(lines), 1, r.stderr)
                self.assertIn("malformed proxy URL '", lines[0])
                for line in r.stdout.splitlines():
                    if line.startswith(b"{"):
                        strict_json(line)

    def test_proxy_with_password_in_verbose_and_outputs(self):
        with Tinyproxy(basic_auth=("pu", PROXY_SECRET)) as proxy:
            proxy_url = proxy.url.replace("http://", "http://pu:%s@" % PROXY_SECRET)
            token = base64.b64encode(("pu:" + PROXY_SECRET).encode()).decode()
            r = kurl("-v", "-x", proxy_url, self.url("/ok"), "--stats",
                     "--report", "-", "-w", "%{json}\n", *CT)
            self.assertExit(r, 0)
            self.assertNotInOutput(r, PROXY_SECRET)
            self.assertNotInOutput(r, token, allow=(b"> Proxy-Authorization: ",))
            self.assertIn(b"> Proxy-Authorization: Basic " + token.encode(), r.stderr)
            # A wrong password: tinyproxy answers 407, and nothing shows it.
            wrong = proxy.url.replace("http://", "http://pu:Wr0ng%s@" % PROXY_SECRET)
            r = kurl("-v", "-f", "-x", wrong, self.url("/ok"), "--report", "-", *CT)
            self.assertExit(r, 22)
            self.assertNotInOutput(r, PROXY_SECRET, allow=(b"> Proxy-Authorization: ",))

    def test_connect_refused_by_the_proxy(self):
        reply = (b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                 b"Content-Length: 0\r\n\r\n")
        with RawServer(lambda req: Reply(reply, close=True)) as proxy:
            r = kurl("-v", "-x", "http://pu:%s@127.0.0.1:%d" % (PROXY_SECRET, proxy.port),
                     "https://example.invalid/", "--report", "-", *CT)
        self.assertExit(r, 56)
        self.assertNotInOutput(r, PROXY_SECRET)
        self.assertIn("407", error_lines(r)[0])
        # The CONNECT itself carried the credentials.
        token = base64.b64encode(("pu:" + PROXY_SECRET).encode())
        self.assertIn(b"Proxy-Authorization: Basic " + token, proxy.requests[0].raw)


# ------------------------------------------------------------ printed text
class PrintedTextIsSafe(LeakTestCase):

    def test_header_value_with_c1_and_invalid_utf8(self):
        # X-Evil: a, U+009B (CSI) "2J", a lone 0xFF byte.
        url = self.url("/header?name=X-Evil&value=a%c2%9b2J%ff")
        r = kurl("-v", "-o", "/dev/null", url, "-w", "%header{X-Evil}\n", *CT)
        self.assertExit(r, 0)
        self.assertSafeText(r.stderr, "-v")
        self.assertSafeText(r.stdout, "-w %header{}")
        self.assertIn(b"< X-Evil: a\\xc2\\x9b2J\\xff\n", r.stderr)
        self.assertEqual(r.stdout, b"a\\xc2\\x9b2J\\xff\n")

    def test_content_type_not_utf8_in_json(self):
        url = self.url("/content-type?type=text/plain%3B%20name%3Dcaf%e9%9b")
        r = kurl("-o", "/dev/null", url, "-w", "%{json}\n%{content_type}\n", *CT)
        self.assertExit(r, 0)
        obj_line, text_line, _ = r.stdout.split(b"\n")
        self.assertEqual(strict_json(obj_line)["content_type"],
                         "text/plain; name=caf\u00e9\u009b")
        self.assertEqual(text_line, b"text/plain; name=caf\\xe9\\x9b")

    def test_location_with_control_bytes_in_verbose(self):
        # A Location with an 8-bit CSI and a byte that is not UTF-8, not followed.
        url = self.url("/redirect?to=/ok%3Fx%3D%9b2J%ff")
        r = kurl("-v", url, "-o", "/dev/null", "-w", "%header{Location}\n", *CT)
        self.assertExit(r, 0)
        self.assertSafeText(r.stderr, "-v")
        self.assertIn(b"< Location: /ok?x=\\x9b2J\\xff\n", r.stderr)
        self.assertEqual(r.stdout, b"/ok?x=\\x9b2J\\xff\n")

    def test_followed_location_not_utf8_keeps_json_valid(self):
        url = self.url("/redirect?to=/ok%3Fx%3Dcaf%e9")
        r = kurl("-L", url, "-o", "/dev/null", "--report", self.path("r.jsonl"),
                 "-w", "%{json}\n", *CT)
        self.assertExit(r, 0)
        effective = strict_json(r.stdout)["url_effective"]
        self.assertTrue(effective.startswith(self.url("/ok?x=caf")), effective)
        self.assertEqual(json_lines(self.read("r.jsonl"))[0]["status"], 200)

    def test_reason_phrase_with_escape_sequences(self):
        reply = (b"HTTP/1.1 200 OK\x1b]0;pwned\x07\x9b2J\xff\r\n"
                 b"Content-Length: 3\r\nConnection: close\r\n\r\nok\n")
        with RawServer(lambda req: Reply(reply, close=True)) as srv:
            r = kurl("-v", "-o", "/dev/null", "http://127.0.0.1:%d/" % srv.port, *CT)
        self.assertExit(r, 0)
        self.assertSafeText(r.stderr, "-v")
        self.assertIn(b"< HTTP/1.1 200 OK\\x1b]0;pwned\\x07\\x9b2J\\xff\n", r.stderr)

    def test_proxy_reply_line_in_the_error_line(self):
        reply = (b"HTTP/1.1 403 Denied\x1b[2J\x9b\xff\rkurl: (0) fine\r\n"
                 b"Content-Length: 0\r\n\r\n")
        with RawServer(lambda req: Reply(reply, close=True)) as proxy:
            r = kurl("-x", "http://127.0.0.1:%d" % proxy.port,
                     "https://example.invalid/", "--report", "-", "-w",
                     "%{errormsg}\n", *CT)
        self.assertExit(r, 56)
        self.assertSafeText(r.stderr, "error line")
        self.assertSafeText(r.stdout.split(b"\n", 1)[0], "-w %{errormsg}")
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn("Denied\\x1b[2J\\x9b\\xff\\rkurl: (0) fine", lines[0])
        report = json_lines(r.stdout)[0]
        self.assertIn("Denied\u001b[2J\u009b\u00ff\rkurl: (0) fine", report["error"])

    def test_usage_errors_and_warnings_are_escaped(self):
        # main printed these raw: a usage error or -w warning could write escape sequences.
        r = kurl("-H", "X\x1b[31mred", self.url("/ok"))
        self.assertExit(r, 2)
        self.assertSafeText(r.stderr, "usage error")
        self.assertIn(b"\\x1b[31m", r.stderr)
        r = kurl("--keepalive", "1\x1b]0;pwned\x07", self.url("/ok"))
        self.assertExit(r, 2)
        self.assertSafeText(r.stderr, "CLI error")
        r = kurl("-w", "%{\x1b[2Jnope}", self.url("/ok"), "-o", "/dev/null")
        self.assertSafeText(r.stderr, "-w warning")

    def test_control_characters_in_a_batch_url_cannot_forge_lines(self):
        batch = self.path("b.jsonl")
        forged = "kurl: (0) all good"
        with open(batch, "w") as f:
            f.write(json.dumps({"url": self.url("/ok?x=1\r\n" + forged + "\x1b[1A")})
                    + "\n")
        r = kurl("--batch", batch, "--report", self.path("r.jsonl"), "-w",
                 "%{url}\n", *CT)
        self.assertExit(r, 3)
        self.assertSafeText(r.stderr, "stderr")
        self.assertSafeText(r.stdout, "-w %{url}")
        self.assertEqual(len(error_lines(r)), 1, r.stderr)
        self.assertFalse(any(l.startswith(forged) for l in
                             r.stderr.decode().splitlines()), r.stderr)
        self.assertEqual(r.stdout.count(b"\n"), 1, r.stdout)
        self.assertIn(b"x=1\\r\\nkurl: (0) all good\\x1b[1A", r.stdout)
        report = json_lines(self.read("r.jsonl"))
        self.assertEqual(report[0]["url"], self.url("/ok?x=1\r\n" + forged + "\x1b[1A"))

    def test_url_bytes_not_utf8_in_report_write_out_and_verbose(self):
        url = self.url("/ok").encode() + b"?q=caf\xe9\xff\xfe"
        r = kurl("-v", url, "-o", "/dev/null", "--report", self.path("r.jsonl"),
                 "-w", "%{json}\n%{url}\n", *CT)
        self.assertExit(r, 0)
        self.assertSafeText(r.stderr, "-v")
        obj_line, url_line, _ = r.stdout.split(b"\n")
        obj = strict_json(obj_line)
        self.assertEqual(obj["url"], self.url("/ok") + "?q=caf\u00e9\u00ff\u00fe")
        self.assertEqual(url_line, self.url("/ok").encode() + b"?q=caf\\xe9\\xff\\xfe")
        report = json_lines(self.read("r.jsonl"))
        self.assertEqual(report[0]["url"], obj["url"])
        self.assertIn(b"> GET /ok?q=caf\\xe9\\xff\\xfe HTTP/1.1\n", r.stderr)
        # The bytes themselves went on the wire as given.
        self.assertEqual(self.srv.stats()["log"][0]["path"],
                         "/ok?q=caf\u00e9\u00ff\u00fe")


if __name__ == "__main__":
    unittest.main()
