"""The shell completions in completions/ (bash, zsh, fish) against the
binary: every flag `kurl --help all` names is completed by each, their fixed
values are ones kurl accepts, file arguments complete file names, and each
file loads in a clean shell (no rc files, a scratch HOME). A shell that is not
installed is skipped (scripts/test installs zsh and fish).
"""

import os
import re
import shutil
import subprocess
import tempfile
import unittest

from kurl_itest import kurl

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BASH_FILE = os.path.join(ROOT, "completions", "kurl.bash")
ZSH_FILE = os.path.join(ROOT, "completions", "_kurl")
FISH_FILE = os.path.join(ROOT, "completions", "kurl.fish")
ZSH_DRIVER = os.path.join(ROOT, "tests", "support", "zsh_complete.zsh")

# Flags whose value is one of a fixed set, and the set each completion offers.
FIXED_VALUES = {
    "--replay": ["all", "idempotent", "none"],
    "--batch-format": ["jsonl", "text"],
    "--stats": ["json", "text"],
    "--pretty": ["always", "auto", "never"],
    "--color": ["always", "auto", "never"],
}
HELP_TOPICS = ["all", "batch", "ci", "connections", "general", "output", "requests",
               "statistics", "tls"]
# Flags whose value is a file name.
FILE_FLAGS = ["-o", "--output", "-K", "--config", "--batch", "--cacert", "-T", "--upload-file",
              "-D", "--dump-header", "-E", "--cert", "--key", "-c", "--cookie-jar", "--junit",
              "--report", "--stats-file", "--trace-ascii", "--netrc-file"]


def help_flags():
    """The long and short flags `kurl --help all` names."""
    text = kurl("--help", "all").stdout.decode()
    longs, shorts = set(), set()
    # Only the flag column: "  -K, --config FILE", "      --color WHEN", "  -P N"; the
    # descriptions mention values such as "-1 = no limit" that are no flags.
    for line in text.splitlines():
        m = re.match(r"^  (-[A-Za-z0-9#])(?:, (--[a-z0-9][a-z0-9.-]*))?(?=[\s\[=]|$)"
                     r"|^ {6}(--[a-z0-9][a-z0-9.-]*)", line)
        if not m:
            continue
        short, long_with_short, long_only = m.groups()
        if short:
            shorts.add(short)
        if long_with_short or long_only:
            longs.add(long_with_short or long_only)
    return sorted(longs), sorted(shorts)


def read(path):
    with open(path) as f:
        return f.read()


def run_shell(argv, cwd, timeout=60):
    home = os.path.join(cwd, "home")
    os.makedirs(home, exist_ok=True)
    env = {"PATH": os.environ["PATH"], "HOME": home, "TERM": "dumb",
           "XDG_CONFIG_HOME": os.path.join(home, ".config"),
           "XDG_DATA_HOME": os.path.join(home, ".local", "share")}
    r = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=timeout)
    return r.returncode, r.stdout.decode(), r.stderr.decode()


class CompletionCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kurl-completions-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        for name in ("urls-one.txt", "urls-two.txt"):
            open(os.path.join(self.tmp, name), "w").close()
        self.longs, self.shorts = help_flags()
        self.assertIn("--keepalive", self.longs)
        self.assertIn("-o", self.shorts)
        self.assertGreater(len(self.longs), 100)

    def assert_accepted_by_kurl(self, flag, values):
        """Each value parses: -V then prints the version (exit 0) instead of a usage error."""
        if flag not in self.longs:
            return  # a flag another change adds; its values are checked once it is there
        for value in values:
            r = kurl("-q", "%s=%s" % (flag, value), "-V")
            self.assertEqual(r.returncode, 0, "%s=%s: %s" % (flag, value, r.stderr))


@unittest.skipUnless(shutil.which("bash"), "bash is not installed")
class Bash(CompletionCase):
    def complete(self, *words):
        """COMPREPLY for the command line `kurl WORDS...` (the last word being completed)."""
        quoted = " ".join("'%s'" % w.replace("'", "'\\''") for w in ("kurl",) + words)
        script = ("source '%s'; COMP_WORDS=(%s); COMP_CWORD=%d; _kurl; "
                  "printf '%%s\\n' \"${COMPREPLY[@]}\"" % (BASH_FILE, quoted, len(words)))
        code, out, err = run_shell(["bash", "--norc", "--noprofile", "-c", script], self.tmp)
        self.assertEqual((code, err), (0, ""))
        return sorted(line for line in out.splitlines() if line)

    def test_loads_in_a_clean_bash(self):
        code, out, err = run_shell(
            ["bash", "--norc", "--noprofile", "-c", "source '%s'; complete -p kurl" % BASH_FILE],
            self.tmp)
        self.assertEqual((code, out.strip(), err), (0, "complete -F _kurl kurl", ""))

    def test_every_flag_completes(self):
        missing = [flag for flag in self.longs + self.shorts if flag not in self.complete(flag)]
        self.assertEqual(missing, [])
        self.assertEqual(self.complete("--kee"), ["--keepalive"])

    def test_fixed_values(self):
        for flag, values in FIXED_VALUES.items():
            if flag == "--stats":  # an optional value: only after '='
                self.assertEqual(self.complete(flag, "=", ""), values)
                self.assertEqual(self.complete("--stats=j"), ["--stats=json"])
                self.assertEqual(self.complete(flag, ""), [])
            else:
                self.assertEqual(self.complete(flag, ""), values, flag)
            self.assert_accepted_by_kurl(flag, values)
        self.assertEqual(self.complete("--help", ""), HELP_TOPICS)
        self.assertEqual(self.complete("--replay", "i"), ["idempotent"])

    def test_file_arguments(self):
        for flag in FILE_FLAGS:
            self.assertEqual(self.complete(flag, "urls-"), ["urls-one.txt", "urls-two.txt"],
                             flag)
        self.assertEqual(self.complete("-d", "@urls-o"), ["@urls-one.txt"])
        self.assertEqual(self.complete("-H", "urls-"), [])  # a header is no file


@unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
class Zsh(CompletionCase):
    def test_loads_with_compinit_and_is_valid_zsh(self):
        script = ("fpath=('%s' $fpath); autoload -U compinit; compinit -u -D; "
                  "print -r -- $_comps[kurl]" % os.path.dirname(ZSH_FILE))
        code, out, err = run_shell(["zsh", "-f", "-c", script], self.tmp)
        self.assertEqual((code, out.strip(), err), (0, "_kurl", ""))
        code, _, err = run_shell(["zsh", "-n", ZSH_FILE], self.tmp)
        self.assertEqual((code, err), (0, ""))

    def complete(self, line):
        """The matches zsh offers for `line` and a TAB (an interactive zsh in a pty)."""
        code, out, err = run_shell(["zsh", "-f", ZSH_DRIVER, os.path.dirname(ZSH_FILE), line],
                                   self.tmp)
        self.assertEqual((code, err), (0, ""), line)
        return sorted(set(out.split()))

    def test_completes_keepalive(self):
        self.assertEqual(self.complete("kurl --kee"), ["--keepalive"])

    def test_every_flag_completes(self):
        longs = set(self.complete("kurl --"))
        shorts = {flag.replace("\\", "") for flag in self.complete("kurl -")}
        self.assertEqual([f for f in self.longs if f not in longs], [])
        self.assertEqual([f for f in self.shorts if f not in shorts], [])

    def test_fixed_values_and_files(self):
        for flag, values in FIXED_VALUES.items():
            line = "kurl %s=" % flag if flag == "--stats" else "kurl %s " % flag
            self.assertEqual(self.complete(line), values, flag)
        self.assertTrue(set(HELP_TOPICS) <= set(self.complete("kurl --help ")))
        for flag in ("-o", "--config", "--batch", "-T", "--cacert"):
            self.assertEqual(self.complete("kurl %s urls-" % flag),
                             ["urls-one.txt", "urls-two.txt"], flag)
        self.assertEqual(self.complete("kurl -sSo urls-"), ["urls-one.txt", "urls-two.txt"])
        self.assertEqual(self.complete("kurl -H urls-"), [])


@unittest.skipUnless(shutil.which("fish"), "fish is not installed")
class Fish(CompletionCase):
    def complete(self, line):
        code, out, err = run_shell(
            ["fish", "--no-config", "-c", "source '%s'; complete -C '%s'" % (FISH_FILE, line)],
            self.tmp)
        self.assertEqual((code, err), (0, ""))
        return sorted(entry.split("\t")[0] for entry in out.splitlines() if entry)

    def test_loads_and_completes_keepalive(self):
        self.assertEqual(self.complete("kurl --kee"), ["--keepalive"])

    def test_every_flag_completes(self):
        longs = set(self.complete("kurl --"))
        shorts = set(self.complete("kurl -"))
        self.assertEqual([f for f in self.longs if f not in longs], [])
        self.assertEqual([f for f in self.shorts if f not in shorts], [])

    def test_fixed_values_and_files(self):
        for flag, values in FIXED_VALUES.items():
            if flag == "--stats":
                self.assertEqual(self.complete("kurl --stats="),
                                 ["--stats=" + v for v in values])
            else:
                self.assertEqual(self.complete("kurl %s " % flag), values, flag)
        self.assertEqual(self.complete("kurl --help "), HELP_TOPICS)
        for flag in FILE_FLAGS:
            self.assertEqual(self.complete("kurl %s urls-" % flag),
                             ["urls-one.txt", "urls-two.txt"], flag)
        # A URL position offers no file names.
        self.assertEqual(self.complete("kurl urls-"), [])


if __name__ == "__main__":
    unittest.main()
