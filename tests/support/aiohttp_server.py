#!/usr/bin/env python3
"""Small well-behaved aiohttp server used as a reference peer in kurl tests.

Usage:
    aiohttp_server.py [--port 0] [--keepalive-timeout SECONDS] [--port-file PATH]

Binds 127.0.0.1.  Once listening it prints ``PORT <n>`` on stdout and, if
--port-file is given, writes the port number to that file atomically.

Routes:
    GET /       -> 200 "hello\\n"
    GET /sleep?ms=N -> 200 "slept\\n" after N milliseconds
    GET /count  -> 200 JSON {"connections": distinct connections seen,
                             "requests": requests seen}
                   (requests to /count itself are not counted, and neither is
                   a connection that only ever asked for /count)

Connections are told apart by the peer address (host, port) of the
transport.  SIGTERM / SIGINT shut it down cleanly.
"""

import argparse
import asyncio
import os
import signal
import socket
import sys

from aiohttp import web


def make_app():
    state = {"peers": set(), "requests": 0}

    def note(request):
        peer = None
        if request.transport is not None:
            peer = request.transport.get_extra_info("peername")
        state["peers"].add(tuple(peer) if peer else ("?", id(request.protocol)))
        state["requests"] += 1

    async def root(request):
        note(request)
        return web.Response(text="hello\n")

    async def sleep(request):
        note(request)
        try:
            ms = float(request.query.get("ms", "0"))
        except ValueError:
            raise web.HTTPBadRequest(text="bad ms\n")
        await asyncio.sleep(max(ms, 0) / 1000.0)
        return web.Response(text="slept\n")

    async def count(request):
        return web.json_response({
            "connections": len(state["peers"]),
            "requests": state["requests"],
        })

    app = web.Application()
    app.router.add_get("/", root)
    app.router.add_get("/sleep", sleep)
    app.router.add_get("/count", count)
    return app


def write_port_file(path, port):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


async def serve(args):
    runner = web.AppRunner(make_app(), access_log=None,
                           keepalive_timeout=args.keepalive_timeout)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(128)
    site = web.SockSite(runner, sock, shutdown_timeout=1.0)
    await site.start()
    port = sock.getsockname()[1]
    if args.port_file:
        write_port_file(args.port_file, port)
    print("PORT %d" % port, flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


def main(argv=None):
    p = argparse.ArgumentParser(description="aiohttp reference server")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--keepalive-timeout", type=float, default=75.0)
    p.add_argument("--port-file", default=None)
    args = p.parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
