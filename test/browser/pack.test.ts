import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLocalStore } from '../../local-store/local-store.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { makePack } from '../../scripts/pack/make-pack.ts';
import { launchChromium } from '../../scripts/chromium.ts';
import type { Indicator, ValueRecord } from '../../client/src/api.ts';
import { collectErrors, waitForMap } from '../helpers/browser.ts';
import { CLIENT_DIR, PROJECT_ROOT } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

/** A deck of two real views, as a presenter would have saved them at home. */
const DECK = [
  {
    title: 'Cross-border gain',
    notes: '',
    state: 'lang=en&territory=it-alte-valli&indicator=hospital-cross-border-gain',
  },
  { title: 'Population density', notes: 'Start here', state: 'lang=en' },
];

/** The API as npm start serves it, on the same database: what the pack must have saved. */
const real = useRealApp();
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

/** A commune as the items list gives it without geometry. */
type Feature = { id: string; properties: { territories: string[] } };

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

  it("draws the projects' initiatives and lists those covering a commune, from the pack's files", async () => {
    await page.goto(`${base}/?lang=en&layers=communes,initiatives&commune=05093`);
    await waitForMap(page);
    const drawn = () =>
      page.evaluate(() =>
        (globalThis as any).atlasMap
          .queryRenderedFeatures({ layers: ['initiatives'] })
          .map((f: any) => f.properties.name as string),
      );
    const curated = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/initiatives.json'), 'utf8'));
    const claree = curated.initiatives.find((i: { id: string }) => i.id === 'claree-alert-system').name;
    await expect.poll(drawn).toContain(claree);
    const listed = page.locator('#commune-panel ul.initiatives .initiative-name');
    await expect.poll(() => listed.allTextContents()).toContain(claree);
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("opens the commune's printable profile from the panel, the pack's own file, in the page's language", async () => {
    await page.goto(`${base}/?lang=it&commune=05093`);
    await waitForMap(page);
    const link = page.locator('#commune-panel a.profile-link');
    expect(await link.getAttribute('href')).toBe('profile/05093.it.html');
    await link.click();
    await expect.poll(() => page.title()).toBe('Névache: profilo del comune');
    expect(page.url()).toBe(`${base}/profile/05093.it.html`);
    // Every commune of the atlas's own territories (EPCIs, study area, pilots) in every language, and the
    // stylesheet; the Alps' other communes have their profile on the server only.
    const files = readdirSync(path.join(out, 'site/profile')).sort();
    const url = '/ogc/collections/communes/items?limit=10000&properties=territories&skipGeometry=true&f=json';
    const codes = ((await (await real.app.inject({ url })).json()).features as Feature[])
      .filter((f) => f.properties.territories.some((t) => !t.startsWith('alpine-convention')))
      .map((f) => f.id);
    expect(codes).toHaveLength(214);
    expect(files).toEqual(
      [
        ...codes.flatMap((c: string) => ['en', 'fr', 'it', 'de', 'sl'].map((l) => `${c}.${l}.html`)),
        'profile.css',
      ].sort(),
    );
    await page.locator('nav.languages a[hreflang="de"]').click();
    await expect.poll(() => page.title()).toBe('Névache: Gemeindeprofil');
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('ships as one zip holding exactly the files of the folder, each intact', () => {
    const entries = readZip(readFileSync(`${out}.zip`));
    const names = entries.map((e) => e.name);
    expect(names).toContain('atlas-workshop/serve.js');
    expect(names).toContain('atlas-workshop/site/index.html');
    // No file left out, none twice, none that is not in the folder.
    expect([...names].sort()).toEqual(filesUnder(out).map((file) => `atlas-workshop/${file}`));
    for (const { name, data } of entries) expect(data.equals(readFileSync(path.join(dir, name))), name).toBe(true);
    expect(
      JSON.parse(readFileSync(path.join(out, 'site/data/api/slides.json'), 'utf8')).slides.map(
        (s: { title: string }) => s.title,
      ),
    ).toEqual(DECK.map((s) => s.title));
  });
});

describe("the static export's data: the live API's answers, saved", () => {
  /** The live API's answer to a URL, read as JSON. */
  async function live<T>(url: string): Promise<T> {
    const response = await real.app.inject({ url });
    expect(response.statusCode, url).toBe(200);
    return response.json() as T;
  }
  const saved = <T>(file: string): T => JSON.parse(readFileSync(path.join(out, 'site', file), 'utf8')) as T;
  /**
   * The file of an indicator's values (client/src/static-paths.ts): `data/api/indicators/{id}.json` for each
   * commune's latest, `{id}__period_{period}.json` for a period, any character of the query but letters,
   * digits, dots and hyphens written `_`.
   */
  const valuesFile = (id: string, period: string | null) =>
    `data/api/indicators/${id}${period === null ? '' : `__period_${period.replace(/[^A-Za-z0-9.-]/g, '_')}`}.json`;
  const periodsOf = (i: Indicator) => [null, ...i.periods.map((p) => p.period)];

  it('holds the values of each indicator for each period and for the latest, and no other values file', async () => {
    const { indicators } = await live<{ indicators: Indicator[] }>('/api/indicators');
    expect(saved<{ indicators: Indicator[] }>('data/api/indicators.json').indicators).toEqual(indicators);
    const files = indicators.flatMap((i) => periodsOf(i).map((period) => valuesFile(i.id, period)));
    expect(filesUnder(path.join(out, 'site/data/api/indicators')).map((f) => `data/api/indicators/${f}`)).toEqual(
      [...files].sort(),
    );
    for (const i of indicators) {
      for (const period of periodsOf(i)) {
        const url = `/api/indicators/${i.id}${period === null ? '' : `?period=${encodeURIComponent(period)}`}`;
        expect(saved(valuesFile(i.id, period)), url).toEqual(await live(url));
      }
    }
  });

  it("gives each territory, for each indicator and period, the values the API's layer of it gives", async () => {
    const { indicators } = await live<{ indicators: Indicator[] }>('/api/indicators');
    const { features } = await live<{ features: { id: string; properties: { communes: string[] } }[] }>(
      '/ogc/collections/territories/items?limit=1000&f=json',
    );
    const territories = features.filter((f) => f.properties.communes.length > 0);
    expect(territories.length).toBeGreaterThan(1);
    for (const indicator of indicators.filter((i) => i.subject === 'commune')) {
      const property = indicator.id.replaceAll('-', '_');
      for (const period of periodsOf(indicator)) {
        const { values } = saved<{ values: Record<string, ValueRecord> }>(valuesFile(indicator.id, period));
        for (const territory of territories) {
          const query = new URLSearchParams({
            territory: territory.id,
            properties: ['code', property, `${property}_period`, `${property}_source`].join(','),
            limit: '10000',
            f: 'json',
            ...(period === null ? {} : { period }),
          });
          const layer = await live<{ features: { properties: Record<string, string | number | null> }[] }>(
            `/ogc/collections/communes/items?${query}`,
          );
          const fromApi = Object.fromEntries(
            layer.features.map(({ properties: p }) => [
              p.code,
              p[property] === null
                ? null
                : { value: p[property], period: p[`${property}_period`], source: p[`${property}_source`] },
            ]),
          );
          const fromPack = Object.fromEntries(territory.properties.communes.map((c) => [c, values[c] ?? null]));
          expect(fromPack, `${territory.id}, ${indicator.id}, ${period ?? 'latest'}`).toEqual(fromApi);
        }
      }
    }
  });

  it("holds each commune's answer, and each source's, as the API gives them", async () => {
    const { features } = await live<{ features: { id: string }[] }>(
      '/ogc/collections/communes/items?limit=10000&properties=code&f=json',
    );
    expect(filesUnder(path.join(out, 'site/data/api/communes'))).toEqual(features.map((f) => `${f.id}.json`).sort());
    for (const { id } of features)
      expect(saved(`data/api/communes/${id}.json`)).toEqual(await live(`/api/communes/${id}`));
    const { sources } = await live<{ sources: { id: string }[] }>('/api/sources');
    expect(saved<{ sources: unknown[] }>('data/api/sources.json').sources).toEqual(sources);
    for (const { id } of sources)
      expect(saved(`data/api/sources/${id}.json`)).toEqual(await live(`/api/sources/${id}`));
  });
});

/** The files under a folder, as paths relative to it with `/`, sorted. */
function filesUnder(folder: string, prefix = ''): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesUnder(path.join(folder, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    )
    .sort();
}

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
