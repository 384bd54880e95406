#!/usr/bin/python3
"""kurl's benchmark (run by scripts/bench, never by the tests).

Starts its own nginx (one worker, access log off, keep-alive without a request limit) with a
100-byte file, a 16 KiB file, an in-memory reply and TLS on a second port, then measures, in
several interleaved rounds so that a noisy moment hurts every client alike:

  curl (all URLs in one invocation with -K; and --parallel --parallel-max 16), wget2
  (--max-threads=1 and 16), aiohttp (one ClientSession, TCPConnector(limit=16)), wrk -t1 at
  -c1 and -c16, kurl sequential, -P 16, pipelined (-P 64 --max-per-host 4 --pipeline 16 on the
  in-memory reply) and TLS -P 16,

and prints each median with its range, the ratios the targets are stated in, kurl's peak RSS
for 20,000 and 2,000,000 URLs read from standard input, system calls a sequential request
(strace -c, the difference of two batch sizes) and heap allocations a warm request (valgrind's
dhat, the difference of two batch sizes).

    scripts/bench.py KURL_BINARY [--rounds N] [--quick]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

NGINX = "/usr/sbin/nginx"
PYTHON = "/usr/bin/python3"  # Debian's, which has python3-aiohttp


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("bench: nothing listens on port %d after %d s" % (port, seconds))


NGINX_CONF = """\
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {d}/tmp_body;
  proxy_temp_path {d}/tmp_proxy;
  fastcgi_temp_path {d}/tmp_fastcgi;
  uwsgi_temp_path {d}/tmp_uwsgi;
  scgi_temp_path {d}/tmp_scgi;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server {{
    listen 127.0.0.1:{port};
    listen 127.0.0.1:{tls_port} ssl;
    ssl_certificate {d}/cert.pem;
    ssl_certificate_key {d}/key.pem;
    ssl_session_cache shared:SSL:1m;
    root {d}/www;
    location = /mem {{ return 200 "hello"; }}
  }}
}}
"""


class Nginx:
    def __init__(self, d):
        self.dir = d
        self.port, self.tls_port = free_port(), free_port()
        os.makedirs(os.path.join(d, "www"))
        with open(os.path.join(d, "www", "100.html"), "wb") as f:
            f.write(b"b" * 100)
        with open(os.path.join(d, "www", "16k.html"), "wb") as f:
            f.write(b"b" * 16384)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", os.path.join(d, "key.pem"), "-out",
                        os.path.join(d, "cert.pem")], check=True, capture_output=True)
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF.format(d=d, port=self.port, tls_port=self.tls_port))
        self.process = subprocess.Popen([NGINX, "-p", d + "/", "-c", d + "/nginx.conf",
                                         "-e", d + "/error.log"])
        wait_for_port(self.port)
        wait_for_port(self.tls_port)

    def url(self, path, tls=False):
        if tls:
            return "https://localhost:%d%s" % (self.tls_port, path)
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(10)


def run_timed(command, stdin=None, timeout=600):
    """Wall seconds of `command`, which must exit 0."""
    started = time.monotonic()
    r = subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=timeout)
    seconds = time.monotonic() - started
    if r.returncode != 0:
        sys.exit("bench: %s failed (%d): %s" % (command[0], r.returncode,
                                                 r.stderr.decode(errors="replace")[-500:]))
    return seconds


def wrk_rate(url, connections, seconds):
    r = subprocess.run(["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, url],
                       capture_output=True, timeout=seconds + 30, check=True)
    return float(re.search(rb"Requests/sec:\s+([\d.]+)", r.stdout).group(1))


AIOHTTP_CLIENT = """
import asyncio, sys, aiohttp
url, count, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
async def main():
    connector = aiohttp.TCPConnector(limit=limit)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one():
            async with session.get(url) as response:
                await response.read()
        pending = set()
        for _ in range(count):
            if len(pending) >= limit * 4:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
            pending.add(asyncio.ensure_future(one()))
        await asyncio.gather(*pending)
asyncio.run(main())
"""


class Bench:
    def __init__(self, kurl, nginx, work, quick):
        self.kurl, self.nginx, self.work = kurl, nginx, work
        self.count = 20000 if quick else 100000
        self.curl_count = 5000 if quick else 20000
        self.wrk_seconds = 2 if quick else 4
        self.results = {}

    def url_file(self, url, count):
        """`count` distinct URLs (?1, ?2, ...): wget2 fetches a URL only once a run."""
        path = os.path.join(self.work, "urls-%d-%s" % (count, re.sub(r"\W", "_", url)))
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.writelines("%s?%d\n" % (url, i) for i in range(count))
        return path

    def kurl_rate(self, url, *flags, count=None):
        count = count or self.count
        urls = self.url_file(url, count)
        tls = ("--cacert", os.path.join(self.nginx.dir, "cert.pem"))
        return count / run_timed([self.kurl, "--batch", urls, "-o", "/dev/null", "-s", *tls,
                                  *flags])

    def curl_rate(self, url, *flags):
        config = os.path.join(self.work, "curl-%s.cfg" % re.sub(r"\W", "_", url))
        if not os.path.exists(config):
            with open(config, "w") as f:
                f.writelines('url = "%s?%d"\noutput = "/dev/null"\n' % (url, i)
                             for i in range(self.curl_count))
        return self.curl_count / run_timed(["curl", "-s", "-K", config, "--cacert",
                                            os.path.join(self.nginx.dir, "cert.pem"), *flags])

    def wget2_rate(self, url, threads):
        count = self.curl_count
        return count / run_timed(["wget2", "-q", "--no-config", "--max-threads=%d" % threads,
                                  "-O", "/dev/null", "-i", self.url_file(url, count)])

    def aiohttp_rate(self, url, limit):  # one URL: aiohttp fetches each request it is given
        count = self.curl_count
        return count / run_timed([PYTHON, "-c", AIOHTTP_CLIENT, url, str(count), str(limit)])

    def cases(self):
        small, mem = self.nginx.url("/100.html"), self.nginx.url("/mem")
        big, tls = self.nginx.url("/16k.html"), self.nginx.url("/100.html", tls=True)
        w = self.wrk_seconds
        return [
            ("sequential", "kurl", lambda: self.kurl_rate(small)),
            ("sequential", "wrk -c1", lambda: wrk_rate(small, 1, w)),
            ("sequential", "curl -K", lambda: self.curl_rate(small)),
            ("sequential", "wget2 --max-threads=1", lambda: self.wget2_rate(small, 1)),
            ("sequential 16 KiB", "kurl", lambda: self.kurl_rate(big)),
            ("sequential 16 KiB", "wrk -c1", lambda: wrk_rate(big, 1, w)),
            ("-P 16", "kurl -P 16", lambda: self.kurl_rate(small, "-P", "16")),
            ("-P 16", "wrk -c16", lambda: wrk_rate(small, 16, w)),
            ("-P 16", "curl --parallel-max 16",
             lambda: self.curl_rate(small, "--parallel", "--parallel-max", "16")),
            ("-P 16", "wget2 --max-threads=16", lambda: self.wget2_rate(small, 16)),
            ("-P 16", "aiohttp limit=16", lambda: self.aiohttp_rate(small, 16)),
            ("pipelined, in-memory reply", "kurl -P 64 --max-per-host 4 --pipeline 16",
             lambda: self.kurl_rate(mem, "-P", "64", "--max-per-host", "4", "--pipeline", "16")),
            ("pipelined, in-memory reply", "wrk -c16", lambda: wrk_rate(mem, 16, w)),
            ("TLS -P 16", "kurl -P 16", lambda: self.kurl_rate(tls, "-P", "16")),
            ("TLS -P 16", "wrk -c16", lambda: wrk_rate(tls, 16, w)),
            ("TLS -P 16", "curl --parallel-max 16",
             lambda: self.curl_rate(tls, "--parallel", "--parallel-max", "16")),
        ]

    def run_rounds(self, rounds):
        cases = self.cases()
        for number in range(1, rounds + 1):
            print("round %d of %d" % (number, rounds), file=sys.stderr)
            for mode, client, measure in cases:
                self.results.setdefault((mode, client), []).append(measure())

    def median(self, mode, client):
        return statistics.median(self.results[(mode, client)])

    def print_table(self):
        print("| mode | client | requests a second (median) | range |")
        print("| --- | --- | ---: | ---: |")
        for (mode, client), rates in self.results.items():
            print("| %s | %s | %.0f | %.0f-%.0f |" % (mode, client, statistics.median(rates),
                                                      min(rates), max(rates)))

    def print_ratios(self):
        m = self.median
        rows = [
            ("sequential / wrk -c1", m("sequential", "kurl") / m("sequential", "wrk -c1"), 1.0),
            ("sequential / best of curl, wget2", m("sequential", "kurl") /
             max(m("sequential", "curl -K"), m("sequential", "wget2 --max-threads=1")), 1.3),
            ("-P 16 / wrk -c16", m("-P 16", "kurl -P 16") / m("-P 16", "wrk -c16"), 0.95),
            ("-P 16 / best of curl, wget2", m("-P 16", "kurl -P 16") /
             max(m("-P 16", "curl --parallel-max 16"), m("-P 16", "wget2 --max-threads=16")),
             2.0),
            ("pipelined / wrk -c16",
             m("pipelined, in-memory reply", "kurl -P 64 --max-per-host 4 --pipeline 16") /
             m("pipelined, in-memory reply", "wrk -c16"), 1.3),
            ("TLS -P 16 / wrk -c16", m("TLS -P 16", "kurl -P 16") / m("TLS -P 16", "wrk -c16"),
             1.0),
            ("TLS -P 16 / curl", m("TLS -P 16", "kurl -P 16") /
             m("TLS -P 16", "curl --parallel-max 16"), 2.0),
        ]
        print("\n| ratio | measured | target | met |")
        print("| --- | ---: | ---: | --- |")
        for name, value, target in rows:
            print("| %s | %.2fx | %.2fx | %s |" % (name, value, target,
                                                  "yes" if value >= target else "NO"))

    def peak_rss_kb(self, count):
        url = self.nginx.url("/100.html")
        feeder = subprocess.Popen(["sh", "-c", 'yes "$0" | head -n "$1"', url, str(count)],
                                  stdout=subprocess.PIPE)
        r = subprocess.run(["/usr/bin/time", "-f", "%M", self.kurl, "--batch", "-", "-o",
                            "/dev/null", "-s", "-P", "16"], stdin=feeder.stdout,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
        feeder.stdout.close()
        feeder.wait(60)
        return int(r.stderr.split()[-1])

    def print_memory(self):
        small, large = (20000, 200000) if self.count == 20000 else (20000, 2000000)
        low, high = self.peak_rss_kb(small), self.peak_rss_kb(large)
        print("\npeak RSS, URLs from standard input, -P 16: %d: %.1f MB, %d: %.1f MB "
              "(target: at most 8 MB, flat within 20%%)" % (small, low / 1024, large,
                                                           high / 1024))

    def syscalls_a_request(self):
        url = self.nginx.url("/100.html")
        totals = []
        for count in (1000, 3000):
            trace = os.path.join(self.work, "strace-%d" % count)
            subprocess.run(["strace", "-c", "-f", "-o", trace, self.kurl, "--batch",
                            self.url_file(url, count), "-o", "/dev/null", "-s"], check=True)
            with open(trace) as f:
                total = re.search(r"^\s*100\.00\s+\S+\s+\S+\s+(\d+)", f.read(), re.M)
            totals.append(int(total.group(1)))
        return (totals[1] - totals[0]) / 2000

    def allocations_a_request(self, *flags):
        url = self.nginx.url("/100.html")
        blocks = []
        for count in (500, 1500):
            out = os.path.join(self.work, "out-%d" % count)
            shutil.rmtree(out, True)
            args = [a.replace("OUT", out) for a in flags]
            r = subprocess.run(["valgrind", "--tool=dhat", "--dhat-out-file=/dev/null",
                                self.kurl, "--batch", self.url_file(url, count), "-s", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
            found = re.search(rb"Total:\s+[\d,]+ bytes in ([\d,]+) blocks", r.stderr)
            blocks.append(int(found.group(1).replace(b",", b"")))
        return (blocks[1] - blocks[0]) / 1000

    def print_costs(self):
        print("\nsystem calls a sequential request: %.2f (target: at most 3.5)"
              % self.syscalls_a_request())
        print("heap allocations a warm request (target: 0, at most 2 with an -o template):")
        for name, flags in (("-o /dev/null", ("-o", "/dev/null")), ("stdout", ()),
                            ("-d", ("-d", "x=1", "-o", "/dev/null")),
                            ("-o template", ("-o", "OUT/{n}.html", "--create-dirs"))):
            print("  %-14s %.2f" % (name, self.allocations_a_request(*flags)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kurl")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer requests, for a check")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="kurl-bench-")
    nginx = Nginx(os.path.join(work, "nginx"))
    try:
        bench = Bench(os.path.abspath(args.kurl), nginx, work, args.quick)
        print(subprocess.run([args.kurl, "--version"], capture_output=True,
                             text=True).stdout.splitlines()[0])
        print("nginx 1 worker on 127.0.0.1, 100-byte body unless said; %d rounds\n" % args.rounds)
        bench.run_rounds(args.rounds)
        bench.print_table()
        bench.print_ratios()
        bench.print_memory()
        bench.print_costs()
    finally:
        nginx.stop()
        shutil.rmtree(work, True)


if __name__ == "__main__":
    main()
