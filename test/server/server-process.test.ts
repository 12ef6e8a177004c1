import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/** The real server process over real HTTP: listens on PORT/HOST, serves the page and the API, stops on SIGTERM. */
describe('server/server.ts', () => {
  it('serves over HTTP on the given port and host, then exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ATLAS_DB: inject('atlasDb') },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk;
        const match = /(http:\/\/[\w.]+:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`server exited early: ${output}`)));
    });
    expect(base).toMatch(/^http:\/\/localhost:\d+$/);

    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Alpine Territories Atlas</title>');
    const layers = await fetch(`${base}/api/layers`);
    expect((await layers.json()).layers).toHaveLength(6);

    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses an invalid PORT with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: 'eighty', ATLAS_DB: inject('atlasDb') },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).not.toBe(0);
    expect(output).toContain('PORT must be a whole number from 0 to 65535, got "eighty"');
  });
});
