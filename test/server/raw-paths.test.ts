import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRealApp } from '../helpers/real-app.ts';

const real = useRealApp();
let port: number;
beforeAll(async () => {
  await real.app.listen({ port: 0, host: '127.0.0.1' });
  port = (real.app.server.address() as AddressInfo).port;
});

/** Sends a request line byte for byte over a socket, as `curl --path-as-is` would: no client normalises the path. */
function rawGet(path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

/** What must never be sent: the project's manifest, its server code, its data, the system's files. */
const SECRETS = [/"name": "alpine-territories-atlas"/, /buildApp/, /SQLite format 3/, /root:x:0:0/, /\[core\]/];

describe('paths sent as they are, with dot segments no client removed', () => {
  it.each([
    '/../package.json',
    '/../../../../etc/passwd',
    '/assets/../../package.json',
    '/assets/../../server/app.ts',
    '/./../data/atlas.sqlite',
    '/..\\..\\package.json',
    '/%2e%2e/package.json',
    '/.%2e/.%2e/etc/passwd',
    '//etc/passwd',
    '/..//..//etc/passwd',
    '/../.git/config',
    '/api/../../package.json',
    '/ogc/../../server/app.ts',
  ])('%s: 400, 403 or 404, never a file outside the client folder', async (path) => {
    const { status, text } = await rawGet(path);
    expect([400, 403, 404]).toContain(status);
    for (const secret of SECRETS) expect(text).not.toMatch(secret);
  });

  it('still serves the page itself', async () => {
    const { status, text } = await rawGet('/');
    expect(status, text.slice(0, 300)).toBe(200);
    expect(text).toContain('<title>Alpine Territories Atlas</title>');
  });
});
