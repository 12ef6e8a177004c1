import type { Browser } from 'playwright-core';
import { panFrameTimes } from './pan.ts';
import { median } from './report.ts';
import type { Camera, Size } from './screen.ts';
import { bareMapUrl, cameraOf, FRAMES, type Loaded, SETTLE_MS, visit } from './visit.ts';

/**
 * The whole Alps in view: the dashboard showing the Alpine Convention (every commune of the atlas in the
 * choropleth, with their names, outlines and markers), fitted as a person opening that territory sees it,
 * against the bare MapLibre page at the camera and map size the dashboard chose. Both pages draw from the
 * same low-zoom vector tiles. Per round: time to the drawn map, bytes (tiles included), then a 60-frame pan.
 */
export const ALPS_TERRITORY = 'alpine-convention';

export interface AlpsRun {
  camera: Camera;
  map: Size;
  dashboard: Loaded[];
  bare: Loaded[];
}

async function loadAndPan(browser: Browser, url: string, drawn: string): Promise<Loaded> {
  const { page, ms, transfer, scripts, close } = await visit(browser, url, drawn);
  // As in the default view's rounds: the panels still loading after "drawn" would be timed by the pan.
  await page.waitForTimeout(SETTLE_MS);
  const frameMs = await panFrameTimes(page, FRAMES);
  await close();
  return { ms, transfer, scripts, frameMs };
}

export async function alpsView(browser: Browser, origin: string, drawn: string, rounds: number): Promise<AlpsRun> {
  const dashboardUrl = `${origin}/?lang=en&territory=${ALPS_TERRITORY}`;
  // A first load warms the server's caches for this view and tells the camera the dashboard fits to.
  const first = await visit(browser, dashboardUrl, drawn);
  await first.close();
  const camera = cameraOf(first.url);
  const bareUrl = bareMapUrl(origin, camera, first.map);
  await (await visit(browser, bareUrl, drawn)).close();

  const dashboard: Loaded[] = [];
  const bare: Loaded[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate which page goes first, so drift on the shared machine falls on both.
    const order = i % 2 === 0 ? (['dashboard', 'bare'] as const) : (['bare', 'dashboard'] as const);
    for (const side of order) {
      if (side === 'dashboard') dashboard.push(await loadAndPan(browser, dashboardUrl, drawn));
      else bare.push(await loadAndPan(browser, bareUrl, drawn));
    }
    const line = (m: Loaded) =>
      `${m.ms.toFixed(0)} ms to drawn, ${(m.transfer.bytes / 1e6).toFixed(2)} MB, ` +
      `frame ${median(m.frameMs).toFixed(1)} ms`;
    console.log(`Alps round ${i + 1}: dashboard ${line(dashboard[i]!)}; bare MapLibre ${line(bare[i]!)}`);
  }
  return { camera, map: first.map, dashboard, bare };
}
