import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/**
 * The server's log as npm start writes it: JSON lines (pino, through Fastify) a machine can parse and a person
 * can read, one request under one id, the client's address as the trusted proxy gave it, and never the write
 * token or a request's body.
 */
const TOKEN = 'log-test-token-3f9a1c77e2b0';
const EXAMPLE = path.join(PROJECT_ROOT, 'examples/indicator-population-dgcl.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-logs-'));
let lines: Record<string, any>[] = [];
let output = '';
const answers: { id: string | null; status: number }[] = [];

beforeAll(async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ATLAS_DB: inject('atlasDb'),
      ATLAS_LOCAL_DB: path.join(dir, 'local.sqlite'),
      ATLAS_WRITE_TOKEN: TOKEN,
      ATLAS_TRUST_PROXY: '127.0.0.1',
    },
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /Alpine Territories Atlas: (http:\/\/[\w.]+:\d+)/.exec(output);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.on('exit', () => reject(new Error(`server exited early: ${output}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const record = (r: Response) => answers.push({ id: r.headers.get('x-request-id'), status: r.status });
  record(await fetch(`${base}/api/layers`, { headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Request-Id': 'r-1' } }));
  record(
    await fetch(`${base}/api/imports/indicator?name=indicator-population-dgcl.csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/csv' },
      body: readFileSync(EXAMPLE),
    }),
  );
  record(await fetch(`${base}/api/indicators/no-such-indicator`));
  child.kill('SIGTERM');
  await exited;
  lines = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the server's log", () => {
  it('is JSON lines with a level, a time and a message; the start-up lines are plain text for a person', () => {
    expect(lines.length).toBeGreaterThan(6);
    for (const line of lines) {
      expect(typeof line.level).toBe('number');
      expect(typeof line.time).toBe('number');
      expect(typeof line.msg).toBe('string');
    }
    expect(output).toMatch(/^Alpine Territories Atlas: http:\/\/localhost:\d+ \(data build \w+\)$/m);
  });

  it('logs each request as it comes and as it is answered, under the id the answer carries', () => {
    expect(answers.map((a) => a.status)).toEqual([200, 201, 404]);
    for (const { id, status } of answers) {
      expect(id).toMatch(/^[\w-]+$/);
      const incoming = lines.find((l) => l.reqId === id && l.msg === 'incoming request');
      const completed = lines.find((l) => l.reqId === id && l.msg === 'request completed');
      expect(incoming?.req.method, `request ${id}`).toMatch(/^(GET|POST)$/);
      expect(completed?.res.statusCode, `request ${id}`).toBe(status);
      expect(typeof completed?.responseTime).toBe('number');
    }
  });

  it("takes the trusted proxy's request id and client address", () => {
    expect(answers[0]!.id).toBe('r-1');
    const incoming = lines.find((l) => l.reqId === 'r-1' && l.msg === 'incoming request');
    expect(incoming?.req.remoteAddress).toBe('203.0.113.7');
    expect(incoming?.req.url).toBe('/api/layers');
  });

  it('never writes the write token, a header or a body', () => {
    expect(output).not.toContain(TOKEN);
    expect(output.toLowerCase()).not.toContain('authorization');
    // A value from the imported file's rows.
    const firstRow = readFileSync(EXAMPLE, 'utf8').split('\n')[1]!;
    expect(output).not.toContain(firstRow);
  });
});
