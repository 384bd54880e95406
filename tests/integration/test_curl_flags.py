"""The miscellaneous curl flags scripts use (issue 14), each held against
the installed curl 7.88 on the same command against the same local server:
same bytes, same exit code.

-D/--dump-header: every response head of the transfer (1xx and redirect hops
included), to a file truncated once and appended to by each URL, or to
standard output.

-n/--netrc, --netrc-file, --netrc-optional: the host's entry, never another
host's (a redirect to another host gets that host's own entry or nothing).

--oauth2-bearer, --basic, --location-trusted, --post301/302/303: what the last
hop of a redirect carries (method, body, Authorization), as curl sends it.

--path-as-is, -0/--http1.0: the request bytes on the wire, against curl's
(User-Agent apart); --no-keepalive: no SO_KEEPALIVE on the socket.

--trace-ascii: the Send and Recv blocks of curl's file, exactly (the Info lines
are worded differently).

-#/--progress-bar: curl's bar on a pseudo-terminal's stderr (nothing on a pipe
or with -s).
"""

import json
import os
import subprocess
import time
import unittest

from kurl_itest import KurlTestCase, kurl
from support.harness import find_kurl
from support.raw_server import RawServer
from test_progress import run_with_terminal_stderr
from test_write_out_parity import CURL, curl  # curl -s ARGS, bounded


@unittest.skipUnless(CURL, "curl is not installed")
class CurlParity(KurlTestCase):
    def both(self, *args):
        """(kurl's, curl's) results for the same -s command; same exit code."""
        mine = kurl("-s", *args)
        theirs = curl(*args)
        self.assertEqual(mine.returncode, theirs.returncode,
                         "exit codes differ for %r:\n%s" % (args, mine.stderr))
        return mine, theirs


class DumpHeader(CurlParity):
    def test_stdout_gets_every_head_as_curl_writes_it(self):
        cases = [
            ["-o", os.devnull, self.url("/interim")],          # 100 and 103 too
            ["-L", self.url("/redirect?to=/ok")],              # each hop, then the body
            [self.url("/redirect?to=/ok")],                    # no -L: the 302 only
            ["-f", self.url("/status?code=404")],              # -f keeps the body back
            ["-i", self.url("/ok")],                           # curl: line by line twice
            ["-i", self.url("/chunked")],                      # trailers too
            ["-I", self.url("/ok")],
            ["-o", self.path("body"), self.url("/chunked")],   # body to a file
        ]
        for args in cases:
            with self.subTest(args=args):
                mine, theirs = self.both("-D", "-", *args)
                self.assertEqual(mine.stdout, theirs.stdout)
        self.assertIn(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n",
                      kurl("-s", "-D", "-", "-o", os.devnull,
                           self.url("/interim")).stdout)

    def test_file_is_truncated_once_then_gets_each_urls_heads(self):
        heads = {}
        for name, run in (("kurl", lambda *a: kurl("-s", *a)), ("curl", curl)):
            target = self.path(name + ".heads")
            with open(target, "wb") as f:
                f.write(b"old content that must go\n")
            r = run("-D", target, "-L", self.url("/ok"),
                    self.url("/redirect?to=/ok"), self.url("/interim"))
            self.assertExit(r, 0)
            self.assertEqual(r.stdout, b"hello\nhello\nfinal\n")
            with open(target, "rb") as f:
                heads[name] = f.read()
        self.assertEqual(heads["kurl"], heads["curl"])
        self.assertTrue(heads["kurl"].startswith(b"HTTP/1.1 200 OK\r\n"))
        self.assertEqual(heads["kurl"].count(b"HTTP/1.1 "), 6)

    def test_batch_heads_go_to_the_file_in_order(self):
        batch = self.path("batch.txt")
        with open(batch, "w") as f:
            f.write("%s\n%s\n" % (self.url("/ok"), self.url("/status?code=503")))
        target = self.path("heads")
        r = kurl("-s", "-D", target, "--batch", batch, "-o", os.devnull)
        self.assertExit(r, 0)
        with open(target, "rb") as f:
            data = f.read()
        self.assertRegex(data, rb"(?s)^HTTP/1.1 200 OK\r\n.*\r\n\r\nHTTP/1.1 503 ")

    def test_a_file_that_cannot_be_opened_is_23_before_any_request(self):
        # curl 7.88 crashes here (SIGSEGV); its code means 23 ("Failed to open").
        r = kurl("-D", self.path("missing", "heads"), self.url("/ok"))
        self.assertExit(r, 23)
        self.assertIn(b"kurl: (23) failure writing headers to " +
                      self.path("missing", "heads").encode(), r.stderr)
        self.assertEqual(self.srv.stats()["requests"], 0)
        self.assertEqual(r.stdout, b"")

    def test_a_failed_write_is_23(self):
        # curl 7.88 never checks this write and exits 0; kurl loses nothing quietly.
        r = kurl("-D", "/dev/full", self.url("/ok"))
        self.assertExit(r, 23)
        self.assertIn(b"kurl: (23) failure writing headers to /dev/full", r.stderr)



class Netrc(CurlParity):
    def netrc(self, text, name="netrc"):
        target = self.path(name)
        with open(target, "w") as f:
            f.write(text)
        return target

    def sent_authorization(self, *args, env=None):
        """(kurl's, curl's) Authorization header as /echo saw it, None when
        none was sent; the same exit code from both."""
        mine = kurl("-s", *args, env=env)
        theirs = subprocess.run([CURL, "-s"] + list(args), capture_output=True,
                                timeout=30, env=env)
        self.assertEqual(mine.returncode, theirs.returncode, mine.stderr)
        self.assertExit(mine, 0)
        auth = [json.loads(r.stdout)["headers"].get("authorization")
                for r in (mine, theirs)]
        return auth[0], auth[1]

    def test_the_hosts_entry_as_curl_reads_the_file(self):
        echo = self.url("/echo")
        user_echo = echo.replace("://", "://bob@")
        pass_echo = echo.replace("://", "://bob:pw@")
        cases = [
            ("machine 127.0.0.1 login alice password s3cret\n", [echo]),
            ("machine other login bob password b\ndefault login dflt password d\n", [echo]),
            ("# c\nmachine 127.0.0.1 login \"al ice\" password \"s3\\\"c\\tret\"\n", [echo]),
            ("macdef m\nmachine 127.0.0.1 login mac password m\n\n"
             "MACHINE 127.0.0.1 LOGIN a PASSWORD p#x # comment\n", [echo]),
            ("machine 127.0.0.1 login alice\n", [echo]),
            ("machine other login bob password b\n", [echo]),
            ("machine 127.0.0.1 login alice password s3cret\n", ["-u", "u:p", echo]),
            ("machine 127.0.0.1 login alice password s3cret\n", [user_echo]),
            ("machine 127.0.0.1 login alice password s3cret\n", [pass_echo]),
            ("machine 127.0.0.1 login alice password s3cret\n",
             ["--netrc-optional", pass_echo]),
            ("machine other login alice password s3cret\n", [pass_echo]),
        ]
        for text, args in cases:
            with self.subTest(text=text, args=args):
                mine, theirs = self.sent_authorization("--netrc-file", self.netrc(text),
                                                       *args)
                self.assertEqual(mine, theirs)
        mine, _ = self.sent_authorization("--netrc-file", self.netrc(
            "machine 127.0.0.1 login alice password s3cret\n"), echo)
        self.assertEqual(mine, "Basic YWxpY2U6czNjcmV0")

    def test_dash_n_reads_home_netrc(self):
        home = self.path("home")
        os.mkdir(home)
        self.netrc("machine 127.0.0.1 login h password p\n", os.path.join("home", ".netrc"))
        env = dict(os.environ, HOME=home)
        for flag in ("-n", "--netrc-optional"):
            mine, theirs = self.sent_authorization(flag, self.url("/echo"), env=env)
            self.assertEqual(mine, theirs)
            self.assertEqual(mine, "Basic aDpw")
        mine, theirs = self.sent_authorization(self.url("/echo"), env=env)
        self.assertEqual((mine, theirs), (None, None))  # no -n: no netrc

    def test_a_redirect_to_another_host_never_gets_the_first_hosts_entry(self):
        other = "http://localhost:%d/echo" % self.srv.port
        hop = self.url("/redirect?to=" + other)
        only_first = self.netrc("machine 127.0.0.1 login alice password s3cret\n")
        mine, theirs = self.sent_authorization("--netrc-file", only_first, "-L", hop)
        self.assertEqual((mine, theirs), (None, None))
        # Not even with --location-trusted-like habits: each host has its own entry.
        both = self.netrc("machine 127.0.0.1 login alice password s3cret\n"
                          "machine localhost login lh password other\n")
        mine, theirs = self.sent_authorization("--netrc-file", both, "-L", hop)
        self.assertEqual(mine, theirs)
        self.assertEqual(mine, "Basic bGg6b3RoZXI=")

    def test_a_file_curl_cannot_parse_is_26_before_any_request(self):
        broken = self.netrc("machine 127.0.0.1 login \"alice password x\n")
        mine = kurl("--netrc-file", broken, self.url("/ok"))
        theirs = curl("--netrc-file", broken, self.url("/ok"))
        self.assertExit(mine, 26)
        self.assertEqual(theirs.returncode, 26)
        self.assertIn(b"kurl: (26) netrc file %s line 1: a quoted value has no closing quote"
                      % broken.encode(), mine.stderr)
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_a_file_that_cannot_be_read_sends_nothing_as_curl(self):
        # curl 7.88 goes on without credentials (exit 0); kurl also warns.
        for missing in (self.path("missing"), self.tmp):
            mine, theirs = self.sent_authorization("--netrc-file", missing, self.url("/echo"))
            self.assertEqual((mine, theirs), (None, None))
            r = kurl("--netrc-file", missing, self.url("/ok"))
            self.assertIn(b"kurl: warning: ", r.stderr)
            self.assertIn(b"no netrc credentials sent", r.stderr)



class AuthAndRedirects(CurlParity):
    def final_request(self, *args):
        """(method, body, Authorization) that /echo saw at the end of the
        redirects, the same for kurl and curl."""
        mine, theirs = self.both(*args)
        seen = []
        for r in (mine, theirs):
            echo = json.loads(r.stdout)
            seen.append((echo["method"], echo["body"], echo["headers"].get("authorization")))
        self.assertEqual(seen[0], seen[1], args)
        return seen[0]

    def hop(self, code, to="/echo"):
        return self.url("/redirect?code=%d&to=%s" % (code, to))

    def test_bearer_is_sent_and_wins_over_user(self):
        self.assertEqual(self.final_request("--oauth2-bearer", "tok", self.url("/echo")),
                         ("GET", "", "Bearer tok"))
        self.assertEqual(self.final_request("--oauth2-bearer", "tok", "-u", "a:b",
                                            self.url("/echo")), ("GET", "", "Bearer tok"))
        self.assertEqual(self.final_request("--basic", "-u", "a:b", self.url("/echo")),
                         ("GET", "", "Basic YTpi"))
        self.assertEqual(self.final_request("--basic", self.url("/echo")), ("GET", "", None))

    def test_credentials_stay_on_the_first_host_unless_location_trusted(self):
        other = "http://localhost:%d/echo" % self.srv.port
        for creds in (["-u", "a:b"], ["--oauth2-bearer", "tok"],
                      ["-H", "Authorization: Custom x"]):
            with self.subTest(creds=creds):
                self.assertEqual(self.final_request(*creds, "-L", self.hop(302, other))[2],
                                 None)
                sent = self.final_request(*creds, "--location-trusted", self.hop(302, other))
                self.assertIsNotNone(sent[2])
                # On the same host they go with -L alone.
                self.assertIsNotNone(self.final_request(*creds, "-L", self.hop(302))[2])

    def test_post30x_keep_post_and_its_body(self):
        for code in (301, 302, 303):
            with self.subTest(code=code):
                self.assertEqual(self.final_request("-L", "-d", "x=1", self.hop(code)),
                                 ("GET", "", None))
                kept = self.final_request("-L", "-d", "x=1", "--post%d" % code, self.hop(code))
                self.assertEqual(kept, ("POST", "x=1", None))
                others = [c for c in (301, 302, 303) if c != code]
                self.assertEqual(self.final_request(
                    "-L", "-d", "x=1", "--post%d" % others[0], "--post%d" % others[1],
                    self.hop(code))[0], "GET")
        # 307 keeps the method and the body, whatever the flags.
        self.assertEqual(self.final_request("-L", "-d", "x=1", self.hop(307)),
                         ("POST", "x=1", None))

    def test_bad_combinations_are_refused_before_any_request(self):
        r = kurl("--basic", "--oauth2-bearer", "tok", self.url("/ok"))
        self.assertExit(r, 2)
        self.assertIn(b"--basic and --oauth2-bearer", r.stderr)
        r = kurl("--oauth2-bearer", "a\r\nX-Evil: 1", self.url("/ok"))
        self.assertExit(r, 2)
        self.assertIn(b"--oauth2-bearer: contains a control character", r.stderr)
        self.assertEqual(self.srv.stats()["requests"], 0)



def wire_without_user_agent(requests):
    """The raw request heads (and bodies) a RawServer got, User-Agent lines
    removed, with the connection each came on."""
    out = []
    for r in requests:
        lines = [l for l in r.raw.split(b"\r\n") if not l.startswith(b"User-Agent:")]
        out.append((r.connection, b"\r\n".join(lines)))
    return out


class WireParity(CurlParity):
    def wire(self, reply, *args):
        """(kurl's, curl's) requests as a RawServer answering ``reply`` saw
        them (User-Agent apart); the same exit code from both."""
        seen = []
        for run in (lambda *a: kurl("-s", *a), curl):
            with RawServer(reply) as srv:
                r = run(*[a.replace("{url}", srv.url("/")) for a in args])
                heads = wire_without_user_agent(srv.requests)
                port = b"127.0.0.1:%d" % srv.port
                seen.append((r.returncode, [(c, h.replace(port, b"HOST")) for c, h in heads]))
        self.assertEqual(seen[0], seen[1], args)
        return seen[0][1]

    def test_path_as_is_keeps_dot_segments_in_the_url_and_the_location(self):
        ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        path = "{url}a/./b/../../c/%2e%2e/d?x=/../y"
        squashed = self.wire(lambda req: ok, path)
        self.assertIn(b"GET /c/%2e%2e/d?x=/../y HTTP/1.1", squashed[0][1])
        kept = self.wire(lambda req: ok, "--path-as-is", path)
        self.assertIn(b"GET /a/./b/../../c/%2e%2e/d?x=/../y HTTP/1.1", kept[0][1])

        def redirect(req):
            if req.target == "/start":
                return (b"HTTP/1.1 302 Found\r\nLocation: /x/../y/./z\r\n"
                        b"Content-Length: 0\r\n\r\n")
            return ok
        hops = self.wire(redirect, "--path-as-is", "-L", "{url}start")
        self.assertIn(b"GET /x/../y/./z HTTP/1.1", hops[1][1])
        hops = self.wire(redirect, "-L", "{url}start")
        self.assertIn(b"GET /y/z HTTP/1.1", hops[1][1])

    def test_http10_request_lines_and_reuse_as_curl(self):
        # An HTTP/1.0 answer closes the connection; an HTTP/1.1 one keeps it for the next.
        for version in (b"1.0", b"1.1"):
            ok = b"HTTP/" + version + b" 200 OK\r\nContent-Length: 2\r\n\r\nok"
            with self.subTest(version=version):
                sent = self.wire(lambda req: ok, "-0", "{url}a", "{url}b",
                                 "-o", os.devnull, "-o", os.devnull)
                self.assertEqual([c for c, _ in sent], [0, 1] if version == b"1.0" else [0, 0])
                self.assertTrue(sent[0][1].startswith(b"GET /a HTTP/1.0\r\nHost: "))
                self.assertNotIn(b"Connection:", sent[0][1])
        ok = b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"
        post = self.wire(lambda req: ok, "-0", "-d", "x=1", "-H", "Content-Type: text/plain",
                         "{url}form")
        self.assertTrue(post[0][1].startswith(b"POST /form HTTP/1.0\r\n"))

    def test_no_keepalive_turns_tcp_keepalive_probes_off(self):
        def keepalive_timer(*args):
            slow = kurl_popen(*args, self.url("/delay?ms=800"))
            try:
                def sockets():
                    return subprocess.run(["ss", "-tnoH", "state", "established",
                                           "dport", "= :%d" % self.srv.port],
                                          capture_output=True, text=True, timeout=5).stdout
                deadline = time.monotonic() + 5
                while not sockets().strip():
                    self.assertLess(time.monotonic(), deadline, "no connection seen")
                    time.sleep(0.05)
                time.sleep(0.3)  # options are set once the connect callback ran
                return "keepalive" in sockets()
            finally:
                slow.wait(timeout=10)
        self.assertTrue(keepalive_timer("--tcp-keepalive", "7"))
        self.assertFalse(keepalive_timer("--tcp-keepalive", "7", "--no-keepalive"))
        self.assertFalse(keepalive_timer("--no-keepalive", "--tcp-keepalive", "7"))


class TraceAscii(CurlParity):
    def blocks(self, *args, server_url=None):
        """(kurl's, curl's) --trace-ascii files without their Info lines."""
        files = []
        for name, run in (("kurl", lambda *a: kurl("-s", *a)), ("curl", curl)):
            target = self.path(name + ".trace")
            r = run("-A", "agent/1", "-o", os.devnull, "--trace-ascii", target, *args)
            self.assertExit(r, 0)
            with open(target, "rb") as f:
                files.append([l for l in f.read().split(b"\n")
                              if not l.startswith(b"== Info: ")])
        self.assertEqual(files[0], files[1], args)
        return files[0]

    def test_send_and_recv_blocks_match_curls(self):
        for args in ([self.url("/ok")], [self.url("/ok?size=200")], [self.url("/interim")],
                     ["-d", "a=1&b=2", "-H", "Content-Type:", self.url("/ok")]):
            with self.subTest(args=args):
                self.blocks(*args)
        lines = self.blocks(self.url("/ok?size=200"))
        self.assertIn(b"<= Recv data, 200 bytes (0xc8)", lines)
        self.assertIn(b"0040: " + b"x" * 64, lines)

    def test_crlf_and_unprintable_bytes_as_curl_dumps_them(self):
        body = b"line one\r\nline\x01two\x80\xff\r\n" + b"y" * 70 + b"\r\n\r\nend"
        reply = (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
        with RawServer(lambda req: reply) as srv:
            lines = self.blocks(srv.url("/bytes"))
        self.assertIn(b"0000: line one", lines)
        self.assertIn(b"000a: line.two..", lines)

    def test_dash_writes_to_stdout_before_each_body(self):
        r = kurl("-s", "--trace-ascii", "-", self.url("/ok"))
        self.assertExit(r, 0)
        # The block, then the body it shows, as curl writes them to one stream.
        self.assertIn(b"<= Recv data, 6 bytes (0x6)\n0000: hello.\nhello\n", r.stdout)

    def test_the_last_of_verbose_and_trace_ascii_wins_as_in_curl(self):
        for args, traced in ((["-v", "--trace-ascii", "-"], True),
                             (["--trace-ascii", "-", "-v"], False)):
            with self.subTest(args=args):
                mine = kurl("-s", "-o", os.devnull, *args, self.url("/ok"))
                theirs = curl("-o", os.devnull, *args, self.url("/ok"))
                for r in (mine, theirs):
                    self.assertEqual(b"=> Send header" in r.stdout, traced)
                    self.assertEqual(b"> GET /ok HTTP/1.1" in r.stderr, not traced)

    def test_a_file_that_cannot_be_opened_is_23_before_any_request(self):
        r = kurl("--trace-ascii", self.path("no", "trace"), self.url("/ok"))
        self.assertExit(r, 23)
        self.assertIn(b"kurl: (23) failure writing the trace to ", r.stderr)
        self.assertEqual(self.srv.stats()["requests"], 0)
        r = kurl("--trace-ascii", "/dev/full", self.url("/ok"))
        self.assertExit(r, 23)


class ProgressBar(CurlParity):
    def test_the_bar_is_curls_on_a_terminal(self):
        env = dict(os.environ, COLUMNS="60")
        for path in ("/ok?size=3000000", "/ok", "/chunked", "/status?code=404"):
            with self.subTest(path=path):
                runs = [run_with_terminal_stderr(["-#", "-o", os.devnull, self.url(path)],
                                                 program=prog, env=env)
                        for prog in (None, CURL)]
                self.assertEqual(runs[0][0], runs[1][0])
                # Redraws in between depend on timing; the last one and the end do not.
                last = [out[out.rfind(b"\r", 0, len(out) - 2):] for _, out in runs]
                self.assertEqual(last[0], last[1])
        self.assertTrue(run_with_terminal_stderr(
            ["-#", "-o", os.devnull, self.url("/ok")], env=env)[1].endswith(
                b"\r" + b"#" * 53 + b" 100.0%\r\n"))

    def test_a_slow_body_is_drawn_as_it_comes(self):
        env = dict(os.environ, COLUMNS="40")
        code, out = run_with_terminal_stderr(
            ["-#", "-o", os.devnull, self.url("/trickle?ms=15")], env=env)
        self.assertEqual(code, 0)
        draws = [d for d in out.split(b"\r") if d.strip()]
        self.assertGreater(len(draws), 2, out)
        self.assertTrue(all(len(d) == 40 for d in draws if d.endswith(b"%")), draws)

    def test_nothing_without_a_terminal_or_with_silent(self):
        r = kurl("-#", "-o", os.devnull, self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stderr, b"")
        code, out = run_with_terminal_stderr(["-#", "-s", "-o", os.devnull, self.url("/ok")])
        self.assertEqual((code, out), (0, b""))


def kurl_popen(*args):
    return subprocess.Popen([find_kurl(), "-s", "-o", os.devnull] + list(args),
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    unittest.main()
