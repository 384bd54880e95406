"""Command-line flags (CLI.md "Flags that mean what they mean in curl"),
checked through what the test server received (/echo and its log) and what
kurl wrote.

Note: most tests put -H/-o after the URLs; the curl-usual order (option
before URL) is tested on its own in OptionBeforeUrl."""

import base64
import json
import os
import socket
import stat
import threading
import time
import unittest

from kurl_itest import KurlTestCase, error_lines, kurl, stats_of


def echo(result, index=0):
    """The index-th /echo JSON object in result.stdout."""
    dec = json.JSONDecoder()
    text = result.stdout.decode("utf-8", "replace")
    pos, objs = 0, []
    while pos < len(text):
        while pos < len(text) and text[pos] in " \r\n\t":
            pos += 1
        if pos >= len(text) or text[pos] != "{":
            break
        obj, pos = dec.raw_decode(text, pos)
        objs.append(obj)
    if len(objs) <= index:
        raise AssertionError("no /echo object #%d in %r" % (index, text))
    return objs[index]


def header_names(e):
    return [n.lower() for n, _ in e["raw_headers"]]


class OptionBeforeUrl(KurlTestCase):
    """curl's usual order: the option first, then the URL.  -H and -o take
    exactly one value each and must not swallow the URL that follows."""

    def test_header_before_url(self):
        r = kurl("-H", "X-A: b", self.url("/echo"))
        self.assertExit(r, 0)
        self.assertEqual(echo(r)["headers"].get("x-a"), "b")

    def test_output_before_url(self):
        out = self.path("a.txt")
        r = kurl("-o", out, self.url("/ok"))
        self.assertExit(r, 0)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"hello\n")

    def test_output_pairs_in_order(self):
        a, b = self.path("a"), self.path("b")
        r = kurl("-o", a, self.url("/ok?size=3"), "-o", b,
                 self.url("/ok?size=4"), self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"hello\n")
        with open(a, "rb") as f:
            self.assertEqual(f.read(), b"xxx")
        with open(b, "rb") as f:
            self.assertEqual(f.read(), b"xxxx")


class RequestShape(KurlTestCase):
    def test_method_override(self):
        r = kurl("-X", "PUT", self.url("/echo"))
        self.assertExit(r, 0)
        e = echo(r)
        self.assertEqual(e["method"], "PUT")
        self.assertEqual(e["body_len"], 0)

    def test_default_headers(self):
        r = kurl(self.url("/echo"))
        self.assertExit(r, 0)
        e = echo(r)
        self.assertEqual(e["method"], "GET")
        self.assertEqual(e["version"], "HTTP/1.1")
        self.assertEqual(e["headers"]["host"], "127.0.0.1:%d" % self.srv.port)
        self.assertTrue(e["headers"]["user-agent"].startswith("kurl/"))
        self.assertEqual(e["headers"]["accept"], "*/*")

    def test_header_override_removal_and_empty(self):
        r = kurl(self.url("/echo"), "-H", "User-Agent:", "-H", "Accept: x",
                 "-H", "X-Empty;", "-H", "X-Custom: one two")
        self.assertExit(r, 0)
        e = echo(r)
        names = header_names(e)
        self.assertNotIn("user-agent", names)
        self.assertEqual(names.count("accept"), 1, e["raw_headers"])
        self.assertEqual(e["headers"]["accept"], "x")
        self.assertIn("x-empty", names)
        self.assertEqual(e["headers"]["x-empty"], "")
        self.assertEqual(e["headers"]["x-custom"], "one two")

    def test_host_header_override(self):
        r = kurl(self.url("/echo"), "-H", "Host: example.test")
        self.assertExit(r, 0)
        e = echo(r)
        self.assertEqual(header_names(e).count("host"), 1, e["raw_headers"])
        self.assertEqual(e["headers"]["host"], "example.test")

    def test_user_agent_referer_user(self):
        r = kurl("-A", "agent/1.0", "-e", "http://ref.example/",
                 "-u", "user:pw", self.url("/echo"))
        self.assertExit(r, 0)
        h = echo(r)["headers"]
        self.assertEqual(h["user-agent"], "agent/1.0")
        self.assertEqual(h["referer"], "http://ref.example/")
        self.assertEqual(h["authorization"],
                         "Basic " + base64.b64encode(b"user:pw").decode())

    def test_empty_user_agent_sends_none(self):
        r = kurl("-A", "", self.url("/echo"))
        self.assertExit(r, 0)
        self.assertNotIn("user-agent", header_names(echo(r)))

    def test_headers_apply_to_every_url(self):
        r = kurl(self.url("/echo"), self.url("/echo"), "-H", "X-A: 1")
        self.assertExit(r, 0)
        self.assertEqual(echo(r, 0)["headers"].get("x-a"), "1")
        self.assertEqual(echo(r, 1)["headers"].get("x-a"), "1")


class RequestBody(KurlTestCase):
    def test_data_is_form_post(self):
        r = kurl("-d", "a=1", self.url("/echo"))
        self.assertExit(r, 0)
        e = echo(r)
        self.assertEqual(e["method"], "POST")
        self.assertEqual(e["body"], "a=1")
        self.assertEqual(e["headers"]["content-type"],
                         "application/x-www-form-urlencoded")
        self.assertEqual(e["headers"]["content-length"], "3")

    def test_several_data_joined_with_ampersand(self):
        r = kurl("-d", "a=1", "-d", "b=2", "-d", "c", self.url("/echo"))
        self.assertExit(r, 0)
        self.assertEqual(echo(r)["body"], "a=1&b=2&c")

    def test_data_and_data_binary_keep_command_line_order(self):
        r = kurl("--data-binary", "a", "-d", "b", self.url("/echo"))
        self.assertExit(r, 0)
        self.assertEqual(echo(r)["body"], "a&b")

    def test_data_at_file_strips_newlines(self):
        path = self.path("d.txt")
        with open(path, "wb") as f:
            f.write(b"x=1\r\ny=2\n")
        r = kurl("-d", "@" + path, self.url("/echo"))
        self.assertExit(r, 0)
        self.assertEqual(echo(r)["body"], "x=1y=2")

    def test_data_at_stdin(self):
        r = kurl("-d", "@-", self.url("/echo"), input=b"q=1\nz=2\n")
        self.assertExit(r, 0)
        self.assertEqual(echo(r)["body"], "q=1z=2")

    def test_data_binary_at_file_exact(self):
        path = self.path("b.bin")
        payload = bytes(range(1, 128)) + b"\r\n\n"
        with open(path, "wb") as f:
            f.write(payload)
        r = kurl("--data-binary", "@" + path, self.url("/echo"))
        self.assertExit(r, 0)
        e = echo(r)
        self.assertEqual(e["body_len"], len(payload))
        self.assertEqual(e["body"].encode(), payload)

    def test_data_missing_file_fails(self):
        r = kurl("-d", "@" + self.path("nope"), self.url("/echo"))
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_json(self):
        r = kurl("--json", '{"a":1}', self.url("/echo"))
        self.assertExit(r, 0)
        e = echo(r)
        self.assertEqual(e["method"], "POST")
        self.assertEqual(e["body"], '{"a":1}')
        self.assertEqual(e["headers"]["content-type"], "application/json")
        self.assertEqual(e["headers"]["accept"], "application/json")

    def test_data_with_put(self):
        r = kurl("-X", "PUT", "-d", "v", self.url("/echo"))
        self.assertExit(r, 0)
        e = echo(r)
        self.assertEqual((e["method"], e["body"]), ("PUT", "v"))

    def test_data_on_reused_connection(self):
        r = kurl("--stats=json", "-d", "a=1", self.url("/echo"),
                 self.url("/echo"))
        self.assertExit(r, 0)
        self.assertEqual(echo(r, 1)["body"], "a=1")
        self.assertServerSaw(self.srv, connections=1, requests=2)


class Output(KurlTestCase):
    def read(self, *names):
        with open(self.path(*names), "rb") as f:
            return f.read()

    def test_outputs_in_order_rest_to_stdout(self):
        r = kurl(self.url("/ok?size=3"), self.url("/ok?size=4"),
                 self.url("/ok"), "-o", self.path("a"), "-o", self.path("b"))
        self.assertExit(r, 0)
        self.assertEqual(self.read("a"), b"xxx")
        self.assertEqual(self.read("b"), b"xxxx")
        self.assertEqual(r.stdout, b"hello\n")

    def test_remote_name_in_cwd(self):
        r = kurl("-O", self.url("/chunked"), cwd=self.tmp)
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"")
        self.assertEqual(self.read("chunked"),
                         b"chunk one\nchunk two\nchunk three\n")

    def test_remote_name_output_dir_create_dirs(self):
        r = kurl("-O", "--output-dir", self.path("sub", "dir"),
                 "--create-dirs", self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(self.read("sub", "dir", "ok"), b"hello\n")

    def test_output_dir_missing_without_create_dirs(self):
        r = kurl("-O", "--output-dir", self.path("nodir"), self.url("/ok"))
        self.assertExit(r, 23)
        self.assertFalse(os.path.exists(self.path("nodir")))

    def test_output_create_dirs(self):
        r = kurl(self.url("/ok"), "--create-dirs",
                 "-o", self.path("x", "y", "z.txt"))
        self.assertExit(r, 0)
        self.assertEqual(self.read("x", "y", "z.txt"), b"hello\n")

    def test_output_missing_dir_is_write_error(self):
        r = kurl(self.url("/ok"), "-o", self.path("x", "z.txt"))
        self.assertExit(r, 23)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_include(self):
        r = kurl("-i", self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"HTTP/1.1 200 OK\r\n"
                         b"Content-Type: text/plain\r\n"
                         b"Content-Length: 6\r\n\r\nhello\n")

    def test_failed_request_leaves_no_file(self):
        r = kurl(self.url("/truncated"), "-o", self.path("out.txt"))
        self.assertExit(r, 18)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_reset_request_leaves_no_file(self):
        r = kurl(self.url("/reset-mid-body"), "-o", self.path("out.txt"))
        self.assertIn(r.returncode, (18, 56))
        self.assertEqual(os.listdir(self.tmp), [])

    def test_failed_request_keeps_existing_file(self):
        path = self.path("keep.txt")
        with open(path, "wb") as f:
            f.write(b"old\n")
        r = kurl(self.url("/truncated"), "-o", path)
        self.assertExit(r, 18)
        self.assertEqual(self.read("keep.txt"), b"old\n")
        self.assertEqual(os.listdir(self.tmp), ["keep.txt"])

    def test_dev_null(self):
        # README: one -o /dev/null covers every later request (unlike curl,
        # where later URLs would go to stdout).
        r = kurl("--stats=json", self.url("/ok?size=100000"), self.url("/ok"),
                 "-o", "/dev/null")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"")
        self.assertTrue(stat.S_ISCHR(os.stat("/dev/null").st_mode))
        self.assertEqual(os.listdir(self.tmp), [])
        self.assertGreaterEqual(stats_of(r)["bytes_received"], 100006)
        self.assertServerSaw(self.srv, connections=1, requests=2)


class Failures(KurlTestCase):
    def test_fail_no_body(self):
        r = kurl("-f", self.url("/nope"))
        self.assertExit(r, 22)
        self.assertEqual(r.stdout, b"")
        lines = error_lines(r)
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertTrue(lines[0].startswith("kurl: (22) "), lines[0])
        self.assertIn("404", lines[0])
        self.assertIn(self.url("/nope"), lines[0])

    def test_fail_with_body(self):
        r = kurl("--fail-with-body", self.url("/nope"))
        self.assertExit(r, 22)
        self.assertEqual(r.stdout, b"not found\n")

    def test_fail_does_not_break_reuse(self):
        r = kurl("-f", "--stats=json", self.url("/nope"), self.url("/ok"))
        self.assertExit(r, 22)
        self.assertEqual(r.stdout, b"hello\n")
        self.assertServerSaw(self.srv, connections=1, requests=2)
        st = stats_of(r)
        self.assertEqual((st["succeeded"], st["failed"]), (1, 1))

    def test_silent_and_show_error(self):
        r = kurl("-s", "-f", self.url("/nope"))
        self.assertExit(r, 22)
        self.assertEqual(r.stderr, b"")
        r = kurl("-sS", "-f", self.url("/nope"))
        self.assertExit(r, 22)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)
        self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)

    def test_exit_code_first_failure_in_input_order(self):
        refused = "http://127.0.0.1:1/"
        r = kurl("-f", self.url("/nope"), refused)
        self.assertExit(r, 22)
        self.assertEqual(len(error_lines(r)), 2, r.stderr)
        r = kurl("-f", refused, self.url("/nope"))
        self.assertExit(r, 7)
        self.assertEqual([l[:10] for l in error_lines(r)],
                         ["kurl: (7) ", "kurl: (22)"])
        r = kurl("-f", self.url("/ok"), self.url("/nope"), self.url("/ok"))
        self.assertExit(r, 22)

    def test_max_time(self):
        t = time.monotonic()
        r = kurl("-m", "1", self.url("/delay?ms=3000"))
        elapsed = time.monotonic() - t
        self.assertExit(r, 28)
        self.assertLess(elapsed, 2.5)
        self.assertGreater(elapsed, 0.8)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_max_time_decimal_per_request(self):
        t = time.monotonic()
        r = kurl("-m", "0.5", self.url("/delay?ms=300"),
                 self.url("/delay?ms=300"))
        self.assertExit(r, 0)
        self.assertLess(time.monotonic() - t, 2.5)

    def test_connect_timeout(self):
        # A listener whose accept queue is full drops further SYNs, so a
        # connect to it hangs until the client gives up.
        lsock = socket.socket()
        self.addCleanup(lsock.close)
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(0)
        port = lsock.getsockname()[1]
        for _ in range(3):
            c = socket.socket()
            self.addCleanup(c.close)
            c.setblocking(False)
            try:
                c.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
        time.sleep(0.2)
        t = time.monotonic()
        r = kurl("--connect-timeout", "1", "http://127.0.0.1:%d/" % port)
        elapsed = time.monotonic() - t
        self.assertExit(r, 28)
        self.assertLess(elapsed, 2.5)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_connection_refused(self):
        r = kurl("http://127.0.0.1:1/")
        self.assertExit(r, 7)
        lines = error_lines(r)
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("kurl: (7) "))
        self.assertIn("http://127.0.0.1:1/", lines[0])


class Usage(KurlTestCase):
    def test_https_to_plain_http_server(self):
        # A build without TLS refuses https (exit 1); with TLS, a server
        # that answers in plain text fails the handshake (35), promptly.
        tls = b"https" in kurl("-V").stdout.split(b"Protocols:")[-1] \
            .split(b"\n")[0]
        lsock = socket.socket()
        self.addCleanup(lsock.close)
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(5)
        lsock.settimeout(10)

        def answer_plain():
            try:
                conn, _ = lsock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(4096)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\n"
                                 b"Content-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                except OSError:
                    pass
        t = threading.Thread(target=answer_plain, daemon=True)
        t.start()
        self.addCleanup(t.join, 10)
        r = kurl("https://127.0.0.1:%d/" % lsock.getsockname()[1],
                 timeout=15)
        self.assertExit(r, 35 if tls else 1)
        self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_other_scheme_unsupported(self):
        self.assertExit(kurl("ftp://127.0.0.1/x"), 1)

    def test_malformed_url(self):
        for bad in ("http://", "http://[zz/", "http://127.0.0.1:99999/"):
            r = kurl(bad)
            self.assertExit(r, 3, bad)
            self.assertEqual(len(error_lines(r)), 1, r.stderr)

    def test_unknown_flag(self):
        r = kurl("--no-such-flag", self.url("/ok"))
        self.assertExit(r, 2)
        self.assertEqual(len(r.stderr.decode().strip().splitlines()), 1,
                         r.stderr)
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_no_url(self):
        r = kurl()
        self.assertExit(r, 2)

    def test_version_and_help(self):
        r = kurl("-V")
        self.assertExit(r, 0)
        self.assertTrue(r.stdout.startswith(b"kurl "), r.stdout)
        self.assertExit(kurl("-h"), 0)
        r = kurl("-h", "all")  # plain -h shows the most used flags only
        self.assertExit(r, 0)
        for flag in (b"--keepalive", b"--max-per-host",
                     b"--max-requests-per-conn", b"--stats", b"-w"):
            self.assertIn(flag, r.stdout)


class WriteOut(KurlTestCase):
    VARS = ("http_code url url_effective method size_download size_upload "
            "time_namelookup time_connect time_appconnect time_starttransfer "
            "time_total num_connects num_redirects remote_ip remote_port "
            "local_port exitcode errormsg content_type connection_id "
            "reused").split()

    def fmt(self):
        return "\\t".join("%s=%%{%s}" % (v, v) for v in self.VARS) + \
            "\\tct_header=%header{content-type}\\tpct=%%\\n"

    def parse(self, line):
        return dict(kv.split("=", 1) for kv in line.split("\t"))

    def test_every_variable(self):
        r = kurl("-s", "-w", self.fmt(), "-d", "hello",
                 self.url("/redirect?to=/echo&code=307"), "-L",
                 "-o", "/dev/null")
        self.assertExit(r, 0)
        text = r.stdout.decode()
        self.assertTrue(text.endswith("\n"), text)
        v = self.parse(text[:-1])
        self.assertEqual(v["http_code"], "200")
        self.assertEqual(v["url"], self.url("/redirect?to=/echo&code=307"))
        self.assertEqual(v["url_effective"], self.url("/echo"))
        self.assertEqual(v["method"], "POST")
        self.assertGreater(int(v["size_download"]), 0)
        self.assertEqual(v["size_upload"], "5")
        self.assertEqual(v["num_redirects"], "1")
        self.assertEqual(v["remote_ip"], "127.0.0.1")
        self.assertEqual(v["remote_port"], str(self.srv.port))
        self.assertGreater(int(v["local_port"]), 0)
        self.assertEqual(v["exitcode"], "0")
        self.assertEqual(v["errormsg"], "")
        self.assertEqual(v["content_type"], "application/json")
        self.assertEqual(v["ct_header"], "application/json")
        self.assertEqual(v["connection_id"], "0")
        self.assertIn(v["reused"], ("0", "1"))
        self.assertEqual(v["pct"], "%")
        for name in ("time_namelookup", "time_connect", "time_appconnect",
                     "time_starttransfer", "time_total"):
            self.assertRegex(v[name], r"^\d+\.\d{6}$", name)
        self.assertLessEqual(float(v["time_starttransfer"]),
                             float(v["time_total"]))

    def test_timings_ordered_on_new_connection(self):
        r = kurl("-s", "-w", self.fmt(), self.url("/delay?ms=100"),
                 "-o", "/dev/null")
        self.assertExit(r, 0)
        v = self.parse(r.stdout.decode()[:-1])
        self.assertEqual((v["num_connects"], v["reused"]), ("1", "0"))
        tn, tc, tst, tt = (float(v[k]) for k in (
            "time_namelookup", "time_connect", "time_starttransfer",
            "time_total"))
        self.assertTrue(0 <= tn <= tc <= tst <= tt, v)
        self.assertGreaterEqual(tst, 0.09)
        self.assertLess(tt, 5)

    def test_time_appconnect_zero_without_tls(self):
        # curl: time_appconnect is 0 when there is no TLS handshake.
        r = kurl("-s", "-w", "%{time_appconnect}", self.url("/ok"),
                 "-o", "/dev/null")
        self.assertExit(r, 0)
        self.assertEqual(float(r.stdout.decode()), 0.0, r.stdout)

    def test_failed_request_variables(self):
        r = kurl("-s", "-w", self.fmt(), self.url("/truncated"),
                 "-o", "/dev/null")
        self.assertExit(r, 18)
        v = self.parse(r.stdout.decode()[:-1])
        self.assertEqual(v["exitcode"], "18")
        self.assertNotEqual(v["errormsg"], "")
        self.assertEqual(v["size_download"], "10")

    def test_refused_variables(self):
        r = kurl("-s", "-w", "%{http_code} %{exitcode}", "http://127.0.0.1:1/")
        self.assertExit(r, 7)
        self.assertEqual(r.stdout, b"000 7")

    def test_json(self):
        r = kurl("-s", "-w", "%{json}\\n", self.url("/ok"), self.url("/ok"),
                 "-o", "/dev/null", "-o", "/dev/null")
        self.assertExit(r, 0)
        lines = r.stdout.decode().splitlines()
        self.assertEqual(len(lines), 2, r.stdout)
        objs = [json.loads(l) for l in lines]
        for obj in objs:
            self.assertIsInstance(obj, dict)
            self.assertEqual(obj["http_code"], 200)
            self.assertEqual(obj["url_effective"], self.url("/ok"))
            self.assertEqual(obj["size_download"], 6)
            self.assertEqual(obj["exitcode"], 0)
        self.assertEqual([o["num_connects"] for o in objs], [1, 0])

    def test_escapes_and_at_file(self):
        path = self.path("fmt")
        with open(path, "w") as f:
            f.write("%{http_code}\\t%{method}%%\\n")
        r = kurl("-s", "-w", "@" + path, self.url("/ok"), "-o", "/dev/null")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"200\tGET%\n")

    def test_header_variable_missing_is_empty(self):
        r = kurl("-s", "-w", "[%header{x-nope}]", self.url("/ok"),
                 "-o", "/dev/null")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, b"[]")


if __name__ == "__main__":
    unittest.main()
