"""--compressed: kurl asks for gzip, deflate, br and zstd as curl 7.88 does,
decodes each (nginx's gzip, and a raw server's br, zstd, deflate and stacked
codings) to the same bytes as curl --compressed, and keeps -w %{size_download}
the bytes on the wire. Without --compressed bodies pass as received."""

import os
import shutil
import subprocess
import unittest
import zlib

from kurl_itest import kurl
from support.harness import Nginx
from support.raw_server import RawServer, response

CURL = shutil.which("curl")
TOOLS = shutil.which("brotli") and shutil.which("zstd")

TEXT = b"".join(b"line %d of a compressible body\n" % (i * 7919 % 10007)
                for i in range(20000))


def external(tool, data):
    return subprocess.run([tool, "-c", "-q"] if tool == "zstd" else [tool, "-c"],
                          input=data, capture_output=True, check=True,
                          timeout=30).stdout


def encode(coding, data):
    if coding == "gzip":
        c = zlib.compressobj(9, zlib.DEFLATED, 16 + 15)
        return c.compress(data) + c.flush()
    if coding == "deflate":
        return zlib.compress(data)
    if coding == "raw-deflate":
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush()
    if coding == "br":
        return external("brotli", data)
    if coding == "zstd":
        return external("zstd", data)
    raise ValueError(coding)


def encoded_server(bodies):
    """Serves /<name> with bodies[name] = (Content-Encoding, bytes)."""
    def reply(request):
        coding, body = bodies[request.target.lstrip("/")]
        return response(200, body, headers=[("Content-Encoding", coding)])
    return RawServer(reply)


def run_both(*args):
    mine = kurl(*args, "-s", "-w", "\n%{size_download}")
    theirs = subprocess.run([CURL, "-s", "-w", "\n%{size_download}"] + list(args),
                            capture_output=True, timeout=30)
    return mine, theirs


@unittest.skipUnless(CURL and TOOLS, "curl, brotli or zstd is not installed")
class AgainstCurl(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        names = {"gzip": "gzip", "deflate": "deflate", "raw": "deflate", "br": "br",
                 "zstd": "zstd", "gzip-br": "gzip, br", "plain": "identity"}
        raw = {"gzip": "gzip", "deflate": "deflate", "raw": "raw-deflate", "br": "br",
               "zstd": "zstd"}
        cls.bodies = {}
        for name, header in names.items():
            if name == "gzip-br":
                body = encode("br", encode("gzip", TEXT))
            elif name == "plain":
                body = TEXT
            else:
                body = encode(raw[name], TEXT)
            cls.bodies[name] = (header, body)

    def test_every_coding_decodes_to_curls_bytes(self):
        with encoded_server(self.bodies) as srv:
            for name, (_, wire) in self.bodies.items():
                mine, theirs = run_both("--compressed", srv.url("/" + name))
                self.assertEqual(mine.returncode, 0, (name, mine.stderr))
                self.assertEqual(mine.returncode, theirs.returncode, name)
                body, _, size = mine.stdout.rpartition(b"\n")
                self.assertEqual(body, TEXT, name)
                self.assertEqual(mine.stdout, theirs.stdout, name)
                # %{size_download}: the bytes on the wire, as curl counts them.
                self.assertEqual(int(size), len(wire), name)

    def test_without_compressed_bodies_pass_as_received(self):
        with encoded_server(self.bodies) as srv:
            mine, theirs = run_both(srv.url("/gzip"))
        self.assertEqual(mine.stdout, theirs.stdout)
        self.assertTrue(mine.stdout.startswith(self.bodies["gzip"][1]))
        self.assertNotIn(b"Accept-Encoding", srv.received)

    def test_accept_encoding_is_curls(self):
        heads = []
        for run in ("kurl", "curl"):
            with encoded_server(self.bodies) as srv:
                args = ["--compressed", "-s", "-o", os.devnull, srv.url("/plain")]
                if run == "kurl":
                    kurl(*args)
                else:
                    subprocess.run([CURL] + args, timeout=30)
                heads.append(srv.requests[0].header("Accept-Encoding"))
        self.assertEqual(heads[0], "deflate, gzip, br, zstd")
        self.assertEqual(heads[0], heads[1])

    def test_a_user_accept_encoding_wins(self):
        with encoded_server(self.bodies) as srv:
            kurl("--compressed", "-H", "Accept-Encoding: br", "-o", os.devnull,
                 srv.url("/br"))
            self.assertEqual(srv.requests[0].header("Accept-Encoding"), "br")
            self.assertEqual(srv.received.count(b"Accept-Encoding"), 1)

    def test_corrupt_and_unknown_codings_exit_61_like_curl(self):
        broken = bytearray(self.bodies["gzip"][1])
        broken[len(broken) // 2] ^= 0x55
        bodies = {"broken": ("gzip", bytes(broken)), "unknown": ("compress", b"abc"),
                  "ok": ("identity", b"fine")}
        with encoded_server(bodies) as srv:
            for name in ("broken", "unknown"):
                mine, theirs = run_both("--compressed", srv.url("/" + name))
                self.assertEqual(mine.returncode, 61, (name, mine.stderr))
                self.assertEqual(theirs.returncode, 61, name)
            # The connection is still good for the next request.
            r = kurl("--compressed", srv.url("/unknown"), srv.url("/ok"), "-s")
            self.assertEqual(r.returncode, 61)
            self.assertEqual(r.stdout, b"fine")

    def test_a_bomb_is_refused(self):
        zeros = b"\0" * (64 << 20)
        bodies = {"bomb": ("zstd", encode("zstd", zeros))}
        with encoded_server(bodies) as srv:
            r = kurl("--compressed", srv.url("/bomb"), "-o", os.devnull)
        self.assertEqual(r.returncode, 61, r.stderr)
        self.assertIn(b"decompression bomb", r.stderr)

    def test_expect_body_matches_the_decoded_body(self):
        with encoded_server(self.bodies) as srv:
            r = kurl("--compressed", srv.url("/zstd"), "-o", os.devnull,
                     "--expect-body", "line 7919 of a compressible")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = kurl(srv.url("/zstd"), "-o", os.devnull,
                     "--expect-body", "line 7919 of a compressible")
            self.assertEqual(r.returncode, 22)


@unittest.skipUnless(CURL, "curl is not installed")
class NginxGzip(unittest.TestCase):

    def test_nginx_gzip_same_as_curl(self):
        conf = "gzip on; gzip_types text/plain; gzip_min_length 0;"
        with Nginx(extra_http_conf=conf) as ng:
            with open(os.path.join(ng.docroot, "big.txt"), "wb") as f:
                f.write(TEXT)
            url = ng.url("/big.txt")
            mine, theirs = run_both("--compressed", url, url)
            self.assertEqual(mine.returncode, 0, mine.stderr)
            self.assertEqual(mine.stdout, theirs.stdout)
            wire = int(mine.stdout.rpartition(b"\n")[2])
            self.assertEqual(mine.stdout, (TEXT + b"\n%d" % wire) * 2)
            self.assertLess(wire, len(TEXT) // 4)  # gzip really was on the wire
            self.assertEqual(ng.distinct_connections(), 2)  # kurl's one + curl's one


if __name__ == "__main__":
    unittest.main()
