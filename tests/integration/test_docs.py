"""The manual page and the README against the code and the binary.

Each test reads what the program really has (the flags `kurl --help all`
prints, the -w variable table, the exit codes, the statistics keys of a real
run, the files under src/) and checks that the documentation names every one
of them, so a flag or key added without its documentation fails here.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from kurl_itest import kurl, stats_of
from support.harness import TestServer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MAN = os.path.join(ROOT, "man", "kurl.1")
README = os.path.join(ROOT, "README.md")
LONG_FLAG = re.compile(r"--[a-z0-9][a-z0-9.-]*")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def man_text():
    """The man page source with roff's escapes undone where they hide words:
    '\\-' is '-', font changes and '\\&' vanish."""
    text = read(MAN)
    text = re.sub(r"\\f[BIRP]|\\f\(..|\\&", "", text)
    return text.replace("\\-", "-").replace("\\(aq", "'").replace("\\e", "\\")


def man_section(name):
    """The text of one .SH section of the man page, up to the next .SH."""
    text = man_text()
    match = re.search(r"^\.SH \"?%s\"?\n(.*?)(?=^\.SH |\Z)" % re.escape(name), text,
                      re.M | re.S)
    if match is None:
        raise AssertionError("man page has no section %s" % name)
    return match.group(1)


def entry_heads(section):
    """The words of every .TP entry's head line of a man page section."""
    words = set()
    for head in re.findall(r"^\.TP\n(.*)$", section, re.M):
        words.update(w for w in re.split(r"[\s,\"]+", re.sub(r"^\.[A-Z]+ ", "", head)) if w)
    return words


def names_flag(text, flag):
    """Whether text names the long flag as itself, not as the start of a longer
    one (--stats is not named by --stats-file)."""
    return re.search(re.escape(flag) + r"(?![a-z0-9-]|\.[a-z0-9])", text) is not None


def help_flags():
    """Every long flag the binary's help names (`--help all` prints all of
    them; a build whose --help ignores the word still prints every flag)."""
    r = kurl("--help", "all")
    if r.returncode != 0:
        r = kurl("--help")
    text = r.stdout.decode()
    flags = set(LONG_FLAG.findall(text))
    if len(flags) < 100:
        raise AssertionError("--help named only %d long flags:\n%s" % (len(flags), text))
    return {flag.rstrip(".-") for flag in flags}


def help_short_flags():
    """The one-letter flags that start a line of `kurl --help all`."""
    text = kurl("--help", "all").stdout.decode()
    flags = set(re.findall(r"^\s*(-[A-Za-z0-9#])[,\s]", text, re.M))
    if len(flags) < 30:
        raise AssertionError("--help named only %d short flags:\n%s" % (len(flags), text))
    return flags


def github_anchor(heading):
    """The anchor GitHub gives a Markdown heading."""
    slug = heading.strip().lower()
    slug = re.sub(r"[^\w\- ]", "", slug)
    return slug.replace(" ", "-")


class ManPageLint(unittest.TestCase):
    def test_groff_prints_no_warning(self):
        self.assertIsNotNone(shutil.which("groff"),
                             "groff is missing (scripts/test installs groff-base)")
        r = subprocess.run(["groff", "-man", "-ww", "-z", MAN], capture_output=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout + r.stderr, b"")

    def test_man_prints_no_warning_at_80_columns(self):
        if shutil.which("man") is None:
            self.skipTest("man-db is not installed")
        env = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0")
        r = subprocess.run(["man", "--warnings", "-l", MAN], capture_output=True, env=env,
                           timeout=60)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stderr.decode(), "")
        lines = r.stdout.decode().splitlines()
        self.assertGreater(len(lines), 1000)
        # man -l pipes through col -b only on a terminal: strip overstrikes first.
        wide = [l for l in (re.sub(".\b", "", line) for line in lines) if len(l) > 80]
        self.assertEqual(wide, [])

    def test_sections_in_order(self):
        wanted = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "STATISTICS",
                  "WRITE-OUT VARIABLES", "REPORT", "EXIT STATUS", "ENVIRONMENT", "FILES",
                  "EXAMPLES", "SEE ALSO"]
        found = re.findall(r"^\.SH \"?([^\"\n]+)\"?$", read(MAN), re.M)
        self.assertEqual([s for s in found if s in wanted], wanted)

    def test_options_grouped_by_the_help_topics(self):
        options = man_section("OPTIONS")
        groups = re.findall(r"^\.SS \"?([^\"\n]+)\"?$", options, re.M)
        self.assertEqual(groups, ["General", "Requests", "Output", "Connections", "Batch",
                                  "TLS and proxies", "CI", "Statistics"])


class EveryFlagDocumented(unittest.TestCase):
    def test_man_page_names_every_help_flag(self):
        options = man_section("OPTIONS")
        missing = sorted(f for f in help_flags() if not names_flag(options, f))
        self.assertEqual(missing, [], "flags of --help missing from man/kurl.1 OPTIONS")

    def test_man_page_has_an_entry_for_every_short_flag(self):
        heads = entry_heads(man_section("OPTIONS"))
        missing = sorted(f for f in help_short_flags() if f not in heads)
        self.assertEqual(missing, [], "short flags of --help with no man/kurl.1 entry")

    def test_readme_names_every_help_flag(self):
        readme = read(README)
        missing = sorted(f for f in help_flags() if not names_flag(readme, f))
        self.assertEqual(missing, [], "flags of --help missing from README.md")

    def test_man_page_entries_are_flags_the_binary_accepts(self):
        # Every option entry's first long flag: kurl must not reject it as unknown.
        options = man_section("OPTIONS")
        heads = re.findall(r"^\.TP\n(.*)$", options, re.M)
        documented = {m.group(0) for m in (LONG_FLAG.search(h) for h in heads) if m}
        self.assertGreater(len(documented), 100)
        unknown = sorted(documented - help_flags())
        self.assertEqual(unknown, [], "man/kurl.1 documents flags --help does not list")


class EveryVariableAndCodeDocumented(unittest.TestCase):
    def test_every_write_out_variable_in_the_man_page(self):
        table = read(os.path.join(ROOT, "src", "output", "write_out_variables.cpp"))
        variables = re.findall(r'\{"([a-z_]+)", WriteOutVariable::', table)
        self.assertGreater(len(variables), 40)
        section = man_section("WRITE-OUT VARIABLES")
        heads = entry_heads(section)
        missing = [v for v in variables if v not in heads]
        self.assertEqual(missing, [])
        for form in ("%header{", "curl_version", "%{json}"):
            self.assertIn(form, section)

    def test_every_exit_code_in_exit_status(self):
        header = read(os.path.join(ROOT, "src", "core", "error.h"))
        enum = re.search(r"enum class ExitCode[^{]*\{(.*?)\};", header, re.S).group(1)
        codes = re.findall(r"=\s*(\d+)", enum)
        self.assertGreater(len(codes), 20)
        listed = entry_heads(man_section("EXIT STATUS"))
        missing = [c for c in codes if c not in listed]
        self.assertEqual(missing, [])
        readme_codes = set(re.findall(r"^\| ([\d, ]+) \|", read(README), re.M))
        readme_codes = {c.strip() for item in readme_codes for c in item.split(",")}
        self.assertEqual([c for c in codes if c not in readme_codes], [])

    def test_every_statistics_key_documented(self):
        with TestServer() as srv:
            r = kurl("-o", "/dev/null", "--stats=json", srv.url("/a"), srv.url("/b"))
            text = kurl("-o", "/dev/null", "--stats", srv.url("/a"))
        self.assertEqual(r.returncode, 0, r.stderr)
        stats = stats_of(r)
        keys = set()

        def walk(obj, under_hosts=False):
            for key, value in obj.items():
                if not under_hosts:
                    keys.add(key)
                if isinstance(value, dict):
                    walk(value, key == "hosts" and not under_hosts)

        walk(stats)
        self.assertIn("connections_closed", keys)
        section = man_section("STATISTICS")
        readme = read(README)
        self.assertEqual(sorted(k for k in keys if k not in section), [])
        self.assertEqual(sorted(k for k in keys if "`%s`" % k not in readme and
                                not re.search(r"\b%s\b" % re.escape(k), readme)), [])
        labels = {line.split(":")[0].split(" ")[0] if line.startswith("host ")
                  else line.split(":")[0]
                  for line in text.stderr.decode().splitlines() if ":" in line}
        self.assertGreaterEqual(len(labels), 10)
        self.assertEqual(sorted(l for l in labels if l + ":" not in section and
                                l != "host"), [])
        self.assertIn("host ", section)


    def test_every_report_key_documented(self):
        with TestServer() as srv, tempfile.TemporaryDirectory() as tmp:
            batch = os.path.join(tmp, "urls.txt")
            with open(batch, "w") as f:
                f.write(srv.url("/a") + "\n")
            r = kurl("-o", "/dev/null", "--report=-", "--batch", batch, srv.url("/b"))
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual(len(lines), 2)
        keys = set().union(*lines)
        self.assertIn("line", keys)
        heads = entry_heads(man_section("REPORT"))
        self.assertEqual(sorted(keys - heads), [])
        readme = read(README)
        self.assertEqual(sorted(k for k in keys if "`%s`" % k not in readme), [])


class StandsAlone(unittest.TestCase):
    OUTSIDE = re.compile(r"\.\./\w|/work/|\bshared/|CLI\.md|DESIGN\.md|REVIEW\.md")

    def test_no_path_outside_the_repository(self):
        for path in (README, MAN):
            hits = [line for line in read(path).splitlines() if self.OUTSIDE.search(line)]
            self.assertEqual(hits, [], path)

    def test_readme_links_resolve_inside_the_repository(self):
        readme = read(README)
        anchors = {github_anchor(h) for h in re.findall(r"^#+ (.+)$", readme, re.M)}
        for target in re.findall(r"\]\(([^)\s]+)\)", readme):
            if target.startswith("#"):
                self.assertIn(target[1:], anchors, "README link %s" % target)
            else:
                self.assertFalse(re.match(r"[a-z]+:", target),
                                 "README links outside the repository: %s" % target)
                path = os.path.normpath(os.path.join(ROOT, target.split("#")[0]))
                self.assertTrue(path.startswith(ROOT + os.sep), target)
                self.assertTrue(os.path.exists(path), target)


class ModuleMap(unittest.TestCase):
    def map_entries(self):
        """The files the README's module map names, as paths under src/."""
        readme = read(README)
        block = re.search(r"^## Module map\n(.*?)(?=^## |\Z)", readme, re.M | re.S).group(1)
        names, stack = set(), []
        for line in block.splitlines():
            match = re.match(r"^( +)(\S+)", line)
            if not match:
                continue
            indent, token = len(match.group(1)), match.group(2)
            if token.endswith("/"):
                stack = [(i, d) for i, d in stack if i < indent] + [(indent, token)]
                continue
            file_match = re.fullmatch(r"([a-z0-9_]+)((?:\.h|\.cpp)(?:/\.cpp)?)", token)
            if not file_match:
                continue
            stack = [(i, d) for i, d in stack if i < indent]
            folder = "".join(d for _, d in stack)
            for ext in file_match.group(2).split("/"):
                names.add(folder + file_match.group(1) + ext)
        return names

    def test_module_map_names_every_src_file_and_no_other(self):
        listed = self.map_entries()
        present = set()
        for folder, _, files in os.walk(os.path.join(ROOT, "src")):
            for name in files:
                rel = os.path.relpath(os.path.join(folder, name), ROOT)
                present.add(rel.replace(os.sep, "/"))
        self.assertGreater(len(present), 100)
        self.assertEqual(sorted(present - listed), [], "src/ files missing from the map")
        self.assertEqual(sorted(listed - present), [], "map entries with no such file")


if __name__ == "__main__":
    unittest.main()
