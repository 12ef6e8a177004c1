// The workshop pack's server: `node serve.js` (Node 18 or later, nothing to install), then open the address
// it prints. It serves the files of ./site on this computer only, with no network needed. PORT and HOST
// may be set in the environment (HOST=0.0.0.0 lets other computers of the room connect).

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, 'site');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST || '127.0.0.1';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.pbf': 'application/x-protobuf',
  '.txt': 'text/plain; charset=utf-8',
};
// The atlas server's own security headers (strict CSP: everything from this origin only), which the pack
// writes beside this file from vocabulary/security-headers.ts.
const HEADERS = JSON.parse(fs.readFileSync(path.join(__dirname, 'security-headers.json'), 'utf8'));

const server = http.createServer((request, response) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(request.url, 'http://pack').pathname);
  } catch {
    pathname = null;
  }
  const file =
    pathname === null || pathname.includes('\0')
      ? null
      : path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
  // Nothing outside ./site is ever read.
  if (
    file === null ||
    (file !== root && !file.startsWith(root + path.sep)) ||
    (request.method !== 'GET' && request.method !== 'HEAD')
  ) {
    response.writeHead(404, HEADERS).end('Not found');
    return;
  }
  fs.readFile(file, (error, body) => {
    if (error) {
      response.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      ...HEADERS,
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Alpine Territories Atlas (workshop pack): http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}/`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
