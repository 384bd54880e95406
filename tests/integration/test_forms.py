"""-F/--form, --form-string, -d @file, --data-raw, --data-urlencode and -G,
held against curl 7.88 on the same commands: the same bytes on the wire (the
multipart boundary apart), the same httpbin echo, the same exit codes."""

import json
import os
import re
import unittest

from body_itest import Files, curl, CURL
from kurl_itest import kurl, error_lines
from support import httpbin_server
from support.raw_server import RawServer, response

BOUNDARY = re.compile(rb"-{24}[0-9a-f]{16}")


def ok(request):
    return response(200, b"ok")


@unittest.skipUnless(CURL, "curl is needed to compare with")
class WireLikeCurl(Files):
    """The request bytes kurl writes are curl's, apart from the boundary and
    User-Agent (and the header order of Content-Type/Content-Length)."""

    def wire(self, tool, args):
        with RawServer(ok) as srv:
            r = tool(*(list(args) + [srv.url("/up")]))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(srv.requests), 1)
            request = srv.requests[0]
        return request

    def same_as_curl(self, *args):
        ours, theirs = self.wire(kurl, args), self.wire(curl, args)
        self.assertEqual(ours.method, theirs.method)
        self.assertEqual(ours.target, theirs.target)
        for name in ("Content-Type", "Content-Length", "Expect", "Transfer-Encoding"):
            self.assertEqual(BOUNDARY.sub(b"B", (ours.header(name) or "").encode()),
                             BOUNDARY.sub(b"B", (theirs.header(name) or "").encode()), name)
        self.assertEqual(BOUNDARY.sub(b"B", ours.body), BOUNDARY.sub(b"B", theirs.body))
        return ours

    def test_form_fields_and_files(self):
        text = self.file("notes.txt", b"hello\r\nworld\n")
        data = self.file("data.json", b'{"x": 1}')
        image = self.file("pic.PNG", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        plain = self.file("plain", b"v")
        ours = self.same_as_curl(
            "-F", "a=1", "-F", "f=@" + text, "-F", "j=@" + data,
            "-F", "p=@%s;type=image/x-test" % image,
            "-F", 'd=@%s;filename=x"y.bin' % plain, "-F", "v=<" + text,
            "-F", 'q="quoted', "-F", 'n"m=2', "-F", "t=1;type=text/foo",
            "-F", 'z="q;r";type=t/u', "--form-string", "s=@%s;type=x" % text,
            "-F", "e=")
        self.assertIn(b'filename="notes.txt"\r\nContent-Type: text/plain', ours.body)
        self.assertIn(b'name="n%22m"', ours.body)
        self.assertTrue(BOUNDARY.fullmatch(
            ours.header("Content-Type").split("boundary=")[1].encode()))

    def test_type_guesses_are_curls(self):
        args = []
        for ext in ("gif", "jpg", "jpeg", "png", "svg", "txt", "htm", "html", "pdf",
                    "xml", "json", "css", "js", "TXT"):
            args += ["-F", "%s=@%s" % (ext, self.file("f." + ext, b"x"))]
        self.same_as_curl(*args)

    def test_large_form_file_streams_with_expect(self):
        big = self.file("big.bin", os.urandom(1 << 20) * 3)
        ours = self.same_as_curl("-F", "a=b", "-F", "big=@" + big)
        self.assertEqual(ours.header("Expect"), "100-continue")  # over 1 MiB, as curl

    def test_data_forms_join_like_curl(self):
        newlines = self.file("nl.txt", b"a\r\nb\nc\r\n")
        content = self.file("c.txt", b"hello world\n&=")
        ours = self.same_as_curl(
            "-d", "@" + newlines, "-d", "x=1", "--data-raw", "@raw",
            "--data-urlencode", "n=a b&c", "--data-urlencode", "=\u00e9",
            "--data-urlencode", "plain text", "--data-urlencode", "n2@" + content,
            "--data-urlencode", "@" + content, "--data-binary", "@" + newlines)
        self.assertTrue(ours.body.startswith(b"abc&x=1&@raw&n=a+b%26c&"))

    def test_large_data_file_is_streamed_with_its_newlines_dropped(self):
        lines = self.file("lines.txt", b"0123456789abcdef\r\n" * 150000)  # 2.7 MB
        self.same_as_curl("-d", "@" + lines)
        self.same_as_curl("--data-binary", "@" + lines)

    def test_get_puts_the_data_in_the_query(self):
        content = self.file("c.txt", b"a b")
        ours = self.same_as_curl("-G", "-d", "x=1", "--data-urlencode", "q@" + content)
        self.assertEqual(ours.target, "/up?x=1&q=a+b")
        self.assertEqual(ours.body, b"")
        with RawServer(ok) as srv:
            r = kurl("-G", "-d", "b=2", srv.url("/p?a=1"))
            self.assertEqual(r.returncode, 0)
            self.assertEqual(srv.requests[0].target, "/p?a=1&b=2")
            r = kurl("-G", "-I", "-d", "b=2", srv.url("/p"))
            self.assertEqual(srv.requests[1].method, "HEAD")


@unittest.skipUnless(httpbin_server.available(), "python3-httpbin and gunicorn are needed")
class HttpbinEcho(Files):
    """httpbin's /post and /anything echo what it parsed: kurl and curl get
    the same JSON (apart from the headers that name the tool)."""

    @classmethod
    def setUpClass(cls):
        cls.hb = httpbin_server.Httpbin().__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.hb.__exit__()

    def echo(self, tool, *args):
        r = tool(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        for volatile in ("headers", "origin", "url"):
            doc.pop(volatile, None)
        return doc

    def same_echo(self, path, *args):
        ours = self.echo(kurl, *(list(args) + [self.hb.url(path)]))
        if CURL:
            self.assertEqual(ours, self.echo(curl, *(list(args) + [self.hb.url(path)])))
        return ours

    def test_form_echo(self):
        text = self.file("t.txt", b"line one\nline two\n")
        doc = self.same_echo("/post", "-F", "a=1", "-F", "up=@" + text,
                             "-F", "v=<" + text)
        self.assertEqual(doc["form"], {"a": "1", "v": "line one\nline two\n"})
        self.assertEqual(doc["files"], {"up": "line one\nline two\n"})

    def test_data_echo(self):
        doc = self.same_echo("/post", "-d", "a=1", "--data-urlencode", "b=x y&z")
        self.assertEqual(doc["form"], {"a": "1", "b": "x y&z"})

    def test_get_echo(self):
        doc = self.same_echo("/anything", "-G", "-d", "a=1", "--data-urlencode", "b=c d")
        self.assertEqual(doc["args"], {"a": "1", "b": "c d"})
        self.assertEqual(doc["method"], "GET")


class BadInput(Files):
    """A file that cannot be read fails with curl's 26 and names it, before
    any request; conflicting body flags are usage errors (2), as in curl."""

    def refused(self, code, *args):
        with RawServer(ok) as srv:
            r = kurl(*(list(args) + [srv.url("/")]))
            self.assertEqual(r.returncode, code, r.stderr)
            self.assertEqual(srv.connections, 0)
            lines = error_lines(r)
            self.assertEqual(len(lines), 1, r.stderr)
            if CURL:
                self.assertEqual(curl("-s", *(list(args) + [srv.url("/")])).returncode, code)
            return lines[0]

    def test_missing_form_file(self):
        missing = os.path.join(self.dir, "nofile")
        self.assertIn("nofile", self.refused(26, "-F", "f=@" + missing))
        self.assertIn("nofile", self.refused(26, "-F", "f=<" + missing))

    def test_missing_upload_file(self):
        self.assertIn("nofile", self.refused(26, "-T", os.path.join(self.dir, "nofile")))

    def test_conflicting_body_flags(self):
        self.refused(2, "-F", "a=1", "-d", "x")
        self.refused(2, "-T", self.file("u", b"u"), "-d", "x")
        self.refused(2, "-T", self.file("u", b"u"), "-F", "a=b")
        self.refused(2, "-F", "novalue")

    def test_missing_data_file_is_refused_not_sent_empty(self):
        # curl warns and sends an empty POST; kurl refuses it (see the man page).
        r = kurl("-d", "@" + os.path.join(self.dir, "nofile"), "http://127.0.0.1:1/")
        self.assertEqual(r.returncode, 26)
        self.assertIn("nofile", error_lines(r)[0])


if __name__ == "__main__":
    unittest.main()
