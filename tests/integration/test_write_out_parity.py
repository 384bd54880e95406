"""-w/--write-out as curl 7.88 has it (issue 13, "Write-out, as curl does
it"): every documented variable, %{json}'s keys, num_connects across
redirects, -w @file's line breaks, and %{stderr}/%{stdout}.

Values that do not depend on time or on the client (no User-Agent, no
local port) are compared with the installed curl on the same command
against the same local server; times are checked for format and order.
"""

import json
import os
import re
import shutil
import subprocess
import unittest

from kurl_itest import KurlTestCase, kurl
from support.harness import Tinyproxy

CURL = shutil.which("curl")

# Variables whose value is the same for curl and kurl on the same request.
PARITY_FORMAT = "|".join("%{" + name + "}" for name in (
    "certs", "content_type", "exitcode", "ftp_entry_path", "header_json",
    "http_code", "http_connect", "http_version", "local_ip", "method",
    "num_certs", "num_connects", "num_headers", "num_redirects",
    "proxy_ssl_verify_result", "redirect_url", "referer", "remote_ip",
    "remote_port", "response_code", "scheme", "size_download",
    "size_upload", "ssl_verify_result", "url", "url_effective", "urlnum",
)) + "\\n"

TIME_NAMES = ("time_namelookup", "time_connect", "time_appconnect",
              "time_pretransfer", "time_redirect", "time_starttransfer",
              "time_total")


def curl(*args, timeout=30):
    return subprocess.run([CURL, "-s"] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)


@unittest.skipUnless(CURL, "curl is not installed")
class WriteOutParity(KurlTestCase):
    def both(self, *args):
        """(kurl's, curl's) stdout for the same -s command."""
        mine = kurl("-s", *args)
        theirs = curl(*args)
        self.assertEqual(mine.returncode, theirs.returncode,
                         "exit codes differ: %r" % (args,))
        return mine.stdout, theirs.stdout

    def test_each_deterministic_variable_matches_curl(self):
        cases = [
            [self.url("/ok")],
            [self.url("/ok?size=1000"), "-d", "abc"],
            [self.url("/redirect?to=/ok")],
            ["-L", self.url("/redirect?to=/ok")],
            ["-L", self.url("/redirect?to=/status%3Fcode%3D404")],
            [self.url("/status?code=503")],
            [self.url("/header?name=X-A&value=1&name=x-a&value=%22q%5C")],
            [self.url("/http10")],
            ["-e", "http://ref.example/", self.url("/ok")],
            ["-X", "PUT", self.url("/ok")],
            ["http://127.0.0.1:1/"],
        ]
        for args in cases:
            with self.subTest(args=args):
                mine, theirs = self.both("-o", os.devnull, "-w", PARITY_FORMAT,
                                         *args)
                self.assertEqual(mine, theirs)

    def test_size_header_counts_every_head_as_curl_does(self):
        # Every hop's head and 1xx heads, byte for byte as they came.
        for args in ([self.url("/ok")], [self.url("/interim")],
                     ["-L", self.url("/redirect?to=/ok")], [self.url("/chunked")],
                     ["-I", self.url("/ok")], ["http://127.0.0.1:1/"]):
            with self.subTest(args=args):
                mine, theirs = self.both("-o", os.devnull, "-w", "%{size_header}", *args)
                self.assertEqual(mine, theirs)

    def test_http_connect_is_the_proxys_answer_to_connect(self):
        # Through a tunnel (-p makes curl CONNECT for plain HTTP too; kurl tunnels https):
        # tinyproxy refusing CONNECT to a port it does not allow answers 403.
        with Tinyproxy(connect_ports=[1]) as proxy:
            mine = kurl("-s", "-o", os.devnull, "-x", proxy.url, "-w", "%{http_connect}",
                        "https://127.0.0.1:%d/" % self.srv.port)
            theirs = subprocess.run(
                ["curl", "-s", "-o", os.devnull, "-x", proxy.url, "-w", "%{http_connect}",
                 "https://127.0.0.1:%d/" % self.srv.port], capture_output=True, timeout=20)
        self.assertEqual(mine.stdout, theirs.stdout)
        self.assertEqual(mine.stdout, b"403")
        plain = kurl("-s", "-o", os.devnull, "-w", "%{http_connect}", self.url("/ok"))
        self.assertEqual(plain.stdout, b"000")

    def test_filename_effective_and_onerror_match_curl(self):
        target = self.path("body.txt")
        mine, theirs = self.both("-o", target, "-w", "[%{filename_effective}]",
                                 self.url("/ok"))
        self.assertEqual(mine, theirs)
        self.assertEqual(mine, ("[%s]" % target).encode())
        for url in (self.url("/ok"), "http://127.0.0.1:1/"):
            mine, theirs = self.both("-o", os.devnull, "-w",
                                     "a%{onerror}b%{exitcode}", url)
            self.assertEqual(mine, theirs)

    def test_json_has_curls_keys_and_values(self):
        fmt = "%{json}"
        for args in ([self.url("/ok")], ["-L", self.url("/redirect?to=/ok")],
                     ["http://127.0.0.1:1/"]):
            with self.subTest(args=args):
                mine, theirs = self.both("-o", os.devnull, "-w", fmt, *args)
                mine, theirs = json.loads(mine), json.loads(theirs)
                self.assertEqual(set(mine) - set(theirs),
                                 {"connection_id", "reused"})
                self.assertEqual(set(theirs) - set(mine), set())
                # curl's keys come in curl's order (kurl's own in theirs).
                self.assertEqual([k for k in mine if k in theirs], list(theirs))
                self.assertTrue(mine["curl_version"].startswith("kurl/"))
                different = {"curl_version", "errormsg", "local_port",
                             "size_request", "speed_download",
                             "speed_upload"} | set(TIME_NAMES)
                for key in set(theirs) - different:
                    self.assertEqual(mine[key], theirs[key], key)
                for key in TIME_NAMES:
                    self.assertIsInstance(mine[key], float, key)

    def test_times_have_curls_format_and_order(self):
        fmt = " ".join("%{" + n + "}" for n in TIME_NAMES) + " %{speed_download}"
        r = kurl("-s", "-L", "-o", os.devnull, "-w", fmt,
                 self.url("/redirect?to=" + self.srv.url("/delay?ms=30")
                          .replace("127.0.0.1", "localhost")))
        self.assertExit(r, 0)
        words = r.stdout.decode().split()
        for word in words[:-1]:
            self.assertRegex(word, r"^\d+\.\d{6}$")
        t = dict(zip(TIME_NAMES, map(float, words)))
        # The final hop opened a new connection (another host name), so every
        # step of it was measured, after the redirect.
        self.assertGreater(t["time_redirect"], 0)
        self.assertLessEqual(t["time_redirect"], t["time_namelookup"])
        self.assertLessEqual(t["time_namelookup"], t["time_connect"])
        self.assertLessEqual(t["time_connect"], t["time_pretransfer"])
        self.assertLessEqual(t["time_pretransfer"], t["time_starttransfer"])
        self.assertLessEqual(t["time_starttransfer"], t["time_total"])
        self.assertGreaterEqual(t["time_starttransfer"] - t["time_pretransfer"], 0.025)
        self.assertEqual(t["time_appconnect"], 0)
        # 6 bytes in time_total seconds, as an integer.
        self.assertEqual(int(words[-1]), int(6 / t["time_total"]))

    def test_num_connects_counts_every_hop(self):
        fmt = "%{num_connects} %{num_redirects}"
        reused = self.url("/redirect?to=/ok")
        opened = self.url("/redirect?to=" + self.srv.url("/ok").replace(
            "127.0.0.1", "localhost"))
        for url, expected in ((reused, b"1 1"), (opened, b"2 1")):
            with self.subTest(url=url):
                mine, theirs = self.both("-L", "-o", os.devnull, "-w", fmt, url)
                self.assertEqual(mine, expected)
                self.assertEqual(mine, theirs)
        # A second request on the connection of the first opens none.
        r = kurl("-s", "-o", os.devnull, "-w", "%{num_connects}",
                 self.url("/ok"), self.url("/ok"))
        self.assertEqual(r.stdout, b"10")

    def test_format_file_line_breaks_as_curl_reads_them(self):
        contents = {
            "lines": b"code=%{http_code}\nsize=%{size_download}\\n\n",
            "crlf": b"a\r\nb\\r\\n\r\n%{http_version}\r\n",
            "cr_cuts_the_line": b"A%{http_code}\rZZ\nB\\n\r\nC\tD\n\nE",
            "nul": b"q" * 10 + b"\0rest\nend\\n",
            "long_line": b"x" * 10 + b"\r" + b"y" * 300 + b"\n" + b"z" * 600 + b"\n",
        }
        for name, data in contents.items():
            with self.subTest(file=name):
                path = self.path(name)
                with open(path, "wb") as f:
                    f.write(data)
                mine, theirs = self.both("-o", os.devnull, "-w", "@" + path,
                                         self.url("/ok"))
                self.assertEqual(mine, theirs)
                if name == "lines":  # only the escape makes a line break
                    self.assertEqual(mine, b"code=200size=6\n")

    def test_stderr_and_stdout_switch_the_stream(self):
        fmt = "o1 %{http_code}%{stderr}e1 %{http_code}%{stdout}o2%{stderr}e2\\n"
        mine = kurl("-s", "-o", os.devnull, "-w", fmt, self.url("/ok"))
        theirs = curl("-o", os.devnull, "-w", fmt, self.url("/ok"))
        self.assertExit(mine, 0)
        self.assertEqual(mine.stdout, b"o1 200o2")
        self.assertEqual((mine.stdout, mine.stderr), (theirs.stdout, theirs.stderr))

    def test_stderr_text_keeps_input_order_and_body_stays_on_stdout(self):
        r = kurl("-s", "-w", "%{stderr}%{urlnum}:%{http_code}\\n",
                 self.url("/ok"), self.url("/status?code=404"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.count(b"hello"), 1)
        self.assertEqual(r.stderr, b"0:200\n1:404\n")

    def test_closed_stderr_fails_the_run_like_closed_stdout(self):
        # curl ignores a failed write to stderr; kurl checks it as it checks
        # standard output: exit 23, no more requests after it.
        cmd = [os.environ.get("KURL_BIN", "kurl"), "-s", "-o", os.devnull, "-w",
               "%{stderr}%{http_code}", self.url("/ok")]
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           timeout=30, preexec_fn=lambda: os.close(2))
        self.assertEqual(r.returncode, 23)
        # Without %{stderr} nothing is written there: the run succeeds.
        cmd[5] = "%{http_code}"
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           timeout=30, preexec_fn=lambda: os.close(2))
        self.assertEqual((r.returncode, r.stdout), (0, b"200"))
        # A closed standard output fails the same way (it used to abort).
        cmd[1] = "-sS"
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=30, preexec_fn=lambda: os.close(1))
        self.assertEqual(r.returncode, 23)
        self.assertIn(b"failure writing output to stdout", r.stderr)

    def test_every_documented_variable_is_known(self):
        # Each variable of curl 7.88 expands without a warning.
        names = re.findall(r'"([a-z_]+)":', curl(
            "-o", os.devnull, "-w", "%{json}", self.url("/ok")).stdout.decode())
        names = [n for n in names if n != "curl_version"]
        names += ["header_json", "json", "onerror", "stdout", "stderr"]
        fmt = "".join("%{" + n + "}" for n in names)
        r = kurl("-o", os.devnull, "-w", fmt, self.url("/ok"))
        self.assertExit(r, 0)
        self.assertNotIn(b"warning", r.stderr)


if __name__ == "__main__":
    unittest.main()
