import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePack } from '../../scripts/pack/make-pack.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * The workshop pack's serve.js answers with the atlas server's security headers: the same policy offline as
 * online. The pack is built and run as a presenter would, and compared with the server's answers.
 */

const real = useRealApp();
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-pack-headers-'));
const out = path.join(dir, 'atlas-workshop');
let server: ChildProcess;
let base: string;

beforeAll(async () => {
  await makePack({ atlas: real.atlas, store: real.local, clientDir: CLIENT_DIR, out, log: () => {} });
  server = spawn(process.execPath, ['serve.js'], { cwd: out, env: { PATH: process.env.PATH, PORT: '0' } });
  base = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    server.on('exit', (code) => reject(new Error(`serve.js exited with ${code}`)));
  });
});

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Headers that state a security policy, as opposed to ones about the body, caching, CORS, rate limits or the
 * request's id in the server's log.
 */
const isSecurityHeader = (name: string) =>
  /^(content-security-policy|referrer-policy|permissions-policy|strict-transport-security|cross-origin-|x-)/.test(
    name,
  ) &&
  !name.startsWith('x-ratelimit-') &&
  name !== 'x-request-id';

const securityHeaders = (headers: Iterable<[string, unknown]>) =>
  Object.fromEntries([...headers].filter(([name]) => isSecurityHeader(name.toLowerCase())).sort());

describe("the pack serves the server's security headers", () => {
  for (const url of ['/', '/index.html', '/no-such-file.js']) {
    it(`on ${url}`, async () => {
      const served = securityHeaders(Object.entries((await real.app.inject({ url })).headers));
      const packed = securityHeaders((await fetch(`${base}${url}`)).headers.entries());
      expect(served['content-security-policy']).toContain("default-src 'self'");
      expect(packed).toEqual(served);
    });
  }
});
