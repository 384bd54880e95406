"""A raw, in-process HTTP/1.1 test peer that logs every byte it receives and
answers each request with bytes the test chose, exactly.

Unlike kurl_test_server.py (a subprocess with fixed routes), a RawServer lives
inside the test process: a test gives it a ``reply`` function from a parsed
request to the raw bytes to send, then reads what arrived on the wire
(``received``), request by request (``requests``) and per connection.  It is
the peer for framing and smuggling tests: whatever kurl writes, the server
records it as it came, and whatever reply the test wants, it sends as given.

Every wait is bounded; the server stops when the ``with`` block ends.
"""

import socket
import threading

READ_LIMIT = 1 << 20       # the most bytes a request head may take
IDLE_TIMEOUT = 10.0        # a connection silent this long is closed


class RawRequest:
    """One request as the server parsed it: its raw bytes and fields."""

    def __init__(self, connection, index, raw, method, target, headers, body):
        self.connection = connection      # 0-based connection number
        self.index = index                # 0-based request number, server-wide
        self.raw = raw                    # the request's bytes as received
        self.method = method
        self.target = target
        self.headers = headers            # [(name, value)] as sent
        self.body = body                  # decoded (de-chunked) body bytes

    def header(self, name):
        for n, v in self.headers:
            if n.lower() == name.lower():
                return v
        return None

    def __repr__(self):
        return "RawRequest(%r %r on #%d)" % (self.method, self.target,
                                             self.connection)


class Reply:
    """What the server sends for one request: ``data`` bytes, then either
    keeps reading (``close=False``) or closes the connection."""

    def __init__(self, data, close=False):
        self.data = data
        self.close = close


class RawServer:
    """``reply(request) -> Reply | bytes``; bytes mean keep the connection.
    ``batch_replies``: read every request already in the socket buffer (a
    pipelined burst) and answer them in one write, as a fast server does."""

    def __init__(self, reply, batch_replies=False):
        self.reply = reply
        self.batch_replies = batch_replies
        self.lock = threading.Lock()
        self.received = bytearray()       # every byte of every connection
        self.requests = []                # RawRequest, in arrival order
        self.connections = 0
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stopping = False
        self.threads = []

    def __enter__(self):
        thread = threading.Thread(target=self._accept_loop, daemon=True)
        thread.start()
        self.threads.append(thread)
        return self

    def __exit__(self, *exc):
        self.stopping = True
        for thread in list(self.threads):
            thread.join(IDLE_TIMEOUT + 2)
        self.listener.close()

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    # ------------------------------------------------------------ serving
    def _accept_loop(self):
        while not self.stopping:
            try:
                conn, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with self.lock:
                number = self.connections
                self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn, number),
                                      daemon=True)
            thread.start()
            self.threads.append(thread)

    def _serve(self, conn, number):
        conn.settimeout(0.2)
        buffer = bytearray()
        idle = 0.0
        try:
            while not self.stopping and idle < IDLE_TIMEOUT:
                request = self._take_request(buffer, number)
                if request is None:
                    try:
                        data = conn.recv(65536)
                    except socket.timeout:
                        idle += 0.2
                        continue
                    if not data:
                        return
                    idle = 0.0
                    with self.lock:
                        self.received += data
                    buffer += data
                    continue
                replies = [request]
                while self.batch_replies:
                    more = self._take_request(buffer, number)
                    if more is None:
                        break
                    replies.append(more)
                out = bytearray()
                close = False
                for r in replies:
                    answer = self.reply(r)
                    if isinstance(answer, (bytes, bytearray)):
                        answer = Reply(bytes(answer))
                    out += answer.data
                    if answer.close:
                        close = True
                        break
                conn.sendall(bytes(out))
                if close:
                    return
        except OSError:
            return
        finally:
            conn.close()

    def _take_request(self, buffer, number):
        """Parses one whole request off the front of ``buffer``, or None."""
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(buffer) > READ_LIMIT:
                raise OSError("request head too long")
            return None
        head = bytes(buffer[:end]).decode("latin-1")
        lines = head.split("\r\n")
        parts = lines[0].split(" ")
        method, target = (parts + ["", ""])[:2]
        headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.append((name, value.strip()))
        lower = {n.lower(): v for n, v in headers}
        body_start = end + 4
        if "chunked" in lower.get("transfer-encoding", "").lower():
            body, consumed = _dechunk(buffer, body_start)
            if body is None:
                return None
        else:
            length = int(lower.get("content-length", "0") or "0")
            if len(buffer) < body_start + length:
                return None
            body = bytes(buffer[body_start:body_start + length])
            consumed = body_start + length
        raw = bytes(buffer[:consumed])
        del buffer[:consumed]
        with self.lock:
            request = RawRequest(number, len(self.requests), raw, method,
                                 target, headers, body)
            self.requests.append(request)
        return request


def _dechunk(buffer, start):
    """(body, end offset) of a chunked body starting at ``start``, or
    (None, 0) when it is not complete yet."""
    body = bytearray()
    pos = start
    while True:
        line_end = buffer.find(b"\r\n", pos)
        if line_end < 0:
            return None, 0
        size = int(bytes(buffer[pos:line_end]).split(b";")[0], 16)
        pos = line_end + 2
        if size == 0:
            trailer_end = buffer.find(b"\r\n\r\n", pos - 2)
            if trailer_end < 0:
                return None, 0
            return bytes(body), trailer_end + 4
        if len(buffer) < pos + size + 2:
            return None, 0
        body += buffer[pos:pos + size]
        pos += size + 2


def response(status=200, body=b"", headers=(), reason="OK", version="1.1",
             length=True):
    """The bytes of a simple response: ``length`` adds a Content-Length."""
    lines = ["HTTP/%s %d %s" % (version, status, reason)]
    lines += ["%s: %s" % (n, v) for n, v in headers]
    if length:
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
