import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/paths.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ENV = {
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  ATLAS_DB: inject('atlasDb'),
  ATLAS_LOCAL_DB: path.join(dir, 'local.sqlite'),
};

/** Starts server/server.ts and resolves its base URL once it listens. */
function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], { cwd: PROJECT_ROOT, env: ENV });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const base = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /(http:\/\/[\w.]+:\d+)/.exec(output);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.on('exit', () => reject(new Error(`server exited early: ${output}`)));
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, base, exited, output: () => output };
}

/** The real server process over real HTTP: listens on PORT/HOST, serves the page and the API, stops on SIGTERM. */
describe('server/server.ts', () => {
  it('serves over HTTP on the given port and host, then exits cleanly on SIGTERM', async () => {
    const server = startServer();
    const { child } = server;
    const base = await server.base;
    expect(base).toMatch(/^http:\/\/127.0.0.1:\d+$/);

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Alpine Territories Atlas</title>');
    const layers = await fetch(`${base}/api/layers`);
    expect((await layers.json()).layers).toHaveLength(7);

    child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('on SIGTERM stops being ready, finishes the request in flight whole, and exits within 10 s', async () => {
    const server = startServer();
    const base = await server.base;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('ready');
    const expected = await (await fetch(`${base}/api/basemap`)).text();

    // A large answer the client has not read yet when the stop comes.
    const inFlight = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`${base}/api/basemap`, resolve).on('error', reject),
    );
    inFlight.pause();
    const stopped = Date.now();
    server.child.kill('SIGTERM');
    await expect
      .poll(
        () =>
          fetch(`${base}/healthz`).then(
            (r) => r.status,
            () => 'refused',
          ),
        { timeout: 5_000 },
      )
      .not.toBe(200);

    const chunks: Buffer[] = [];
    inFlight.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((done) => inFlight.on('end', done).resume());
    expect(Buffer.concat(chunks).toString()).toBe(expected);
    expect(await server.exited).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(10_000);
    expect(server.output()).toContain('SIGTERM: finishing the requests in flight, then stopping');
  });

  it('refuses an invalid PORT with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...ENV, PORT: 'eighty' },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).not.toBe(0);
    expect(output).toContain('PORT must be a whole number from 0 to 65535, got "eighty"');
  });
});
