#!/usr/bin/env python3
"""Scriptable, deliberately misbehaving HTTP/1.1 test server for kurl.

Raw asyncio TCP server with its own minimal HTTP/1.1 request parser, so every
response can be produced byte-exactly (including broken ones).

Usage:
    kurl_test_server.py [--port 0] [--max-requests-per-conn N]
                        [--idle-timeout SECONDS] [--port-file PATH]

Binds 127.0.0.1.  Once listening it prints ``PORT <n>`` on stdout and, if
--port-file is given, writes the port number to that file atomically.
SIGTERM / SIGINT shut it down cleanly (exit status 0).

Counters (shared by all connections) are served as JSON by ``GET /_stats``
and cleared by ``GET /_reset``; neither control request is ever counted, and
a connection whose first request is a control request is not counted as a
connection.  Requests are counted when the server takes them up for
processing, in connection order; requests that were pipelined behind a
response after which the server closes the connection are therefore never
counted (except the one dropped by ``/stale``, which is counted in both
``requests`` and ``dropped``).

See the ROUTES table at the bottom of this file for the behaviour paths.
Only the Python 3 standard library is used.
"""

import argparse
import asyncio
import collections
import gzip
import http
import json
import os
import signal
import socket
import struct
import sys
import traceback
import urllib.parse

CONTROL_PATHS = ("/_stats", "/_reset")
HEAD_LIMIT = 1 << 20          # max size of a request head (and chunk-size line)
LOG_LIMIT = 2000              # entries kept in the request log
STREAM_CHUNK = b"x" * (256 * 1024)

# What the connection does after a response has been written.
KEEP = "keep"        # keep the connection open, read the next request
CLOSE = "close"      # close it (FIN after the buffered output is flushed)
STALE = "stale"      # keep it, but drop (close on) the next request
DONE = "done"        # the handler already closed / reset the connection

_TIMEOUT = object()  # sentinel: idle timeout expired


class BadRequest(Exception):
    """The client sent something that is not a parsable HTTP/1.x request."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class Request:
    """One parsed request."""

    def __init__(self, method, target, version, raw_headers):
        self.method = method
        self.target = target
        self.version = version
        self.raw_headers = raw_headers            # [(name, value)], as sent
        self.headers = {}                         # lowercase name -> last value
        for name, value in raw_headers:
            self.headers[name.lower()] = value
        if target.startswith("/"):
            path, _, qs = target.partition("?")
        else:                                     # absolute-form, "*", ...
            parts = urllib.parse.urlsplit(target)
            path, qs = (parts.path or "/"), parts.query
            if target == "*":
                path = "*"
        self.path = path
        # latin-1 keeps percent-escaped bytes 1:1 when re-encoded for output.
        self.query = urllib.parse.parse_qs(qs, keep_blank_values=True,
                                           encoding="latin-1")
        self.body = b""
        self.trailers = []
        self.arrival = 0

    def q(self, name, default=None):
        """First value of query parameter ``name``."""
        values = self.query.get(name)
        return values[0] if values else default

    def qnum(self, name, default, kind=int):
        """Query parameter converted with ``kind``, or ``default``."""
        value = self.q(name)
        if value is None or value == "":
            return default
        try:
            return kind(value)
        except ValueError:
            raise BadRequest(400, "bad query parameter %s=%r" % (name, value))

    def connection_tokens(self):
        values = [v for n, v in self.raw_headers if n.lower() == "connection"]
        return {t.strip().lower() for t in ",".join(values).split(",") if t.strip()}

    def wants_close(self):
        """True if the client asked for the connection to be closed."""
        tokens = self.connection_tokens()
        if "close" in tokens:
            return True
        return self.version == "HTTP/1.0" and "keep-alive" not in tokens


class Stats:
    """Server-wide counters."""

    def __init__(self):
        self.generation = 0
        self.reset()

    def reset(self):
        self.generation += 1
        self.connections = 0
        self.requests = 0
        self.pipelined = 0
        self.dropped = 0
        self.per_path = {}
        self.log = collections.deque(maxlen=LOG_LIMIT)

    def snapshot(self, open_connections):
        return {
            "connections": self.connections,
            "requests": self.requests,
            "pipelined": self.pipelined,
            "dropped": self.dropped,
            "per_path": dict(self.per_path),
            "open_connections": open_connections,
            "log": list(self.log),
        }


def reason_phrase(status):
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def head_bytes(status, headers, version="HTTP/1.1", reason=None):
    """Status line + header lines + blank line, as bytes."""
    if reason is None:
        reason = reason_phrase(status)
    lines = ["%s %d %s" % (version, status, reason)]
    lines.extend("%s: %s" % (n, v) for n, v in headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


class Connection:
    """One accepted TCP connection: a reader task parses requests into a
    queue, the processing loop answers them strictly in order."""

    def __init__(self, server, reader, writer):
        self.server = server
        self.args = server.args
        self.stats = server.stats
        self.reader = reader
        self.writer = writer
        server.next_conn_id += 1
        self.id = server.next_conn_id
        self.stats.connections += 1
        self.counted_generation = self.stats.generation
        self.is_control = False
        self.first = True
        self.served = 0                  # normal (non-control) responses
        self.idle_timeout = self.args.idle_timeout
        self.pending = collections.deque()
        self.have_item = asyncio.Event()
        self.seq = 0                     # event counter: arrivals and finishes
        self.last_finish_seq = None
        self.processor_idle = False
        self.reading_body = False
        self.stale = False
        self.closed = False
        self.reader_task = None
        # drain() then only returns once everything has reached the kernel,
        # which is what "finished sending the response" means for `pipelined`.
        writer.transport.set_write_buffer_limits(high=0)

    # ---------------------------------------------------------------- plumbing
    def push(self, item):
        self.pending.append(item)
        self.have_item.set()

    def close(self):
        if not self.closed:
            self.closed = True
            try:
                self.writer.close()
            except Exception:
                pass

    def reset(self):
        """Close with RST (SO_LINGER 0)."""
        if self.closed:
            return
        self.closed = True
        sock = self.writer.get_extra_info("socket")
        try:
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.writer.transport.abort()

    async def write(self, data):
        self.writer.write(data)
        await self.writer.drain()

    def uncount(self):
        if self.counted_generation == self.stats.generation:
            self.stats.connections -= 1
        self.counted_generation = None
        self.is_control = True

    # ------------------------------------------------------------------ reading
    async def read_loop(self):
        try:
            while True:
                req = await self.read_request()
                if req is None:
                    break
                self.seq += 1
                req.arrival = self.seq
                self.push(req)
        except BadRequest as e:
            self.push(e)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            self.reading_body = False
            self.push(None)                  # EOF

    async def read_request(self):
        """Return the next Request, or None on a clean EOF between requests."""
        while True:
            try:
                head = await self.reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError as e:
                if not e.partial.strip(b"\r\n"):
                    return None
                raise
            except asyncio.LimitOverrunError:
                raise BadRequest(431, "request head too large")
            head = head.lstrip(b"\r\n")      # tolerate stray CRLFs
            if head:
                break
        lines = head[:-4].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise BadRequest(400, "bad request line %r" % lines[0])
        method, target, version = parts
        raw_headers = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t"):
                raise BadRequest(400, "obsolete line folding")
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip():
                raise BadRequest(400, "bad header line %r" % line)
            raw_headers.append((name, value.strip(" \t")))
        req = Request(method, target, version, raw_headers)

        te = req.headers.get("transfer-encoding", "").lower()
        lengths = {v.strip() for n, v in raw_headers
                   if n.lower() == "content-length"}
        chunked = "chunked" in te
        length = 0
        if not chunked and lengths:
            if len(lengths) != 1:
                raise BadRequest(400, "conflicting Content-Length")
            try:
                length = int(lengths.pop())
            except ValueError:
                raise BadRequest(400, "bad Content-Length")
            if length < 0:
                raise BadRequest(400, "bad Content-Length")

        if (chunked or length) and \
                req.headers.get("expect", "").lower() == "100-continue" and \
                req.q("nocontinue") is None and \
                self.processor_idle and not self.pending and not self.closed:
            self.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")

        self.reading_body = True
        try:
            if chunked:
                req.body, req.trailers = await self.read_chunked()
            elif length:
                req.body = await self.reader.readexactly(length)
        finally:
            self.reading_body = False
        return req

    async def read_chunked(self):
        body = bytearray()
        while True:
            try:
                line = await self.reader.readuntil(b"\r\n")
            except asyncio.LimitOverrunError:
                raise BadRequest(400, "chunk size line too long")
            size_text = line[:-2].split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise BadRequest(400, "bad chunk size %r" % size_text)
            if size == 0:
                break
            body += await self.reader.readexactly(size)
            if await self.reader.readexactly(2) != b"\r\n":
                raise BadRequest(400, "missing CRLF after chunk data")
        trailers = []
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line[:-2].decode("latin-1").partition(":")
            trailers.append((name, value.strip(" \t")))
        return bytes(body), trailers

    # --------------------------------------------------------------- processing
    async def next_item(self):
        loop = asyncio.get_running_loop()
        deadline = None
        if self.idle_timeout is not None:
            deadline = loop.time() + self.idle_timeout
        while not self.pending:
            self.have_item.clear()
            self.processor_idle = True
            try:
                if deadline is None:
                    await self.have_item.wait()
                    continue
                remaining = deadline - loop.time()
                if remaining <= 0:
                    if self.reading_body:       # a request is on its way in
                        deadline = loop.time() + self.idle_timeout
                        continue
                    return _TIMEOUT
                try:
                    await asyncio.wait_for(self.have_item.wait(), remaining)
                except asyncio.TimeoutError:
                    pass
            finally:
                self.processor_idle = False
        return self.pending.popleft()

    async def run(self):
        self.reader_task = asyncio.create_task(self.read_loop())
        try:
            await self.process_loop()
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            raise
        except Exception:
            traceback.print_exc(file=sys.stderr)
        finally:
            self.reader_task.cancel()
            self.close()

    async def process_loop(self):
        while True:
            item = await self.next_item()
            if item is None or item is _TIMEOUT:
                return                           # EOF / silent idle close
            if isinstance(item, BadRequest):
                body = ("%s\n" % item.message).encode("latin-1", "replace")
                await self.write(head_bytes(item.status, [
                    ("Content-Type", "text/plain"),
                    ("Content-Length", str(len(body))),
                    ("Connection", "close")]) + body)
                return
            req = item
            pipelined = (self.last_finish_seq is not None
                         and req.arrival < self.last_finish_seq)
            if req.path in CONTROL_PATHS:
                if self.first:
                    self.uncount()
                self.first = False
                after = await self.control(req)
            else:
                self.first = False
                self.record(req, pipelined)
                if self.stale:
                    self.stats.dropped += 1
                    return                       # close without answering
                self.served += 1
                handler = ROUTES.get(req.path, h_not_found)
                try:
                    after = await handler(self, req)
                except BadRequest as e:
                    after = await self.respond(req, e.status,
                                               (e.message + "\n").encode())
            self.seq += 1
            self.last_finish_seq = self.seq
            if after == STALE:
                self.stale = True
            elif after != KEEP:
                return

    def record(self, req, pipelined):
        st = self.stats
        st.requests += 1
        st.per_path[req.path] = st.per_path.get(req.path, 0) + 1
        if pipelined:
            st.pipelined += 1
        st.log.append({
            "conn": self.id,
            "method": req.method,
            "path": req.target,
            "version": req.version,
            "headers": dict(req.headers),
            "body_len": len(req.body),
            "pipelined": pipelined,
        })

    async def control(self, req):
        if req.path == "/_stats":
            body = json.dumps(self.stats.snapshot(
                self.server.open_connections())).encode()
            ctype = "application/json"
        else:
            self.stats.reset()
            body, ctype = b"reset\n", "text/plain"
        await self.write(head_bytes(200, [
            ("Content-Type", ctype),
            ("Content-Length", str(len(body))),
            ("Connection", "close")]) + (b"" if req.method == "HEAD" else body))
        return CLOSE

    # ---------------------------------------------------------------- responses
    def policy(self, req, headers, after):
        """Apply client `Connection: close` / HTTP/1.0 and
        --max-requests-per-conn to a response that would keep the
        connection open."""
        if after not in (KEEP, STALE):
            return headers, after
        limit = self.args.max_requests_per_conn
        if req.wants_close() or (limit and self.served >= limit):
            headers = [(n, v) for n, v in headers if n.lower() != "connection"]
            headers.append(("Connection", "close"))
            after = CLOSE
        return headers, after

    async def respond(self, req, status, body=b"", headers=(), *,
                      version="HTTP/1.1", reason=None, after=KEEP,
                      length=True, content_type="text/plain"):
        """Write a complete response with an in-memory body."""
        hdrs = []
        if content_type:
            hdrs.append(("Content-Type", content_type))
        hdrs.extend(headers)
        if length:
            hdrs.append(("Content-Length", str(len(body))))
        hdrs, after = self.policy(req, hdrs, after)
        data = head_bytes(status, hdrs, version, reason)
        if req.method != "HEAD":
            data += body
        await self.write(data)
        return after

    async def respond_x(self, req, size, headers=()):
        """200 with ``size`` bytes of 'x', streamed."""
        hdrs = [("Content-Type", "text/plain")]
        hdrs.extend(headers)
        hdrs.append(("Content-Length", str(size)))
        hdrs, after = self.policy(req, hdrs, KEEP)
        self.writer.write(head_bytes(200, hdrs))
        if req.method != "HEAD":
            view = memoryview(STREAM_CHUNK)
            remaining = size
            while remaining > 0:
                n = min(remaining, len(view))
                self.writer.write(view[:n])
                remaining -= n
                await self.writer.drain()
        await self.writer.drain()
        return after


class Server:
    def __init__(self, args):
        self.args = args
        self.stats = Stats()
        self.next_conn_id = 0
        self.connections = set()
        self.tasks = set()

    def open_connections(self):
        return sum(1 for c in self.connections
                   if not c.is_control and not c.closed)

    async def handle(self, reader, writer):
        conn = Connection(self, reader, writer)
        task = asyncio.current_task()
        self.connections.add(conn)
        self.tasks.add(task)
        try:
            await conn.run()
        finally:
            self.connections.discard(conn)
            self.tasks.discard(task)


# ============================================================== route handlers
async def h_ok(c, req):
    size = req.qnum("size", None)
    if size is None:
        return await c.respond(req, 200, b"hello\n")
    return await c.respond_x(req, size)


async def h_status(c, req):
    code = req.qnum("code", 200)
    if not 100 <= code <= 999:
        raise BadRequest(400, "bad status code")
    return await status_response(c, req, code)


async def status_response(c, req, code):
    if code in (204, 304) or code < 200:
        return await c.respond(req, code, length=False, content_type=None)
    return await c.respond(req, code, ("status %d\n" % code).encode())


async def h_204(c, req):
    return await status_response(c, req, 204)


async def h_304(c, req):
    return await status_response(c, req, 304)


async def h_echo(c, req):
    body = json.dumps({
        "method": req.method,
        "path": req.target,
        "version": req.version,
        "headers": req.headers,
        "raw_headers": req.raw_headers,
        "body": req.body.decode("utf-8", "replace"),
        "body_len": len(req.body),
        "trailers": req.trailers,
    }).encode()
    return await c.respond(req, 200, body, content_type="application/json")


async def h_close(c, req):
    return await c.respond(req, 200, b"closing\n", [("Connection", "close")],
                           after=CLOSE)


async def h_close_silent(c, req):
    return await c.respond(req, 200, b"hello\n", after=CLOSE)


async def h_close_header_keep_open(c, req):
    return await c.respond(req, 200, b"hello\n", [("Connection", "close")])


async def h_http10(c, req):
    return await c.respond(req, 200, b"hello\n", version="HTTP/1.0",
                           after=CLOSE)


async def h_http10_keepalive(c, req):
    return await c.respond(req, 200, b"hello\n", [("Connection", "keep-alive")],
                           version="HTTP/1.0")


async def h_eof_body(c, req):
    return await c.respond(req, 200, b"until close\n", length=False,
                           after=CLOSE)


async def h_chunked(c, req):
    hdrs = [("Content-Type", "text/plain"),
            ("Transfer-Encoding", "chunked"),
            ("Trailer", "X-Trailer, X-Checksum")]
    hdrs, after = c.policy(req, hdrs, KEEP)
    data = head_bytes(200, hdrs)
    if req.method != "HEAD":
        data += (b"a;ext=1\r\nchunk one\n\r\n"
                 b"a\r\nchunk two\n\r\n"
                 b"c\r\nchunk three\n\r\n"
                 b"0\r\nX-Trailer: yes\r\nX-Checksum: 42\r\n\r\n")
    await c.write(data)
    return after


async def h_interim(c, req):
    await c.write(b"HTTP/1.1 100 Continue\r\n\r\n"
                  b"HTTP/1.1 103 Early Hints\r\n"
                  b"Link: </style.css>; rel=preload\r\n\r\n")
    return await c.respond(req, 200, b"final\n")


async def h_keepalive_timeout(c, req):
    t = req.q("t", "5")
    try:
        seconds = float(t)
    except ValueError:
        raise BadRequest(400, "bad t")
    after = await c.respond(req, 200, b"hello\n", [("Keep-Alive", "timeout=%s" % t)])
    c.idle_timeout = seconds
    return after


async def h_stale(c, req):
    return await c.respond(req, 200, b"hello\n", after=STALE)


async def h_malformed(c, req):
    await c.write(b"HTTP/1.1 abc Nope\r\n\r\n")
    return CLOSE


async def h_truncated(c, req):
    data = head_bytes(200, [("Content-Type", "text/plain"),
                            ("Content-Length", "100")])
    if req.method != "HEAD":
        data += b"0123456789"
    await c.write(data)
    return CLOSE


async def h_conflicting_length(c, req):
    data = head_bytes(200, [("Content-Type", "text/plain"),
                            ("Content-Length", "5"),
                            ("Content-Length", "6")])
    if req.method != "HEAD":
        data += b"hello"
    await c.write(data)
    return CLOSE


async def h_extra_bytes(c, req):
    hdrs, after = c.policy(req, [("Content-Type", "text/plain"),
                                 ("Content-Length", "3")], KEEP)
    data = head_bytes(200, hdrs)
    if req.method != "HEAD":
        data += b"ok\n"
    await c.write(data + b"JUNKJUNK")
    return after


async def h_empty(c, req):
    return CLOSE


async def h_reset_mid_body(c, req):
    data = head_bytes(200, [("Content-Type", "text/plain"),
                            ("Content-Length", "100000")])
    if req.method != "HEAD":
        data += b"x" * 1000
    await c.write(data)
    await asyncio.sleep(0.05)        # let the peer receive the partial body
    c.reset()
    return DONE


async def h_delay(c, req):
    ms = req.qnum("ms", 0, float)
    await asyncio.sleep(max(ms, 0) / 1000.0)
    return await h_ok(c, req)


async def h_redirect(c, req):
    to = req.q("to")
    if to is None:
        raise BadRequest(400, "missing to=")
    code = req.qnum("code", 302)
    return await c.respond(req, code, b"redirect\n", [("Location", to)])


async def h_redirect_loop(c, req):
    return await c.respond(req, 302, b"redirect\n",
                           [("Location", "/redirect-loop")])


async def h_header(c, req):
    names = req.query.get("name", [])
    values = req.query.get("value", [])
    extra = list(zip(names, values + [""] * (len(names) - len(values))))
    return await c.respond(req, 200, b"hello\n", extra)


async def h_big_header(c, req):
    size = req.qnum("size", 1024)
    return await c.respond(req, 200, b"hello\n", [("X-Big", "a" * size)])


async def h_many_headers(c, req):
    n = req.qnum("n", 100)
    extra = [("X-H%d" % i, "v") for i in range(1, n + 1)]
    return await c.respond(req, 200, b"hello\n", extra)


async def h_trickle(c, req):
    ms = req.qnum("ms", 10, float)
    hdrs, after = c.policy(req, [("Content-Type", "text/plain"),
                                 ("Content-Length", "100")], KEEP)
    await c.write(head_bytes(200, hdrs))
    if req.method != "HEAD":
        for i in range(100):
            await asyncio.sleep(max(ms, 0) / 1000.0)
            await c.write(b"%d" % (i % 10))
    return after


GZIP_PLAIN = b"compressed hello\n"
GZIP_BODY = gzip.compress(GZIP_PLAIN, mtime=0)


async def h_gzip(c, req):
    accept = req.headers.get("accept-encoding", "").lower()
    if "gzip" in accept:
        return await c.respond(req, 200, GZIP_BODY,
                               [("Content-Encoding", "gzip")])
    return await c.respond(req, 200, GZIP_PLAIN)


async def h_content_type(c, req):
    ctype = req.q("type", "text/plain")
    return await c.respond(req, 200, b"hello\n", content_type=ctype)


async def h_not_found(c, req):
    return await c.respond(req, 404, b"not found\n")


ROUTES = {
    "/ok": h_ok,                                  # ?size=N
    "/status": h_status,                          # ?code=N
    "/204": h_204,
    "/304": h_304,
    "/echo": h_echo,
    "/close": h_close,
    "/close-silent": h_close_silent,
    "/close-header-keep-open": h_close_header_keep_open,
    "/http10": h_http10,
    "/http10-keepalive": h_http10_keepalive,
    "/eof-body": h_eof_body,
    "/chunked": h_chunked,
    "/interim": h_interim,
    "/keepalive-timeout": h_keepalive_timeout,    # ?t=S
    "/stale": h_stale,
    "/malformed": h_malformed,
    "/truncated": h_truncated,
    "/conflicting-length": h_conflicting_length,
    "/extra-bytes": h_extra_bytes,
    "/empty": h_empty,
    "/reset-mid-body": h_reset_mid_body,
    "/delay": h_delay,                            # ?ms=N[&size=N]
    "/redirect": h_redirect,                      # ?to=URL[&code=302]
    "/redirect-loop": h_redirect_loop,
    "/header": h_header,                          # ?name=N&value=V
    "/big-header": h_big_header,                  # ?size=N
    "/many-headers": h_many_headers,              # ?n=N
    "/trickle": h_trickle,                        # ?ms=N
    "/gzip": h_gzip,
    "/content-type": h_content_type,              # ?type=T
}


# ======================================================================== main
def write_port_file(path, port):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


async def serve(args):
    srv = Server(args)
    server = await asyncio.start_server(srv.handle, "127.0.0.1", args.port,
                                        limit=HEAD_LIMIT, reuse_address=True,
                                        backlog=256)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    print("PORT %d" % port, flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()

    server.close()
    tasks = list(srv.tasks)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for conn in list(srv.connections):
        conn.close()


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--max-requests-per-conn", type=int, default=0,
                   metavar="N", help="close after the Nth response")
    p.add_argument("--idle-timeout", type=float, default=None,
                   metavar="SECONDS", help="silently close idle connections")
    p.add_argument("--port-file", default=None, metavar="PATH")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
