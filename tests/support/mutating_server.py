#!/usr/bin/env python3
"""HTTP/1.1 server that answers every request with a randomly mutated reply.

Usage:
    mutating_server.py [--port 0] [--port-file PATH] [--seed N]
                       [--idle SECONDS]

A request for ``/m/<CASE>`` (any query string, any method) is answered with
the reply of case CASE: a valid response (status line, headers, a body framed
by Content-Length, chunked encoding or the close of the connection) mutated by
a ``random.Random`` seeded with ``"<seed>:<CASE>"`` -- byte flips, truncation,
duplicated header lines, stray CR/LF, huge Content-Length or chunk sizes,
garbage, conflicting framing, oversized heads, a sudden close or reset, replies
written in several pieces.  The reply of a case never depends on the order in
which requests arrive, so a run is deterministic for a given seed.

After a reply the connection is kept (the next request on it is read), closed
or reset, again as the case says.  A connection that carries no new request
within --idle seconds is closed, so a client waiting for bytes that never come
sees the close quickly instead of waiting for its own timeout.

``reply_for(seed, case, method)`` is importable, so a test can know what a
case sends and, for the cases sent valid and unmutated, which body a correct
client must save.  Only the Python 3 standard library is used.  Binds 127.0.0.1,
writes the port to --port-file once listening; SIGTERM / SIGINT stop it.
"""

import argparse
import asyncio
import os
import random
import signal
import socket
import struct
import sys
import traceback

HEAD_LIMIT = 64 * 1024
FIRST_REQUEST_TIMEOUT = 5.0

KEEP, CLOSE, RESET = "keep", "close", "reset"

STATUSES = [200] * 8 + [201, 204, 206, 301, 302, 304, 400, 404, 500, 503,
                        100, 101, 103, 199, 299, 599]
HUGE_NUMBERS = ["99999999999999999999999999", "18446744073709551616",
                "18446744073709551615", "9223372036854775808",
                "9223372036854775807", "4294967296", "-1", "-0", "+5", "0x10",
                "1e3", " 7 ", "5, 5", "", "00000000000000000000000000000012",
                "1_000", "\xb3"]
HUGE_CHUNKS = ["ffffffffffffffffffff", "10000000000000000", "8000000000000000",
               "7fffffffffffffff", "ffffffff", "-1", "", "0x10", "g", " 5",
               "5 ; ext", "00000000000000000000000000000000a", "1;" + "e" * 5000]
GARBAGE = [b"\x00", b"\xff\xfe", b"\r", b"\n", b"\r\n", b"\r\n\r\n", b":", b" ",
           b"\t", b"HTTP/1.1 200 OK\r\n", b"Content-Length: 3\r\n",
           b"Transfer-Encoding: chunked\r\n", b"0\r\n\r\n", b"\x1b[2J",
           b"%s%n%x", b"\xc3\x28", b"\xe2\x82", b"\x7f"]


def _body(rng, size):
    if rng.random() < 0.5:
        return bytes(rng.getrandbits(8) for _ in range(size))
    return (b"abcdefghijklmnopqrstuvwxyz0123456789\n" * (size // 37 + 1))[:size]


def _chunked(rng, body):
    """(chunked encoding of body, whether an extension has whitespace before
    its ';' -- valid (RFC 9112 BWS) but refused by llhttp 8, so such a
    reply is not counted as clean; test_faults covers it on its own)."""
    out = bytearray()
    bws = False
    i = 0
    while i < len(body):
        n = min(len(body) - i, rng.choice([1, 7, 100, 1000, 4096, 65536]))
        ext = rng.choice(["", "", "", ";a=b", ";x", " ;y=\"z\""])
        bws = bws or ext.startswith(" ")
        out += b"%x%s\r\n" % (n, ext.encode()) + body[i:i + n] + b"\r\n"
        i += n
    out += b"0\r\n"
    if rng.random() < 0.3:
        out += b"X-Trailer: t\r\n"
    out += b"\r\n"
    return bytes(out), bws


def _base(rng, case, method):
    """A valid response: (interim responses, head lines, body bytes as
    framed, framing, expected body or None)."""
    status = rng.choice(STATUSES)
    version = "HTTP/1.0" if rng.random() < 0.1 else "HTTP/1.1"
    interim = b""
    if status in (100, 103) and rng.random() < 0.7:
        interim = ("HTTP/1.1 %d Interim\r\n\r\n" % status).encode()
        status = 200
    lines = ["%s %d %s" % (version, status,
                           rng.choice(["OK", "Whatever", "", "Ok Then"]))]
    lines.append("Content-Type: %s" % rng.choice(
        ["text/plain", "application/octet-stream", "application/json"]))
    lines.append("X-Case: %d" % case)
    for i in range(rng.choice([0, 0, 1, 3, 10])):
        lines.append("X-Extra-%d: %s" % (i, "v" * rng.choice([0, 1, 80])))
    if status in (301, 302) or rng.random() < 0.03:
        target = rng.choice(["/m/%d" % (case + 1), "/m/%d" % case,
                             "http://127.0.0.1:1/", "//", "", "?", "#frag",
                             "file:///etc/passwd", "gopher://x/", "/\x7f",
                             "http://[::1", "http://a b/"])
        lines.append("Location: " + target)
    r = rng.random()
    if r < 0.2:
        lines.append("Connection: close")
    elif r < 0.3:
        lines.append("Connection: keep-alive")
    elif r < 0.35:
        lines.append("Keep-Alive: timeout=%s" % rng.choice(["0", "1", "x", "-5",
                                                            "99999999999"]))
    size = rng.choice([0, 0, 1, 10, 100, 1000, 5000, 20000, 100000])
    plain = body = _body(rng, size)
    framing = rng.choice(["length"] * 6 + ["chunked"] * 3 + ["close"])
    if framing == "length":
        lines.append("Content-Length: %d" % len(body))
    bws = False
    if framing == "chunked":
        lines.append("Transfer-Encoding: chunked")
        body, bws = _chunked(rng, body)
    if method == "HEAD" and rng.random() < 0.8:
        body = b""
    # What a correct client must make of this reply when it is sent as is,
    # on a new connection (None: no single right answer).
    clean = None
    if (method == "GET" and status >= 200 and status not in (204, 304, 301, 302)
            and not (version == "HTTP/1.0" and framing == "chunked")
            and not bws):
        clean = plain
    return interim, lines, body, framing, clean


def _mutate_head(rng, lines):
    kind = rng.randrange(12)
    if kind == 0 and len(lines) > 1:              # duplicate a header line
        i = rng.randrange(1, len(lines))
        for _ in range(rng.choice([1, 2, 1500])):
            lines.insert(i, lines[i])
    elif kind == 1:                                # huge / odd Content-Length
        lines.append("Content-Length: " + rng.choice(HUGE_NUMBERS))
        if rng.random() < 0.5:
            lines[:] = [l for l in lines[:-1]
                        if not l.lower().startswith("content-length")] + lines[-1:]
    elif kind == 2:                                # both framings
        lines.append(rng.choice(["Transfer-Encoding: chunked",
                                 "Content-Length: 3",
                                 "Transfer-Encoding: gzip, chunked",
                                 "Transfer-Encoding: chunked, identity",
                                 "Transfer-Encoding: identity",
                                 "Transfer-Encoding: "]))
    elif kind == 3:                                # odd status line
        lines[0] = rng.choice(["HTTP/1.1 abc Nope", "HTTP/1.1 99 X",
                               "HTTP/1.1 1000 X", "HTTP/1.1  200 OK",
                               "HTTP/1.1 200", "HTTP/2 200 OK", "HTTP/1.1",
                               "ICY 200 OK", "HTTP/0.9 200 OK", "http/1.1 200 OK",
                               "HTTP/1.1 -200 X", "HTTP/1.1 0200 OK",
                               "HTTP/1.1 2000000000000000000000 OK", "",
                               "HTTP/1.1 200 OK\x00", "\x00HTTP/1.1 200 OK"])
    elif kind == 4 and len(lines) > 1:             # broken header line
        i = rng.randrange(1, len(lines) + 1)
        lines.insert(i, rng.choice(["NoColon", " folded: continuation",
                                    "\tfolded", "Space Name: v", "Name : v",
                                    ": empty name", "X-Nul: a\x00b",
                                    "X-Ctl: \x01\x02", "X-Hi: \xff\xfe",
                                    "X-Long: " + "L" * rng.choice(
                                        [1000, 70000, 300000])]))
    elif kind == 5:                                # many headers
        for i in range(rng.choice([999, 1000, 1001, 5000])):
            lines.append("H%d: v" % i)
    elif kind == 6 and len(lines) > 1:             # drop a header
        del lines[rng.randrange(1, len(lines))]
    elif kind == 7:
        lines.append(rng.choice(["Content-Encoding: gzip",
                                 "Content-Encoding: br",
                                 "Content-Length: 1\r\nContent-Length: 2",
                                 "Keep-Alive: timeout=0, max=0",
                                 "Connection: close, keep-alive, upgrade",
                                 "Upgrade: websocket"]))
    return lines


def _mutate_bytes(rng, data, body_start):
    """One mutation of ``data``; half of them land in the body (from
    ``body_start`` on) when there is one."""
    data = bytearray(data)
    kind = rng.randrange(8)
    if not data:
        return bytes(data)
    if body_start < len(data) and rng.random() < 0.5:
        pos = rng.randrange(body_start, len(data) + 1)
    else:
        pos = rng.randrange(len(data) + 1)
    if kind == 0:                                  # byte flips
        for _ in range(rng.choice([1, 2, 5, 20])):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    elif kind == 1:                                # random byte values
        for _ in range(rng.choice([1, 3, 10])):
            data[rng.randrange(len(data))] = rng.getrandbits(8)
    elif kind == 2:                                # stray CR / LF
        data[pos:pos] = rng.choice([b"\r\n", b"\r", b"\n", b"\r\n\r\n"])
    elif kind == 3:                                # garbage
        data[pos:pos] = rng.choice(GARBAGE) * rng.choice([1, 1, 3, 100])
    elif kind == 4:                                # duplicate a slice
        j = min(len(data), pos + rng.randrange(1, 200))
        data[pos:pos] = data[pos:j]
    elif kind == 5:                                # delete a slice
        del data[pos:pos + rng.randrange(1, 50)]
    elif kind == 6:                                # truncate
        del data[pos:]
    elif kind == 7:                                # bytes of another reply
        data[pos:pos] = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
    return bytes(data)


def reply_for(seed, case, method="GET"):
    """(reply bytes, [split offsets], [delays in s], after, expected) for a
    case.  ``expected`` is the body a correct client must save when it gets
    this reply on a new connection, or None when the reply is mutated, reset
    or otherwise has no single right outcome."""
    rng = random.Random("%s:%d" % (seed, case))
    interim, lines, body, framing, clean = _base(rng, case, method)
    mode = rng.random()
    if mode < 0.08:                                # pure garbage
        data = bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 10, 500])))
        after = rng.choice([CLOSE, RESET])
        clean = None
    else:
        mutated = mode >= 0.25                     # else: valid, unmutated
        if mutated and rng.random() < 0.5:         # mutated head lines
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                _mutate_head(rng, lines)
        if mutated and framing == "chunked" and rng.random() < 0.25:
            size = rng.choice(HUGE_CHUNKS)
            body = (size + "\r\n").encode("latin-1") + body[:rng.randrange(0, 40)]
        head = interim + ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        data = head + body
        if mutated:
            clean = None
            for _ in range(rng.choice([0, 1, 1, 2, 4])):
                data = _mutate_bytes(rng, data, len(head))
        if framing == "close":
            after = rng.choice([CLOSE, CLOSE, RESET])
        else:
            after = rng.choice([KEEP, KEEP, KEEP, CLOSE, RESET])
        if after == RESET:       # a reset may discard what was not yet read
            clean = None
    splits = sorted(rng.randrange(len(data) + 1)
                    for _ in range(rng.choice([0, 0, 1, 3])))
    delays = [rng.choice([0, 0, 0.001, 0.01]) for _ in splits]
    return data, splits, delays, after, clean


def _case_of(head):
    """CASE from a request head for /m/CASE (None if it is not one)."""
    try:
        target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
        method = head.split(b" ", 1)[0].decode("latin-1")
    except (IndexError, UnicodeDecodeError):
        return None, None
    path = target.split("?", 1)[0]
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    if not path.startswith("/m/"):
        return None, method
    try:
        return int(path[3:]), method
    except ValueError:
        return None, method


def _reset(writer):
    sock = writer.get_extra_info("socket")
    try:
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
    except OSError:
        pass
    writer.transport.abort()


async def handle(args, reader, writer):
    served = 0
    after = CLOSE
    try:
        while True:
            timeout = args.idle if served else FIRST_REQUEST_TIMEOUT
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"),
                                              timeout)
            except (asyncio.TimeoutError, asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError, ConnectionError):
                after = CLOSE
                break
            served += 1
            case, method = _case_of(head.lstrip(b"\r\n"))
            if case is None:
                writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                             b"Connection: close\r\n\r\n")
                await writer.drain()
                after = CLOSE
                break
            data, splits, delays, after, _ = reply_for(args.seed, case, method)
            start = 0
            for cut, delay in zip(splits + [len(data)], delays + [0]):
                writer.write(data[start:cut])
                await writer.drain()
                start = cut
                if delay:
                    await asyncio.sleep(delay)
            if after != KEEP:
                break
    except (ConnectionError, OSError):
        after = CLOSE
    except Exception:
        traceback.print_exc(file=sys.stderr)
    finally:
        if after == RESET:
            _reset(writer)
        else:
            try:
                writer.close()
            except Exception:
                pass


async def serve(args):
    server = await asyncio.start_server(
        lambda r, w: handle(args, r, w), "127.0.0.1", args.port,
        limit=HEAD_LIMIT, reuse_address=True, backlog=512)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        tmp = "%s.tmp.%d" % (args.port_file, os.getpid())
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    print("PORT %d" % port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file", default=None)
    p.add_argument("--seed", default="1")
    p.add_argument("--idle", type=float, default=0.2, metavar="SECONDS")
    args = p.parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
