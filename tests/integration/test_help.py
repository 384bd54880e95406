"""--help by topic, typo suggestions, optional values, range messages in
words, -V and the -u password prompt (issue 15)."""

import base64
import fcntl
import json
import os
import re
import select
import signal
import subprocess
import termios
import time
import unittest

from kurl_itest import SANITIZER_MARKERS, KurlTestCase, kurl
from support.harness import find_kurl

TOPICS = ["general", "requests", "output", "connections", "batch", "tls",
          "ci", "statistics"]
GROUPS = ["General", "Requests", "Output", "Connections", "Batch",
          "TLS and proxies", "CI", "Statistics"]

# The command-line contract, beside the repository (where the project keeps
# it); the flags it names for later issues are checked to be still unknown.
CLI_MD = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared",
                      "CLI.md")
LATER = {"--http1.1", "--http2", "--http2-prior-knowledge", "--pool",
         "--pool-idle", "--pool-status", "--pool-stop", "--merge-stats"}


def text(result):
    return result.stdout.decode()


def flags_of_cli_md(path):
    """Every flag the contract names in a code span: `-X/--request`,
    `--keepalive=SECONDS`, `--batch FILE`..."""
    flags = set()
    with open(path, encoding="utf-8") as f:
        for span in re.findall(r"`([^`]+)`", f.read()):
            for word in re.split(r"[\s/=,]+", span):
                if re.fullmatch(r"--[a-z][a-z0-9.-]*[a-z0-9]|-[A-Za-z0-9#]", word):
                    flags.add(word)
    return flags


def names_flag(help_text, flag):
    return re.search(r"(?<![\w-])%s(?![\w.-])" % re.escape(flag),
                     help_text) is not None


class Help(KurlTestCase):
    def test_every_form_fits_80_columns(self):
        for args in [("--help",), ("-h",), ("--help", "all")] + \
                [("--help", t) for t in TOPICS]:
            r = kurl(*args)
            self.assertExit(r, 0)
            for line in text(r).splitlines():
                self.assertLess(len(line), 80, (args, line))

    def test_no_cli11_decorations(self):
        all_text = text(kurl("--help", "all"))
        for decoration in ("--stats{text}", ":{text,json}", "UINT",
                           "in [1 - ", "[Option Group", "=idempotent",
                           "Positionals:"):
            self.assertNotIn(decoration, all_text)
        # Defaults and fixed values in words instead.
        self.assertRegex(all_text, r"--keepalive SECONDS +Seconds .*"
                                   r"\n? *.*\(default 15 s\)")
        self.assertIn("text or jsonl", all_text)
        self.assertIn("idempotent (once), all", all_text)

    def test_help_all_groups_in_order(self):
        headings = [l[:-1] for l in text(kurl("--help", "all")).splitlines()
                    if l and not l.startswith(" ") and l.endswith(":")
                    and l != "Examples:"]
        self.assertEqual(headings, GROUPS)

    def test_plain_help_is_short_with_topics_and_examples(self):
        r = kurl("--help")
        self.assertExit(r, 0)
        out = text(r)
        self.assertTrue(out.startswith("Usage: kurl"), out[:80])
        self.assertIn("'kurl --help all'", out)
        for topic in TOPICS:
            self.assertRegex(out, r"\n  %s +\w" % topic)
        examples = out[out.index("Examples:"):]
        self.assertIn("--batch", examples)
        self.assertIn("--expect-status", examples)
        self.assertLess(len(out.splitlines()),
                        len(text(kurl("--help", "all")).splitlines()) / 2)

    def test_help_topic(self):
        r = kurl("--help", "tls")
        self.assertExit(r, 0)
        self.assertIn("TLS and proxies:", text(r))
        self.assertIn("--cacert", text(r))
        self.assertNotIn("--keepalive", text(r))
        self.assertIn("--keepalive", text(kurl("-h", "connections")))

    def test_unknown_topic(self):
        for topic, hint in (("reqests", "did you mean requests? "),
                            ("zebra", "")):
            r = kurl("--help", topic)
            self.assertExit(r, 2)
            self.assertEqual(r.stdout, b"")
            self.assertEqual(
                r.stderr.decode(),
                "kurl: unknown help topic '%s'; %stopics: all, %s\n"
                % (topic, hint, ", ".join(TOPICS)))

    @unittest.skipUnless(os.path.exists(CLI_MD), "no CLI.md beside the repository")
    def test_every_flag_of_cli_md_in_help_all(self):
        all_text = text(kurl("--help", "all"))
        flags = flags_of_cli_md(CLI_MD)
        self.assertIn("--keepalive", flags)  # the parser of CLI.md works
        for flag in sorted(flags - LATER):
            self.assertTrue(names_flag(all_text, flag), flag)
        for flag in sorted(flags & LATER):
            # Still unknown: once one lands, it leaves LATER for --help.
            r = kurl(flag, self.url("/ok"))
            self.assertExit(r, 2)
            self.assertIn(b"unknown option", r.stderr, flag)
        self.assertEqual(self.srv.stats()["requests"], 0)


class Mistakes(KurlTestCase):
    def assertUsage(self, r, line):
        self.assertExit(r, 2)
        self.assertEqual(r.stderr.decode(), "kurl: " + line + "\n")
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_typo_gets_a_suggestion(self):
        self.assertUsage(kurl("--verbos", self.url("/ok")),
                         "unknown option --verbos; did you mean --verbose?")
        self.assertUsage(kurl(self.url("/ok"), "--keep-alive", "3"),
                         "unknown option --keep-alive; did you mean "
                         "--keepalive?")
        self.assertUsage(kurl("--frobnicate-everything", self.url("/ok")),
                         "unknown option --frobnicate-everything "
                         "(see 'kurl --help all')")

    def test_range_messages_in_words(self):
        for args, line in (
                (["--parallel=0"],
                 "--parallel must be a whole number from 1 to 100000, got '0'"),
                (["-P", "0"],
                 "-P must be a whole number from 1 to 100000, got '0'"),
                (["--pipeline", "x"],
                 "--pipeline must be a whole number from 1 to 1024, got 'x'"),
                (["--max-per-host", "0"],
                 "--max-per-host must be a whole number from 1 to 65535, "
                 "got '0'"),
                (["--retry", "-1"],
                 "--retry must be a whole number from 0 to 1000000, got '-1'"),
                (["--tcp-keepalive", "9999999"],
                 "--tcp-keepalive must be a whole number from 0 to 1048576, "
                 "got '9999999'"),
                (["--max-redirs", "-2"],
                 "--max-redirs must be -1 (no limit) or a whole number from 0 "
                 "to 1073741824, got '-2'"),
                (["--connect-timeout", "-1"],
                 "--connect-timeout must be a number of seconds, 0 or more "
                 "(decimals allowed), got '-1'"),
                (["--stats=xml"], "--stats must be text or json, got 'xml'"),
                (["--batch-format", "csv"],
                 "--batch-format must be text or jsonl, got 'csv'")):
            with self.subTest(args=args):
                self.assertUsage(kurl(*args, self.url("/ok")), line)
        self.assertUsage(kurl(self.url("/ok"), "-o"),
                         "--output needs a value (FILE)")

    def test_whole_numbers_are_decimal(self):
        # CLI11 alone read "010" as octal 8 and refused "08"; curl reads both in decimal.
        r = kurl("--retry", "08", "-P", "010", "-s", self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(self.srv.stats()["requests"], 1)

    def test_stats_never_swallows_the_url(self):
        r = kurl("--stats", self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(self.srv.stats()["requests"], 1)
        self.assertRegex(r.stderr.decode(), r"(?m)^requests: +1 \(1 succeeded")
        r = kurl("--stats=json", self.url("/ok"))
        self.assertExit(r, 0)
        self.assertEqual(json.loads(r.stderr.decode().splitlines()[-1])
                         ["requests"], 1)

    def test_dash_4_and_dash_0_are_flags(self):
        r = kurl("-4", "-0", "-s", self.url("/echo"))
        self.assertExit(r, 0)
        self.assertEqual(json.loads(r.stdout)["version"], "HTTP/1.0")
        self.assertEqual(self.srv.stats()["requests"], 1)


class Version(unittest.TestCase):
    def test_version_lines(self):
        r = kurl("-V")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.decode().splitlines()
        self.assertEqual(len(lines), 3, lines)
        self.assertRegex(lines[0], r"^kurl \d+\.\d+\.\d+ ")
        for library in ("libuv", "llhttp", "mbedTLS", "zlib", "brotli",
                        "zstd"):
            self.assertRegex(lines[0], r" %s/\d+\.\d+\.\d+" % library)
        self.assertEqual(lines[1], "Protocols: http https")
        self.assertTrue(lines[2].startswith("Features: "), lines[2])
        for feature in ("brotli", "libz", "zstd", "SSL", "IPv6",
                        "UnixSockets", "keep-alive-pool"):
            self.assertIn(feature, lines[2].split())
        self.assertEqual(kurl("--version").stdout, r.stdout)

    def test_versions_are_the_libraries_own(self):
        """Against what the system's libraries report of themselves."""
        line = kurl("-V").stdout.decode().splitlines()[0]
        import zlib
        self.assertIn(" zlib/%s " % zlib.ZLIB_RUNTIME_VERSION, line)
        for package, library in (("libuv1", "libuv"), ("libzstd1", "zstd"),
                                 ("libbrotli1", "brotli")):
            dpkg = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                                  capture_output=True, text=True, timeout=30)
            if dpkg.returncode != 0:
                continue  # not a Debian system: zlib above still checks
            version = re.match(r"(?:\d+:)?(\d+\.\d+\.\d+)", dpkg.stdout).group(1)
            self.assertIn(" %s/%s " % (library, version), line)


class PasswordPrompt(KurlTestCase):
    """-u USER without :PASSWORD asks on the terminal, as curl does."""

    PROMPT = b"Enter host password for user 'alice':"

    def start_on_terminal(self, *args, keep_slave=False):
        master, slave = os.openpty()

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

        proc = subprocess.Popen(
            [find_kurl(), *args], stdin=slave, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, preexec_fn=controlling_terminal,
            pass_fds=(slave,))
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        if keep_slave:
            return proc, master, slave
        os.close(slave)
        return proc, master

    def read_terminal(self, master, until, timeout=10):
        """What kurl writes to the terminal, until `until` is in it."""
        seen = b""
        deadline = time.monotonic() + timeout
        while until not in seen:
            left = deadline - time.monotonic()
            self.assertGreater(left, 0, "terminal shows %r" % seen)
            ready, _, _ = select.select([master], [], [], left)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break  # the terminal closed
                if not chunk:
                    break
                seen += chunk
        return seen

    def finish(self, proc):
        """kurl's stdout and stderr once it ended, with no sanitizer report."""
        out, err = proc.communicate(timeout=30)
        for marker in SANITIZER_MARKERS:
            self.assertNotIn(marker, err)
        return out, err

    def authorization(self, stdout):
        return json.loads(stdout)["headers"]["authorization"]

    def basic(self, credentials):
        return "Basic " + base64.b64encode(credentials).decode()

    def test_prompt_on_terminal_with_echo_off(self):
        proc, master = self.start_on_terminal("-s", "-u", "alice",
                                              self.url("/echo"))
        try:
            self.assertIn(self.PROMPT, self.read_terminal(master, self.PROMPT))
            os.write(master, b"s3cret\n")
            after = self.read_terminal(master, b"\n")
            self.assertNotIn(b"s3cret", after)  # echo was off
            out, err = self.finish(proc)
        finally:
            os.close(master)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(self.authorization(out), self.basic(b"alice:s3cret"))
        self.assertNotIn(b"Enter host password", out + err)

    def test_eof_at_the_prompt_sends_what_was_typed(self):
        proc, master = self.start_on_terminal("-s", "-u", "alice",
                                              self.url("/echo"))
        try:
            self.read_terminal(master, self.PROMPT)
            os.write(master, b"\x04")  # Ctrl-D on an empty line: EOF
            out, err = self.finish(proc)
        finally:
            os.close(master)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(self.authorization(out), self.basic(b"alice:"))

    def test_closed_terminal_ends_the_prompt(self):
        proc, master = self.start_on_terminal("-s", "-u", "alice",
                                              self.url("/echo"))
        self.read_terminal(master, self.PROMPT)
        os.close(master)  # the terminal goes away (SIGHUP, then EIO)
        self.finish(proc)
        self.assertIsNotNone(proc.returncode)

    def test_ctrl_c_at_the_prompt_gives_the_echo_back(self):
        proc, master, slave = self.start_on_terminal(
            "-s", "-u", "alice", self.url("/echo"), keep_slave=True)
        try:
            self.read_terminal(master, self.PROMPT)
            self.assertFalse(termios.tcgetattr(slave)[3] & termios.ECHO)
            os.write(master, b"\x03")  # Ctrl-C: SIGINT to kurl
            self.finish(proc)
            self.assertEqual(proc.returncode, -signal.SIGINT)
            self.assertTrue(termios.tcgetattr(slave)[3] & termios.ECHO)
        finally:
            os.close(slave)
            os.close(master)
        self.assertEqual(self.srv.stats()["requests"], 0)

    def test_no_terminal_means_an_empty_password(self):
        r = kurl("-s", "-u", "alice", self.url("/echo"))
        self.assertExit(r, 0)
        self.assertEqual(self.authorization(r.stdout), self.basic(b"alice:"))
        self.assertNotIn(b"Enter host password", r.stderr)

    def test_given_password_never_prompts(self):
        proc, master = self.start_on_terminal("-s", "-u", "alice:pw",
                                              self.url("/echo"))
        try:
            out, err = self.finish(proc)
        finally:
            os.close(master)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(self.authorization(out), self.basic(b"alice:pw"))


if __name__ == "__main__":
    unittest.main()
