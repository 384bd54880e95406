"""--replay=idempotent|all|none (issue 14, "A stale-replay switch no peer
has"): which requests a reused connection lost before any response byte
are sent again on a new connection.  The server answers the first request
of its first connection, then reads the second and closes without a word:
the classic race of a keep-alive connection the server dropped.  What the
server itself received is the count.
"""

import json
import os
import shutil
import subprocess
import unittest

from kurl_itest import KurlTestCase, kurl
from support.harness import find_kurl
from support.raw_server import RawServer, Reply, response

CURL = shutil.which("curl")


def drop_second_request(req):
    """Answer everything except the second request on connection 0."""
    if req.connection == 0 and req.target == "/b":
        return Reply(b"", close=True)
    return response(body=b"ok")


class Replay(KurlTestCase):
    def run_two(self, *args, method_args=()):
        with RawServer(drop_second_request) as srv:
            r = kurl(*method_args, *args, "-o", os.devnull, "-o", os.devnull,
                     srv.url("/a"), srv.url("/b"))
            sent = [q for q in srv.requests if q.target == "/b"]
        return r, sent

    def test_post_is_sent_once_by_default_and_fails_with_52(self):
        r, sent = self.run_two(method_args=("-d", "x"))
        self.assertEqual(len(sent), 1)
        self.assertEqual(r.returncode, 52, r.stderr)

    def test_post_is_sent_once_with_none(self):
        r, sent = self.run_two("--replay=none", method_args=("-d", "x"))
        self.assertEqual(len(sent), 1)
        self.assertEqual(r.returncode, 52, r.stderr)

    def test_post_is_sent_twice_with_all(self):
        r, sent = self.run_two("--replay=all", method_args=("-d", "x"))
        self.assertEqual([q.method for q in sent], ["POST", "POST"])
        self.assertEqual([q.body for q in sent], [b"x", b"x"])
        self.assertEqual((sent[0].connection, sent[1].connection), (0, 1))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_get_is_replayed_by_default(self):
        r, sent = self.run_two()
        self.assertEqual(len(sent), 2)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_get_is_sent_once_with_none_and_fails(self):
        r, sent = self.run_two("--replay=none")
        self.assertEqual(len(sent), 1)
        self.assertIn(r.returncode, (52, 56), r.stderr)
        self.assertEqual(r.returncode, 52)  # closed before any byte: empty reply

    def test_report_and_statistics_say_which_request_was_replayed(self):
        r, sent = self.run_two("--replay=all", "--report=-", "--stats=json",
                               method_args=("-d", "x"))
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [json.loads(l) for l in r.stdout.decode().splitlines()]
        by_url = {l["url"].rsplit("/", 1)[1]: l for l in lines}
        self.assertEqual(by_url["a"]["replays"], 0)
        self.assertEqual(by_url["b"]["replays"], 1)
        self.assertTrue(by_url["b"]["stale_retry"])
        stats = json.loads(r.stderr.decode().strip().splitlines()[-1])
        self.assertEqual(stats["replays"], {"stale": 1, "goaway": 0, "refused_stream": 0})
        self.assertEqual(stats["stale_retries"], 1)

    def test_all_does_not_replay_a_failure_on_a_fresh_connection(self):
        # Every connection drops /b. The replay goes on a new connection,
        # where nothing says the server dropped an idle keep-alive: that
        # failure is the server's answer, and it is not sent a third time.
        def drop_every_b(req):
            if req.target == "/b":
                return Reply(b"", close=True)
            return response(body=b"ok")

        with RawServer(drop_every_b) as srv:
            urls = [srv.url("/a"), srv.url("/b")]
            r = kurl("--replay=all", "-d", "x", "-o", os.devnull, "-o", os.devnull,
                     *urls)
            sent = [q for q in srv.requests if q.target == "/b"]
        self.assertEqual(len(sent), 2)
        self.assertEqual(r.returncode, 52)

    def test_bad_value_is_a_usage_error(self):
        r = kurl("--replay=sometimes", "http://127.0.0.1:1/")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--replay", r.stderr)

    @unittest.skipUnless(CURL, "curl is not installed")
    def test_all_sends_a_post_as_often_as_curl_does(self):
        counts = []
        for command in ([CURL, "-s"], [find_kurl(), "-s", "--replay=all"]):
            with RawServer(drop_second_request) as srv:
                subprocess.run(command + ["-d", "x", "-o", os.devnull, "-o", os.devnull,
                                          srv.url("/a"), srv.url("/b")],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=30)
                counts.append(len([q for q in srv.requests if q.target == "/b"]))
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(counts[0], 2)


if __name__ == "__main__":
    unittest.main()
