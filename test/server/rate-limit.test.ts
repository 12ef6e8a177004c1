import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { openLocalStore } from '../../local-store/local-store.ts';
import { buildApp } from '../../server/app.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { loadConfig } from '../../server/config.ts';
import { answerErrorsAsJson } from '../../server/errors.ts';
import { addRateLimits } from '../../server/rate-limit.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';

const atlas = openAtlas(inject('atlasDb'));
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-rate-'));
const store = openLocalStore(path.join(dir, 'local.sqlite'));
const TOKEN = 'rate-limit-test-token-0001';
const app = await buildApp({
  atlas,
  clientDir: CLIENT_DIR,
  local: { store, writeToken: TOKEN },
  rateLimits: { readsPerMinute: 5, writesPerMinute: 2 },
});
afterAll(async () => {
  await app.close();
  atlas.db.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (remoteAddress: string, url = '/api/layers') => app.inject({ url, remoteAddress });

describe('rate limits per client', () => {
  it('answers 429 with Retry-After and a JSON error past the reads of a minute, for that client only', async () => {
    for (let i = 0; i < 5; i++) expect((await get('203.0.113.7')).statusCode).toBe(200);
    const refused = await get('203.0.113.7', '/ogc/collections');
    expect(refused.statusCode).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      code: 'TooManyRequests',
      description: `More than 5 requests a minute from 203.0.113.7; try again in ${retryAfter} s`,
    });
    expect((await get('203.0.113.8')).statusCode).toBe(200);
  });

  it("never limits loopback clients (the dashboard on the presenter's laptop)", async () => {
    for (const address of ['127.0.0.1', '::1']) {
      for (let i = 0; i < 12; i++) expect((await get(address)).statusCode, address).toBe(200);
    }
  });

  it('counts writes apart, with their own lower limit, before the token is even checked', async () => {
    const post = () =>
      app.inject({
        method: 'POST',
        url: '/api/imports/indicator?name=x.csv',
        remoteAddress: '198.51.100.4',
        headers: { 'content-type': 'text/csv' },
        payload: 'x',
      });
    expect((await post()).statusCode).toBe(401);
    expect((await post()).statusCode).toBe(401);
    const refused = await post();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().description).toMatch(/^More than 2 writes a minute from 198\.51\.100\.4/);
    expect((await get('198.51.100.4')).statusCode).toBe(200);
  });
});

describe("the limiter's window", () => {
  afterEach(() => vi.useRealTimers());

  it('opens a new minute for a client once the last one has ended, and 0 turns a limit off', async () => {
    // The limiter reads Date.now: only the clock is faked, Fastify's own timers run.
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const bare = Fastify();
    answerErrorsAsJson(bare);
    await addRateLimits(bare, { readsPerMinute: 2, writesPerMinute: 0 });
    bare.get('/', async () => ({ ok: true }));
    bare.post('/', async () => ({ ok: true }));
    const read = () => bare.inject({ url: '/', remoteAddress: '192.0.2.1' }).then((r) => r.statusCode);
    expect([await read(), await read(), await read()]).toEqual([200, 200, 429]);
    vi.setSystemTime(1_059_000);
    const refused = await bare.inject({ url: '/', remoteAddress: '192.0.2.1' });
    expect(refused.headers['retry-after']).toBe('1');
    vi.setSystemTime(1_060_000);
    expect(await read()).toBe(200);
    for (let i = 0; i < 10; i++)
      expect((await bare.inject({ method: 'POST', url: '/', remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
    await bare.close();
  });
});

describe('configuration', () => {
  it('reads the limits from the environment and refuses a value that is not a whole number', () => {
    expect(loadConfig({}).rateLimits).toEqual({ readsPerMinute: 1200, writesPerMinute: 30 });
    expect(loadConfig({ ATLAS_RATE_LIMIT_READS: '0', ATLAS_RATE_LIMIT_WRITES: '5' }).rateLimits).toEqual({
      readsPerMinute: 0,
      writesPerMinute: 5,
    });
    expect(() => loadConfig({ ATLAS_RATE_LIMIT_READS: 'lots' })).toThrow(
      'ATLAS_RATE_LIMIT_READS must be a whole number of requests per minute, 0 for no limit, got "lots"',
    );
    expect(() => loadConfig({ ATLAS_RATE_LIMIT_WRITES: '-1' })).toThrow(
      /ATLAS_RATE_LIMIT_WRITES must be a whole number/,
    );
  });
});
