"""Runs a program on a real pseudo-terminal: its stdout and stderr each on the terminal, a
pipe or /dev/null, every read bounded by a deadline."""

import os
import pty
import select
import subprocess
import threading
import time

from support.harness import find_kurl


def run_on_terminal(args, stdout="pty", stderr="pty", env=None, timeout=30, program=None):
    """Runs kurl (or `program`) in `env` (default: this environment) with stdout and stderr
    each on the pseudo-terminal ("pty"), a pipe ("pipe") or /dev/null ("null"); returns
    (exit code, terminal bytes, stdout pipe, stderr pipe). The terminal turns each \\n into
    \\r\\n, as a real one does."""
    master, slave = pty.openpty()
    streams = {"pty": slave, "pipe": subprocess.PIPE, "null": subprocess.DEVNULL}
    proc = subprocess.Popen([program or find_kurl(), *args], stdin=subprocess.DEVNULL,
                            stdout=streams[stdout], stderr=streams[stderr], env=env)
    os.close(slave)
    piped = {}

    def drain(name, pipe):
        piped[name] = pipe.read()

    readers = [threading.Thread(target=drain, args=(name, pipe), daemon=True)
               for name, pipe in (("out", proc.stdout), ("err", proc.stderr)) if pipe]
    for reader in readers:
        reader.start()
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # the terminal closes when kurl exits
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(1, deadline - time.monotonic()))
        for reader in readers:
            reader.join(max(1, deadline - time.monotonic()))
        return code, seen, piped.get("out", b""), piped.get("err", b"")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdout, proc.stderr):
            if pipe:
                pipe.close()
        os.close(master)


