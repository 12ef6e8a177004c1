import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../../server/app.ts';
import { openAtlas } from '../../../server/atlas-db.ts';
import { loadConfig } from '../../../server/config.ts';
import { openLocalStore } from '../../../local-store/local-store.ts';
import { launchChromium } from '../../chromium.ts';
import { panFrameTimes } from '../page/pan.ts';
import { median } from '../page/report.ts';
import { visit } from '../page/visit.ts';

const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const store = openLocalStore(path.join(mkdtempSync(path.join(tmpdir(), 'split-')), 'local.sqlite'));
const app = await buildApp({ atlas, clientDir: config.clientDir, local: { store, writeToken: null } });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launchChromium();
const base = `${origin}/?lang=en&territory=alpine-convention`;
const configs: Record<string, string> = {
  default: '',
  'no labels': '&layers=communes,territories,rail-lines,rail-stations,services',
  'no services': '&layers=communes,territories,rail-lines,rail-stations,labels',
  'communes only': '&layers=communes',
};
await (await visit(browser, base, '#map-status[data-state=ready]')).close();
const results: Record<string, { ms: number[]; frame: number[] }> = {};
for (let round = 0; round < 2; round++) {
  for (const [name, q] of Object.entries(configs)) {
    const v = await visit(browser, base + q, '#map-status[data-state=ready]');
    await v.page.waitForTimeout(1000);
    const frames = await panFrameTimes(v.page, 60);
    await v.close();
    results[name] ??= { ms: [], frame: [] };
    results[name].ms.push(v.ms);
    results[name].frame.push(median(frames));
    console.log(name, v.ms.toFixed(0), median(frames).toFixed(0));
  }
}
for (const [name, r] of Object.entries(results))
  console.log(
    name.padEnd(14),
    'drawn',
    r.ms.map((x) => x.toFixed(0)).join(' / '),
    'ms; pan median frame',
    r.frame.map((x) => x.toFixed(0)).join(' / '),
    'ms',
  );
await browser.close();
await app.close();
