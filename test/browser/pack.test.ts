import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLocalStore } from '../../local-store/local-store.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { makePack } from '../../scripts/pack/make-pack.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import { collectErrors, waitForMap } from '../helpers/browser.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';

/** A deck of two real views, as a presenter would have saved them at home. */
const DECK = [
  {
    title: 'Cross-border gain',
    notes: '',
    state: 'lang=en&territory=it-alte-valli&indicator=hospital-cross-border-gain',
  },
  { title: 'Population density', notes: 'Start here', state: 'lang=en' },
];

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-pack-'));
const out = path.join(dir, 'atlas-workshop');
let server: ChildProcess;
let base: string;
let page: Page;
let errors: string[];
/** Every request the page made, and those to anywhere but the pack's own server (blocked). */
const requests: string[] = [];
const blocked: string[] = [];
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  const atlas = openAtlas(inject('atlasDb'));
  const store = openLocalStore(path.join(dir, 'local.sqlite'));
  for (const slide of DECK) store.slides.add(slide);
  await makePack({ atlas, store, clientDir: CLIENT_DIR, out, log: () => {} });
  atlas.db.close();
  store.close();

  // The pack runs on its own: plain node, its own folder, no project around it.
  server = spawn(process.execPath, ['serve.js'], { cwd: out, env: { PATH: process.env.PATH, PORT: '0' } });
  base = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    server.on('exit', (code) => reject(new Error(`serve.js exited with ${code}`)));
  });

  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
  closeBrowser = () => browser.close();
  // The network is cut: only the pack's server on this machine answers.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith(`${base}/`) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  page = await context.newPage();
  errors = collectErrors(page);
  await page.goto(`${base}/?lang=en`);
  await waitForMap(page);
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('the offline workshop pack', () => {
  it('draws the dashboard from the pack alone, with no request leaving this machine', async () => {
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(blocked).toEqual([]);
    expect(requests.some((url) => url.includes('/data/api/indicators'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shows an indicator the pack holds, for another territory, with its legend', async () => {
    await page.selectOption('#indicator', 'hospital-cross-border-gain');
    await page.waitForFunction(
      () => new URLSearchParams(location.search).get('indicator') === 'hospital-cross-border-gain',
    );
    await expect.poll(() => page.locator('#legend').innerText()).toContain('Cross-border gain');
    expect(blocked).toEqual([]);
  });

  it('plays the saved slides with the keyboard, and offers no writes', async () => {
    await page.waitForSelector('#slides:not([hidden]) #present');
    expect(await page.locator('#slides ol.slides > li > button.link').allInnerTexts()).toEqual(
      DECK.map((s) => s.title),
    );
    expect(await page.locator('#slide-title').count()).toBe(0);
    expect(await page.locator('#imports').isHidden()).toBe(true);
    expect(await page.locator('#write-access').isHidden()).toBe(true);
    await page.click('#present');
    expect(await page.locator('#slide-counter').innerText()).toBe('Slide 1 of 2');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('territory') === 'it-alte-valli');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#slide-counter').innerText()).toBe('Slide 2 of 2');
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('indicator'));
    await page.keyboard.press('Escape');
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('fills the commune panel from the pack: one file per commune', async () => {
    const before = requests.length;
    await page.goto(`${base}/?lang=en&commune=05093`);
    await waitForMap(page);
    await expect.poll(() => page.locator('#commune-panel .commune-name').textContent()).toBe('Névache (05093)');
    expect(await page.locator('#commune-panel table.indicators tbody tr').count()).toBeGreaterThan(10);
    const communeFiles = requests.slice(before).filter((url) => url.includes('/data/api/communes/'));
    expect(communeFiles).toEqual([`${base}/data/api/communes/05093.json`]);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('ships as one zip holding every file of the folder, each intact', () => {
    const entries = readZip(readFileSync(`${out}.zip`));
    const names = entries.map((e) => e.name);
    expect(names).toContain('atlas-workshop/serve.js');
    expect(names).toContain('atlas-workshop/site/index.html');
    for (const { name, data } of entries) expect(data.equals(readFileSync(path.join(dir, name))), name).toBe(true);
    expect(
      JSON.parse(readFileSync(path.join(out, 'site/data/api/slides.json'), 'utf8')).slides.map(
        (s: { title: string }) => s.title,
      ),
    ).toEqual(DECK.map((s) => s.title));
  });
});

/**
 * Reads a zip through its central directory, inflating each entry and checking its CRC (an independent reader of the
 * pack's zip).
 */
function readZip(archive: Buffer): { name: string; data: Buffer }[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).toBe(0x02014b50);
    const [method, crc, size] = [
      archive.readUInt16LE(at + 10),
      archive.readUInt32LE(at + 16),
      archive.readUInt32LE(at + 20),
    ];
    const nameLength = archive.readUInt16LE(at + 28);
    const extra = archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    const name = archive.toString('utf8', at + 46, at + 46 + nameLength);
    const local = archive.readUInt32LE(at + 42);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const raw = archive.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(crc32(data), name).toBe(crc);
    entries.push({ name, data });
    at += 46 + nameLength + extra;
  }
  return entries;
}
