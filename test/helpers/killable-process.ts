import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from './paths.ts';

/**
 * A TypeScript script run as `node --import tsx` runs it, in one process (so SIGKILL hits the script itself),
 * with ./held-transactions.ts preloaded: its transactions report their steps and can be held at one
 * (HOLD_TRANSACTIONS_AT). Its stdout is read line by line as it comes, so a test waits for a line, or kills the
 * process on reading one: the moment of the kill is then the step the line names, not a guess of the clock.
 */

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const HELD_TRANSACTIONS = pathToFileURL(path.join(PROJECT_ROOT, 'test/helpers/held-transactions.ts')).href;

const running = new Set<ChildProcessWithoutNullStreams>();

/** Kills the processes a test left running (from afterEach). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface KillOn {
  /** A line that kills the process as soon as it is read… */
  line: RegExp;
  /** …after this many such lines have been let go on (a newline on stdin to a held transaction). */
  passes: number;
}

export function runKillable(args: string[], env: Record<string, string>, killOn?: KillOn) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', HELD_TRANSACTIONS, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
  });
  running.add(child);
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let passes = killOn?.passes ?? 0;
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (!killOn?.line.test(line)) continue;
      if (passes-- > 0) child.stdin.write('\n');
      else child.kill('SIGKILL');
    }
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  // A held process that is killed never reads its stdin again.
  child.stdin.on('error', () => {});
  const exit = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => {
      running.delete(child);
      for (const wake of waiters) wake();
      done({ code, signal });
    }),
  );
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    /** The complete lines written to stdout so far. */
    lines,
    output: () => `${lines.join('\n')}\n${stderr}`,
    exit,
    /** The first line matching, once it is written; fails if the process ends without writing it. */
    line(match: RegExp): Promise<string> {
      return new Promise((resolve, reject) => {
        const wake = () => {
          const found = lines.find((l) => match.test(l));
          if (found !== undefined) resolve(found);
          else if (ended()) reject(new Error(`${args.join(' ')} ended without writing ${match}:\n${stderr}`));
          else return;
          waiters.delete(wake);
        };
        waiters.add(wake);
        wake();
      });
    },
    /** SIGKILL now. */
    kill(): Promise<Exit> {
      child.kill('SIGKILL');
      return exit;
    },
  };
}
