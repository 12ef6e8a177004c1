import { readFileSync } from 'node:fs';

/** A process's resident memory from /proc (Linux), in bytes: now (VmRSS) and its peak so far (VmHWM). */
export function residentMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: kilobytes('VmRSS'), peak: kilobytes('VmHWM') };
}

/** Every 100 ms: a body is resident for a few milliseconds per request, but a cache grows and stays. */
const SAMPLE_MS = 100;

/**
 * Samples a process's VmRSS until stopped, and returns the largest seen. VmHWM alone cannot tell which load
 * raised the peak: it covers the process's whole life.
 */
export function sampleResident(pid: number): { stop: () => number } {
  let largest = residentMemory(pid).rss;
  const timer = setInterval(() => {
    largest = Math.max(largest, residentMemory(pid).rss);
  }, SAMPLE_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(largest, residentMemory(pid).rss);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Idle before collecting: on this machine a collection right after the start left about 30 MB more resident
 * than the same collection a few seconds later.
 */
const IDLE_MS = 5_000;
/** Resident memory is taken as settled once it has moved by less than 1 MiB for this long. */
const STEADY_MS = 1_000;
const SETTLE_TIMEOUT_MS = 15_000;

/**
 * A process's resident memory once idle and collected (`collect` asks it to collect its garbage), settled:
 * what it holds, not what its collector has yet to reclaim.
 */
export async function collectedMemory(pid: number, collect: () => void): Promise<number> {
  await sleep(IDLE_MS);
  collect();
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last = residentMemory(pid).rss;
  let steadySince = Date.now();
  while (Date.now() - steadySince < STEADY_MS && Date.now() < deadline) {
    await sleep(SAMPLE_MS);
    const now = residentMemory(pid).rss;
    if (Math.abs(now - last) >= 2 ** 20) steadySince = Date.now();
    last = now;
  }
  return last;
}
