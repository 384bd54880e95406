"""Config files (-K/--config, $XDG_CONFIG_HOME/kurlrc, ~/.kurlrc, -q) and the
localhost shorthand (":PORT/path"), against a local server. Where curl has
the flags, curl 7.88 reads the same file and must send the same request.

Every run gets HOME and XDG_CONFIG_HOME in a temporary directory, so no
kurlrc or curlrc of the machine counts.
"""

import json
import os
import shutil
import subprocess
import unittest

from kurl_itest import KurlTestCase, kurl
from support.harness import find_kurl

CURL = shutil.which("curl")


class ConfigFiles(KurlTestCase):
    def setUp(self):
        super().setUp()
        self.home = os.path.join(self.tmp, "home")
        self.xdg = os.path.join(self.tmp, "xdg")
        os.makedirs(self.home)
        os.makedirs(self.xdg)
        self.env = {"HOME": self.home, "XDG_CONFIG_HOME": self.xdg}

    def write(self, path, text):
        path = os.path.join(self.tmp, path)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run_kurl(self, *args, input=None, env=None):
        return kurl(*args, input=input, env=dict(self.env, **(env or {})))

    def echoed(self, result):
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_flags_from_a_file_take_effect_as_curl_reads_them(self):
        config = self.write("request.cfg", (
            '# every separator curl knows\n'
            'url = "%s"\n'
            'request: PUT\n'
            '--header "X-Spaced: a b  c"\n'
            '-H X-Colon:v\n'
            'user-agent "cfg-agent/1.0"\n'
            '   # an indented comment\n'
            'data-raw = "one=1&two=2"\n'
            '-s\n') % self.srv.url("/echo"))
        mine = self.echoed(self.run_kurl("-K", config))
        self.assertEqual(mine["method"], "PUT")
        self.assertEqual(mine["path"], "/echo")
        self.assertEqual(mine["body"], "one=1&two=2")
        headers = {k.lower(): v for k, v in mine["headers"].items()}
        self.assertEqual(headers["x-spaced"], "a b  c")
        self.assertEqual(headers["x-colon"], "v")
        self.assertEqual(headers["user-agent"], "cfg-agent/1.0")
        if CURL:
            theirs = subprocess.run([CURL, "-K", config], env=dict(os.environ, **self.env),
                                    stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
            theirs = self.echoed(theirs)
            for key in ("method", "path", "body"):
                self.assertEqual(mine[key], theirs[key])
            theirs_headers = {k.lower(): v for k, v in theirs["headers"].items()}
            for name in ("x-spaced", "x-colon", "user-agent", "content-type"):
                self.assertEqual(headers[name], theirs_headers[name], name)

    def test_quoted_escapes_are_curls(self):
        config = self.write("w.cfg", 'write-out = "a\\tb\\\\c\\"d\\qe\\n"\n'
                                     'output = "/dev/null"\nsilent\n')
        mine = self.run_kurl("-K", config, self.srv.url("/ok"))
        self.assertEqual(mine.stdout, b'a\tb\\c"dqe\n')
        if CURL:
            theirs = subprocess.run([CURL, "-K", config, self.srv.url("/ok")],
                                    env=dict(os.environ, **self.env), capture_output=True,
                                    stdin=subprocess.DEVNULL, timeout=30)
            self.assertEqual(mine.stdout, theirs.stdout)

    def test_url_lines_come_before_the_command_line_urls_in_order(self):
        config = self.write("urls.cfg", 'url = "%s"\nurl = "%s"\n-o /dev/null\n-o /dev/null\n'
                            % (self.srv.url("/ok?a"), self.srv.url("/ok?b")))
        r = self.run_kurl("-s", "-K", config, "-o", "/dev/null", self.srv.url("/ok?c"),
                          "-w", "%{url}\\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode().split(),
                         [self.srv.url("/ok?a"), self.srv.url("/ok?b"), self.srv.url("/ok?c")])
        # All three went over one connection: the file's URLs share the run's pool.
        self.assertEqual(self.srv.stats()["connections"], 1)

    def default_file_header(self, *args, env=None):
        r = self.run_kurl(*(args + (self.srv.url("/echo"),)), env=env)
        headers = {k.lower(): v for k, v in self.echoed(r)["headers"].items()}
        return headers.get("x-from")

    def test_default_files_xdg_first_then_home_and_q_skips_them(self):
        self.assertIsNone(self.default_file_header())
        self.write("home/.kurlrc", 'header = "X-From: home"\n')
        self.assertEqual(self.default_file_header(), "home")
        self.write("xdg/kurlrc", 'header = "X-From: xdg"\n')
        self.assertEqual(self.default_file_header(), "xdg")
        # Without XDG_CONFIG_HOME the XDG rules say ~/.config.
        self.assertEqual(self.default_file_header(env={"XDG_CONFIG_HOME": None}), "home")
        os.makedirs(os.path.join(self.home, ".config"))
        self.write("home/.config/kurlrc", 'header = "X-From: dotconfig"\n')
        self.assertEqual(self.default_file_header(env={"XDG_CONFIG_HOME": None}), "dotconfig")
        # -q or --disable first: no default file; elsewhere -q does nothing (curl's rule).
        self.assertIsNone(self.default_file_header("-q"))
        self.assertIsNone(self.default_file_header("--disable"))
        self.assertEqual(self.default_file_header("-s", "-q"), "xdg")
        # A -K file does not replace the default file (curl reads ~/.curlrc with -K too).
        other = self.write("other.cfg", 'header = "X-Other: 1"\n')
        self.assertEqual(self.default_file_header("-K", other), "xdg")

    def test_the_command_line_wins_over_the_default_file(self):
        self.write("home/.kurlrc", 'write-out = "from-file"\nmax-time = 0.001\n')
        r = self.run_kurl("-s", "-o", "/dev/null", "-w", "from-command-line", "-m", "20",
                          self.srv.url("/delay?ms=100"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"from-command-line")
        # And the file's own -m is used when the command line gives none.
        r = self.run_kurl("-s", "-o", "/dev/null", self.srv.url("/delay?ms=300"))
        self.assertEqual(r.returncode, 28, r.stderr)

    def test_nested_and_stdin_config(self):
        inner = self.write("inner.cfg", 'url = "%s"\n' % self.srv.url("/ok?inner"))
        outer = self.write("outer.cfg", 'config = "%s"\nwrite-out = "%%{url}"\n-o /dev/null\n'
                           % inner)
        r = self.run_kurl("-s", "-K", outer)
        self.assertEqual(r.stdout.decode(), self.srv.url("/ok?inner"))
        r = self.run_kurl("-s", "-K", "-", "-o", "/dev/null", "-w", "%{http_code}",
                          input=b'url = "%s"\n' % self.srv.url("/ok").encode())
        self.assertEqual((r.returncode, r.stdout), (0, b"200"), r.stderr)
        r = self.run_kurl("-K", "-", "--batch", "-", input=b"silent\n")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"-K - and --batch - both read standard input", r.stderr)

    def test_errors_name_the_file_and_line(self):
        missing = os.path.join(self.tmp, "missing.cfg")
        r = self.run_kurl("-K", missing, self.srv.url("/ok"))
        self.assertEqual(r.returncode, 26)
        self.assertEqual(r.stderr.decode(), 'kurl: (26) can\'t read config file "%s": '
                         'No such file or directory\n' % missing)
        if CURL:  # curl's exit code for the same mistake
            theirs = subprocess.run([CURL, "-s", "-K", missing, self.srv.url("/ok")],
                                    env=dict(os.environ, **self.env), capture_output=True,
                                    stdin=subprocess.DEVNULL, timeout=30)
            self.assertEqual(theirs.returncode, 26)
        cases = {
            "silent\n\n--foo\n": "3: unknown option --foo",
            "verbose = yes\n": "1: --verbose takes no value",
            "# comment\noutput\n": "2: --output needs a value",
            'header = "X: y\n': "1: missing closing quote",
            "header = X: y\n": "1: white space in the value of header: put the value in "
                               "double quotes",
        }
        for text, message in cases.items():
            config = self.write("bad.cfg", text)
            r = self.run_kurl("-K", config, self.srv.url("/ok"))
            self.assertEqual(r.returncode, 2, text)
            self.assertEqual(r.stderr.decode(), "kurl: config %s:%s\n" % (config, message))
        self.assertEqual(self.srv.stats()["requests"], 0)
        # A broken default file stops the run too: better than a silently half-read config.
        self.write("xdg/kurlrc", "nonsense-flag\n")
        r = self.run_kurl(self.srv.url("/ok"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"kurlrc:1: unknown option --nonsense-flag", r.stderr)
        self.assertEqual(self.run_kurl("-q", "-s", self.srv.url("/ok")).returncode, 0)

    def test_localhost_shorthand(self):
        port = self.srv.port
        for url, expected in ((":%d/ok" % port, "http://localhost:%d/ok" % port),
                              (":%d/ok?x=1" % port, "http://localhost:%d/ok?x=1" % port)):
            r = self.run_kurl("-s", "-o", "/dev/null", "-w", "%{http_code} %{url_effective}",
                              url)
            self.assertEqual(r.stdout.decode(), "200 " + expected, r.stderr)
        config = self.write("short.cfg", "url = \":%d/ok\"\n-o /dev/null\n" % port)
        r = self.run_kurl("-s", "-K", config, "-w", "%{http_code}")
        self.assertEqual(r.stdout, b"200", r.stderr)
        # ":/path" is port 80 on localhost: nothing listens there in the test, or
        # something else does; either way kurl asked for http://localhost/path.
        r = self.run_kurl("-s", "-o", "/dev/null", "-m", "5", "-w", "%{url_effective}", ":/x")
        self.assertEqual(r.stdout, b"http://localhost/x")


if __name__ == "__main__":
    unittest.main()
