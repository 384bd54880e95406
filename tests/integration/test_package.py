"""Installing kurl: `cmake --install` into a temporary prefix puts every file
where Debian looks for it, and the Debian package CPack builds from the same
build directory installs with apt-get (its dependencies are the runtime
libraries already there), gives `man -w kurl` and a working `kurl -V`, and is
removed again. The package half runs only as root with dpkg and apt-get, and
never when a kurl package is already installed (it would be replaced, then
removed).
"""

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from support.harness import find_kurl

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Installed path -> the file of the repository it must be a copy of (None: the binary).
INSTALLED = {
    "bin/kurl": None,
    "share/man/man1/kurl.1": "man/kurl.1",
    "share/bash-completion/completions/kurl": "completions/kurl.bash",
    "share/zsh/site-functions/_kurl": "completions/_kurl",
    "share/fish/vendor_completions.d/kurl.fish": "completions/kurl.fish",
}
APT_LOCK_WAIT = "DPkg::Lock::Timeout=120"  # other jobs on the machine may hold apt's lock
# Two test runs on one machine (two checkouts) take turns with the system's kurl package.
PACKAGE_TEST_LOCK = "/run/lock/kurl-package-test.lock"


def build_dir():
    """The CMake build directory of the kurl under test."""
    return os.path.dirname(find_kurl())


def run(*argv, timeout=300, **kw):
    return subprocess.run(list(argv), capture_output=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kw)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def kurl_version():
    return run(find_kurl(), "-V").stdout.decode().split()[1]


def package_installed():
    r = run("dpkg-query", "-W", "-f=${Status}", "kurl")
    return r.returncode == 0 and b"install ok installed" in r.stdout


@unittest.skipUnless(shutil.which("cmake") and os.path.exists(
    os.path.join(build_dir(), "CMakeCache.txt")), "needs cmake and kurl's build directory")
class Install(unittest.TestCase):
    def test_cmake_install_puts_every_file_in_the_prefix(self):
        prefix = tempfile.mkdtemp(prefix="kurl-prefix-")
        self.addCleanup(shutil.rmtree, prefix, True)
        r = run("cmake", "--install", build_dir(), "--prefix", prefix)
        self.assertEqual(r.returncode, 0, r.stderr)
        installed = sorted(os.path.relpath(os.path.join(d, f), prefix)
                           for d, _, files in os.walk(prefix) for f in files)
        self.assertEqual(installed, sorted(INSTALLED))
        for path, source in INSTALLED.items():
            if source is not None:
                self.assertEqual(read(os.path.join(prefix, path)),
                                 read(os.path.join(ROOT, source)), path)
        binary = os.path.join(prefix, "bin/kurl")
        self.assertTrue(os.access(binary, os.X_OK))
        r = run(binary, "-V")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith(b"kurl " + kurl_version().encode()))
        # man finds the page through the prefix's share/man.
        if shutil.which("man"):
            r = run("man", "-M", os.path.join(prefix, "share/man"), "-w", "kurl")
            self.assertEqual(r.stdout.decode().strip(),
                             os.path.join(prefix, "share/man/man1/kurl.1"))


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("dpkg") and shutil.which("apt-get")
                     and shutil.which("cpack") and shutil.which("dpkg-shlibdeps"),
                     "needs root, dpkg, apt-get, cpack and dpkg-shlibdeps")
class DebianPackage(unittest.TestCase):
    def setUp(self):
        self.out = tempfile.mkdtemp(prefix="kurl-deb-")
        self.addCleanup(shutil.rmtree, self.out, True)
        # CPack on the existing build directory: no rebuild, a few seconds.
        r = run("cpack", "--config", os.path.join(build_dir(), "CPackConfig.cmake"),
                "-G", "DEB", "-B", self.out)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        arch = run("dpkg", "--print-architecture").stdout.decode().strip()
        self.deb = os.path.join(self.out, "kurl_%s_%s.deb" % (kurl_version(), arch))
        self.assertTrue(os.path.exists(self.deb), os.listdir(self.out))

    def field(self, name):
        return run("dpkg-deb", "-f", self.deb, name).stdout.decode().strip()

    def test_control_fields_and_files(self):
        self.assertEqual(self.field("Package"), "kurl")
        self.assertEqual(self.field("Version"), kurl_version())
        self.assertEqual(self.field("Section"), "web")
        self.assertRegex(self.field("Maintainer"), r".+ <.+@.+>")
        self.assertTrue(self.field("Description").startswith("HTTP client that reuses"))
        # dpkg-shlibdeps found the libraries the binary links.
        depends = self.field("Depends")
        for library in ("libc6", "libuv1", "libmbedtls", "zlib1g", "libzstd1", "libbrotli1"):
            self.assertIn(library, depends)
        listing = run("dpkg-deb", "-c", self.deb).stdout.decode()
        files = sorted(re.findall(r"\./usr/(\S*[^/\s])$", listing, re.M))
        self.assertEqual(files, sorted(INSTALLED))

    def test_apt_installs_it_man_finds_the_page_and_apt_removes_it(self):
        lock = open(PACKAGE_TEST_LOCK, "w")
        self.addCleanup(lock.close)
        fcntl.flock(lock, fcntl.LOCK_EX)  # released by close, after the removal below
        if package_installed():
            self.skipTest("a kurl package is installed already; not replacing it")
        self.addCleanup(self.remove)
        r = run("apt-get", "install", "-y", "-o", APT_LOCK_WAIT, "--no-install-recommends",
                self.deb, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-3000:])
        self.assertTrue(package_installed())
        r = run("man", "-w", "kurl")
        self.assertEqual((r.returncode, r.stdout.decode().strip()),
                         (0, "/usr/share/man/man1/kurl.1"))
        r = run("/usr/bin/kurl", "-V")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith(b"kurl " + kurl_version().encode()))
        for path in INSTALLED:
            self.assertTrue(os.path.exists(os.path.join("/usr", path)), path)
        self.remove()
        self.assertFalse(package_installed())
        self.assertFalse(os.path.exists("/usr/bin/kurl"))

    def remove(self):
        if package_installed():
            r = run("apt-get", "remove", "-y", "-o", APT_LOCK_WAIT, "kurl",
                    env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])


if __name__ == "__main__":
    unittest.main()
