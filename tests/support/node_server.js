// A plain Node.js http server for kurl's tests: counts connections and requests, with a
// settable keep-alive timeout and per-socket request cap (Node's own keep-alive handling).
//   node node_server.js PORT_FILE KEEPALIVE_MS MAX_REQUESTS_PER_SOCKET
'use strict';
const http = require('http');
const fs = require('fs');

const [portFile, keepAliveMs, maxPerSocket] = process.argv.slice(2);
let connections = 0;
let requests = 0;

const server = http.createServer((req, res) => {
  if (req.url === '/_count') {
    res.setHeader('Connection', 'close');
    res.end(JSON.stringify({ connections: connections - 1, requests }));
    return;
  }
  requests += 1;
  const delay = Number(new URL(req.url, 'http://x').searchParams.get('ms') || 0);
  setTimeout(() => res.end('node\n'), delay);
});
server.keepAliveTimeout = Number(keepAliveMs || 5000);
server.maxRequestsPerSocket = Number(maxPerSocket || 0);
server.on('connection', () => { connections += 1; });
server.listen(0, '127.0.0.1', () => {
  const tmp = portFile + '.tmp';
  fs.writeFileSync(tmp, String(server.address().port));
  fs.renameSync(tmp, portFile);
});
process.on('SIGTERM', () => process.exit(0));
