import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { PROJECT_ROOT } from './paths.ts';

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills the servers the tests left running, e.g. when one failed before stopping its own (from afterAll). */
export function killServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * server/server.ts run as `npm start` runs it (tsx, one process), on the database the global set-up built and
 * an empty local database of its own, listening on a free loopback port. `env` adds or overrides variables.
 */
export function startServer(env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-server-child-'));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ATLAS_DB: inject('atlasDb'),
      ATLAS_LOCAL_DB: path.join(dir, 'local.sqlite'),
      ...env,
    },
  });
  running.add(child);
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => {
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
      done({ code, signal });
    }),
  );
  /** Resolves once the output (stdout and stderr) holds a match; fails if the process ends first. */
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match) resolve(match);
        else return;
        listeners.delete(check);
      };
      listeners.add(check);
      check();
      void exited.then(() => reject(new Error(`the server ended without printing ${pattern}:\n${output}`)));
    });
  /** The server's address once it listens; fails if it exits first (a test that expects that need not wait). */
  const address = printed(/http:\/\/(?:localhost|127\.0\.0\.1):(\d+)/).then((m) => ({
    host: '127.0.0.1',
    port: Number(m[1]),
  }));
  address.catch(() => {});
  return { child, exited, printed, output: () => output, address };
}
