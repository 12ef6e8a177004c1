import { chromium } from 'playwright-core';
import { buildApp } from '../server/app.ts';
import { openAtlas } from '../server/atlas-db.ts';
const atlas = openAtlas('data/atlas.sqlite');
const app = await buildApp({ atlas, clientDir: process.cwd() + '/client/dist' });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const urls = process.argv.slice(2);
for (const q of urls) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') console.log('  console', m.type(), m.text()); });
  page.on('pageerror', (e) => console.log('  pageerror', e.message));
  const t0 = Date.now();
  await page.goto(base + '/?' + q);
  const ok = await page.waitForSelector('#map-status:not([data-state="loading"])', { timeout: 25000 }).then(() => true, () => false);
  console.log(q, ok, Date.now() - t0, await page.getAttribute('#map-status', 'data-state'), page.url().slice(base.length));
  if (!ok) { await page.mouse.move(700, 330); await page.waitForTimeout(3000); console.log('  after hover:', await page.getAttribute('#map-status', 'data-state')); }
  await page.screenshot({ path: '/tmp/explore/' + urls.indexOf(q) + '.png' });
  await page.close();
}
await browser.close();
await app.close();
