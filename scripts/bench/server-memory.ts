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
