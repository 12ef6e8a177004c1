import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../vocabulary/security-headers.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * Connections Node's HTTP parser gives up on, before any request exists: answered in the API's JSON form, with
 * the security headers, and closed.
 */
const real = useRealApp();
let port: number;

beforeAll(async () => {
  await real.app.listen({ port: 0, host: '127.0.0.1' });
  port = (real.app.server.address() as AddressInfo).port;
});

/** Sends raw bytes and reads everything the server answers until it closes the connection. */
function exchange(bytes: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1]);
      if (!status) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status, headers, body });
    });
  });
}

const expectSecurityHeaders = (headers: Record<string, string>) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers[name.toLowerCase()], name).toBe(value);
};

describe('requests the HTTP parser refuses', () => {
  it('answers malformed HTTP with 400, JSON and the security headers', async () => {
    const answer = await exchange('NOT HTTP AT ALL\r\n\r\n');
    expect(answer.status).toBe(400);
    expectSecurityHeaders(answer.headers);
    expect(JSON.parse(answer.body)).toEqual({ code: 'BadRequest', description: 'the request is not valid HTTP/1.1' });
  });

  it('answers headers larger than Node accepts with 431, JSON and the security headers', async () => {
    const answer = await exchange(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expectSecurityHeaders(answer.headers);
    expect(JSON.parse(answer.body).code).toBe('RequestHeaderFieldsTooLarge');
  });
});
