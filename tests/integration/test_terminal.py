"""Output for a person at a terminal: colour, pretty JSON and the binary refusal appear on a
real pseudo-terminal, and never change a byte in a pipe (progress: test_terminal_progress)."""

import gzip
import json
import os
import re
import subprocess
import time
import unittest

from kurl_itest import KurlTestCase, kurl
from support import terminal
from support.raw_server import RawServer, Reply, response

ESCAPE = re.compile(rb"\x1b\[[0-9;]*[A-Za-z]")
BINARY_WARNING = (b'Warning: Binary output can mess up your terminal. Use "--output -" to tell '
                  b'kurl to output it to your terminal anyway, or consider "--output <FILE>" '
                  b'to save to a file.')
JSON_BODY = (b'{"name":"kurl","tags":["http","reuse"],"n":42,"ratio":-0.5,'
             b'"nested":{"ok":true,"none":null,"empty":{},"list":[]},"text":"caf\xc3\xa9"}')
BINARY_BODY = b"PK\x03\x04\x00\x00zipped-bytes"


def run_on_terminal(args, env=None, **kw):
    """support.terminal.run_on_terminal in this environment with TERM=xterm, COLUMNS=100,
    no NO_COLOR, and `env`'s changes (None removes a variable)."""
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update({"TERM": "xterm", "COLUMNS": "100"})
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    return terminal.run_on_terminal(args, env=full_env, **kw)


def as_written(terminal_bytes):
    """The bytes as the program wrote them (the terminal's \\r\\n back to \\n)."""
    return terminal_bytes.replace(b"\r\n", b"\n")


def screen(terminal_bytes):
    """The lines a terminal shows at the end: \\r returns, ESC[K erases to the end of the
    line, colour codes show nothing."""
    lines, column = [bytearray()], 0
    data = ESCAPE.sub(lambda m: m.group(0) if m.group(0) == b"\x1b[K" else b"", terminal_bytes)
    i = 0
    while i < len(data):
        if data.startswith(b"\x1b[K", i):
            del lines[-1][column:]
            i += 3
            continue
        byte = data[i]
        if byte == 13:
            column = 0
        elif byte == 10:
            lines.append(bytearray())
            column = 0
        else:
            line = lines[-1]
            if column < len(line):
                line[column] = byte
            else:
                line.append(byte)
            column += 1
        i += 1
    while lines and not lines[-1]:
        lines.pop()
    return [bytes(line) for line in lines]


def reindented(body):
    """What --pretty prints: four spaces a level, a newline at the end (as HTTPie)."""
    text = json.dumps(json.loads(body), indent=4, ensure_ascii=False) + "\n"
    return text.encode()


class TerminalCase(KurlTestCase):
    """A raw server answering /json, /bad-json, /text, /binary, /big-json, /slow?ms=N."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big_json = b"[" + b"1," * (5 << 20) + b"1]"  # 10 MiB: past the 8 MiB cap
        cls.raw = RawServer(cls.answer).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.raw.__exit__(None, None, None)
        super().tearDownClass()

    @classmethod
    def answer(cls, request):
        path, _, query = request.target.partition("?")
        bodies = {
            "/json": ("application/json", JSON_BODY),
            "/json-untyped": ("text/plain", JSON_BODY),
            "/bad-json": ("application/json", b'{"a": 1,}'),
            "/text": ("text/plain", b"plain text\n"),
            "/binary": ("application/octet-stream", BINARY_BODY),
            "/big-json": ("application/json", cls.big_json),
        }
        if path == "/line":  # one numbered line, after ?ms=N, without a newline when ?bare
            params = dict(p.partition("=")[::2] for p in query.split("&") if p)
            time.sleep(int(params.get("ms", "0")) / 1000)
            body = b"line %s of the batch" % params.get("n", "0").encode()
            if "bare" not in params:
                body += b"\n"
            return response(200, body, [("Content-Type", "text/plain")])
        kind, body = bodies.get(path, ("text/plain", b"no such path\n"))
        return Reply(response(200, body, [("Content-Type", kind)]))

    def raw_url(self, path):
        return self.raw.url(path)


class Colour(TerminalCase):
    def test_heads_of_include_are_coloured_on_a_terminal_only(self):
        code, seen, _, _ = run_on_terminal(["-i", self.raw_url("/text")])
        self.assertEqual(code, 0, seen)
        written = as_written(seen)
        self.assertIn(b"\x1b[34mHTTP/1.1\x1b[0m \x1b[1m\x1b[32m200 OK\x1b[0m\r\n", written)
        self.assertIn(b"\x1b[36mContent-Type\x1b[0m: text/plain\r\n", written)
        self.assertEqual(ESCAPE.sub(b"", written),
                         b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: 11\r\n\r\nplain text\n")
        # In a pipe: exactly curl's bytes.
        r = kurl("-i", self.raw_url("/text"))
        self.assertExit(r, 0)
        curl = subprocess.run(["curl", "-s", "-i", self.raw_url("/text")],
                              capture_output=True, timeout=30)
        self.assertEqual(r.stdout, curl.stdout)
        self.assertNotIn(b"\x1b", r.stdout)

    def test_a_head_written_to_a_file_keeps_its_bytes(self):
        mine, theirs = self.path("mine"), self.path("theirs")
        code, seen, _, _ = run_on_terminal(["-i", "-o", mine, self.raw_url("/json")])
        self.assertEqual((code, seen), (0, b""))
        subprocess.run(["curl", "-s", "-i", "-o", theirs, self.raw_url("/json")], timeout=30)
        with open(mine, "rb") as a, open(theirs, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_status_code_coloured_by_its_class(self):
        with RawServer(lambda req: response(404, b"gone\n", reason="Not Found")) as srv:
            code, seen, _, _ = run_on_terminal(["-i", srv.url("/x")])
        self.assertEqual(code, 0, seen)
        self.assertIn(b"\x1b[1m\x1b[31m404 Not Found\x1b[0m", seen)

    def test_verbose_heads_coloured_when_stderr_is_a_terminal(self):
        code, seen, out, _ = run_on_terminal(["-v", self.raw_url("/text")], stdout="pipe")
        self.assertEqual(code, 0)
        self.assertEqual(out, b"plain text\n")
        self.assertIn(b"> \x1b[1m\x1b[32mGET\x1b[0m /text HTTP/1.1", seen)
        self.assertIn(b"< \x1b[36mContent-Type\x1b[0m: text/plain", seen)
        # stderr in a pipe: today's bytes, no colour.
        r = kurl("-v", self.raw_url("/text"))
        self.assertNotIn(b"\x1b", r.stderr)
        self.assertIn(b"< Content-Type: text/plain\n", r.stderr)

    def test_no_color_never_and_dumb_terminals_turn_it_off(self):
        for env, extra in (({"NO_COLOR": "1"}, []), ({}, ["--color=never"]),
                           ({"TERM": "dumb"}, [])):
            with self.subTest(env=env, extra=extra):
                code, seen, _, _ = run_on_terminal(["-i", *extra, self.raw_url("/json")],
                                                   env=env)
                self.assertEqual(code, 0, seen)
                self.assertNotIn(b"\x1b", seen)
                self.assertTrue(as_written(seen).endswith(reindented(JSON_BODY)), seen)
        # An empty NO_COLOR counts as unset (no-color.org).
        code, seen, _, _ = run_on_terminal(["-i", self.raw_url("/text")], env={"NO_COLOR": ""})
        self.assertIn(b"\x1b[36m", seen)

    def test_color_always_colours_a_pipe(self):
        r = kurl("-i", "--color=always", self.raw_url("/text"))
        self.assertExit(r, 0)
        self.assertIn(b"\x1b[36mContent-Type\x1b[0m", r.stdout)

    def test_a_bad_value_is_a_usage_error(self):
        for flag, value in (("--color", "sometimes"), ("--pretty", "yes")):
            r = kurl("%s=%s" % (flag, value), self.raw_url("/text"))
            self.assertExit(r, 2)
            self.assertEqual(r.stderr.decode(), "kurl: %s must be auto, always or never, got '%s'\n"
                             % (flag, value))


class PrettyJson(TerminalCase):
    def test_json_reindented_and_coloured_on_a_terminal(self):
        code, seen, _, _ = run_on_terminal([self.raw_url("/json")])
        self.assertEqual(code, 0, seen)
        self.assertIn(b'\x1b[1m\x1b[34m"name"\x1b[0m: \x1b[32m"kurl"\x1b[0m', seen)
        self.assertIn(b"\x1b[36m42\x1b[0m", seen)
        self.assertIn(b"\x1b[35mtrue\x1b[0m", seen)
        self.assertEqual(as_written(ESCAPE.sub(b"", seen)), reindented(JSON_BODY))

    def test_a_body_that_parses_as_json_without_a_json_type(self):
        code, seen, _, _ = run_on_terminal(["--color=never", self.raw_url("/json-untyped")])
        self.assertEqual(code, 0, seen)
        self.assertEqual(as_written(seen), reindented(JSON_BODY))

    def test_raw_in_a_pipe_unless_always(self):
        r = kurl(self.raw_url("/json"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, JSON_BODY)
        r = kurl("--pretty=always", self.raw_url("/json"))
        self.assertEqual(r.stdout, reindented(JSON_BODY))  # no colour: the pipe is no terminal
        r = kurl("--pretty=always", "--color=always", self.raw_url("/json"))
        self.assertEqual(ESCAPE.sub(b"", r.stdout), reindented(JSON_BODY))
        self.assertIn(b"\x1b[32m", r.stdout)

    def test_never_and_output_files_keep_the_bytes(self):
        code, seen, _, _ = run_on_terminal(["--pretty=never", self.raw_url("/json")])
        self.assertEqual(code, 0)
        self.assertEqual(seen, JSON_BODY)
        target = self.path("saved.json")
        code, seen, _, _ = run_on_terminal(["--pretty=always", "-o", target,
                                            self.raw_url("/json")])
        self.assertEqual(code, 0, seen)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), JSON_BODY)

    def test_invalid_and_too_large_json_come_raw(self):
        code, seen, _, _ = run_on_terminal([self.raw_url("/bad-json")])
        self.assertEqual(code, 0)
        self.assertEqual(seen, b'{"a": 1,}')
        code, seen, _, _ = run_on_terminal([self.raw_url("/big-json")], timeout=60)
        self.assertEqual(code, 0)
        self.assertEqual(len(seen), len(self.big_json))
        self.assertTrue(seen == self.big_json, "the 10 MiB body changed on its way")

    def test_write_out_follows_the_reindented_body(self):
        code, seen, _, _ = run_on_terminal(["--color=never", "-w", "%{http_code}\n",
                                            self.raw_url("/json")])
        self.assertEqual(code, 0)
        self.assertEqual(as_written(seen), reindented(JSON_BODY) + b"200\n")

    def test_each_body_of_several_urls_on_its_own(self):
        code, seen, _, _ = run_on_terminal(["-s", "--color=never", self.raw_url("/json"),
                                            self.raw_url("/text"), self.raw_url("/json")])
        self.assertEqual(code, 0)
        self.assertEqual(as_written(seen),
                         reindented(JSON_BODY) + b"plain text\n" + reindented(JSON_BODY))


class CompressedJson(TerminalCase):
    @classmethod
    def answer(cls, request):
        coded = gzip.compress(JSON_BODY, mtime=0)
        return response(200, coded, [("Content-Type", "application/json"),
                                     ("Content-Encoding", "gzip")])

    def test_the_decoded_bytes_are_reindented(self):
        code, seen, _, _ = run_on_terminal(["--compressed", "--color=never",
                                            self.raw_url("/json")])
        self.assertEqual(code, 0, seen)
        self.assertEqual(as_written(seen), reindented(JSON_BODY))
        r = kurl("--compressed", self.raw_url("/json"))
        self.assertEqual(r.stdout, JSON_BODY)

    def test_without_compressed_the_coded_body_is_binary(self):
        code, seen, _, _ = run_on_terminal([self.raw_url("/json")])
        self.assertEqual(code, 23)
        self.assertIn(BINARY_WARNING, seen)
        r = kurl(self.raw_url("/json"))
        self.assertEqual(r.stdout, gzip.compress(JSON_BODY, mtime=0))


class BinaryRefusal(TerminalCase):
    def test_refused_on_a_terminal_once_with_curls_exit_code(self):
        urls = [self.raw_url("/binary"), self.raw_url("/binary")]
        code, seen, _, _ = run_on_terminal(urls)
        self.assertNotIn(b"zipped-bytes", seen)  # no byte of either body
        self.assertNotIn(b"PK\x03\x04", seen)
        self.assertEqual(seen.count(BINARY_WARNING), 1, seen)
        curl_code, curl_seen, _, _ = run_on_terminal(urls, program="curl")
        self.assertIn(b"Binary output can mess up your terminal", curl_seen)
        self.assertEqual(code, curl_code)
        self.assertEqual(code, 23)

    def test_head_and_write_out_still_come_as_in_curl(self):
        args = ["-i", "-w", "%{http_code} %{exitcode}\n", self.raw_url("/binary")]
        mine = run_on_terminal(args)
        theirs = run_on_terminal(args, program="curl")
        self.assertEqual(mine[0], theirs[0])
        for code, seen, _, _ in (mine, theirs):
            self.assertIn(b"Content-Type\x1b[0m: application/octet-stream", seen)
            self.assertIn(b"200 23\r\n", seen)
            self.assertNotIn(b"zipped-bytes", seen)

    def test_silent_refuses_without_a_word(self):
        code, seen, _, _ = run_on_terminal(["-s", self.raw_url("/binary")])
        self.assertEqual(code, 23)
        self.assertEqual(seen, b"")

    def test_output_dash_forces_it_and_pipes_always_get_it(self):
        code, seen, _, _ = run_on_terminal(["-o", "-", self.raw_url("/binary")])
        self.assertEqual(code, 0)
        self.assertEqual(seen, BINARY_BODY)
        r = kurl(self.raw_url("/binary"))
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, BINARY_BODY)
        self.assertEqual(r.stderr, b"")

    def test_text_after_a_refused_body_still_comes(self):
        code, seen, _, _ = run_on_terminal(["-s", self.raw_url("/binary"), self.raw_url("/text")])
        self.assertEqual(code, 23)
        self.assertEqual(as_written(seen), b"plain text\n")


if __name__ == "__main__":
    unittest.main()
