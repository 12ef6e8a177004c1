import fastifyStatic from '@fastify/static';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { buildApp } from '../../server/app.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { loadConfig } from '../../server/config.ts';
import { openLocalStore } from '../../local-store/local-store.ts';
import { launchChromium } from '../chromium.ts';
import { ALPS_TERRITORY, alpsView } from './page/alps-view.ts';
import { scriptsBeforeAndAfterFlows } from './page/javascript.ts';
import { pointerTargets } from './page/pointer.ts';
import { ALPS_VIEW_ROWS, DEFAULT_VIEW_ROWS, deckFacts, median, printComparison, printScripts } from './page/report.ts';
import { bareMapUrl, cameraOf, type Measures, measure, type Side, visit } from './page/visit.ts';

/**
 * Page benchmark: the dashboard's default view against a bare MapLibre page drawing the same basemap
 * at the same camera and size, loaded alternately in one run, each in a fresh browser context (empty
 * cache). Per load: the time from navigation to "map drawn" (the dashboard: basemap idle and every default
 * layer drawn), the bytes transferred (compressed, as the browser received them) and the JavaScript
 * requested; then the time from a mouse move onto a commune to the page naming it (the dashboard's
 * tooltip; the bare page's queryRenderedFeatures), and the frame times of a 60-frame pan by mouse drag.
 * Once per run it lists the first view's JavaScript, says which files hold deck.gl or luma.gl code (by
 * chunk name and by content), and what switching the flows layer on requests.
 * Then the whole Alps in view (page/alps-view.ts): the same two pages at the camera the dashboard fits to the
 * Alpine Convention, timed to the drawn map, their bytes counted, and panned for 60 frames.
 * Bytes include what MapLibre's workers fetch (the vector tiles), which the page's own entries do not list.
 * Headless Chromium draws WebGL in software (SwiftShader), and the machine is shared: read the ratios.
 * Usage: npm run bench:page [-- rounds]
 */
const rounds = Number(process.argv[2] ?? 5);
const started = performance.now();
const loadAtStart = loadavg()[0]!;

await import('../ensure-built.ts');
const config = loadConfig();
const atlas = openAtlas(config.dbPath);
const bareDir = mkdtempSync(path.join(tmpdir(), 'atlas-bare-'));
// As npm start wires it, with an empty local database of imports (writes off).
const localDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-local-'));
const store = openLocalStore(path.join(localDir, 'local.sqlite'));
const app = await buildApp({ atlas, clientDir: config.clientDir, local: { store, writeToken: null } });
await build({
  configFile: path.join(import.meta.dirname, 'bare-map/vite.config.ts'),
  build: { outDir: bareDir, emptyOutDir: true },
});
await app.register(fastifyStatic, { root: bareDir, prefix: '/bare/', decorateReply: false, preCompressed: true });
const origin = await app.listen({ port: 0, host: '127.0.0.1' });

const browser = await launchChromium();
const ready = '#map-status[data-state=ready]';

// A first load warms the server's caches, tells the camera the dashboard fits to the Briançonnais, and
// lists the first view's JavaScript, then what switching the flows on adds.
const first = await visit(browser, `${origin}/?lang=en`, ready);
const { firstView, onFlows } = await scriptsBeforeAndAfterFlows(first.page);
await first.close();
const camera = cameraOf(first.url);
const bareUrl = bareMapUrl(origin, camera, first.map);
const bareFirst = await visit(browser, bareUrl, ready);
await bareFirst.close();
const targets = await pointerTargets(origin, camera, first.map);

const dashboardSide: Side = { url: `${origin}/?lang=en`, drawn: ready, answer: '#tooltip', answerReady: ready };
// The bare page answers the pointer once its invisible commune fill, added after the first draw, is laid out.
const bareSide: Side = {
  url: bareUrl,
  drawn: ready,
  answer: '#pointer-answer',
  answerReady: '#pointer-answer[data-state=ready]',
};
const dashboard: Measures[] = [];
const bare: Measures[] = [];
for (let i = 0; i < rounds; i++) {
  // Alternate which page goes first, so drift on the shared machine falls on both.
  if (i % 2 === 0) {
    dashboard.push(await measure(browser, dashboardSide, targets));
    bare.push(await measure(browser, bareSide, targets));
  } else {
    bare.push(await measure(browser, bareSide, targets));
    dashboard.push(await measure(browser, dashboardSide, targets));
  }
  const line = (m: Measures) =>
    `${m.ms.toFixed(0)} ms to drawn, pointer ${median(m.pointerMs).toFixed(1)} ms, ` +
    `frame ${median(m.frameMs).toFixed(1)} ms`;
  console.log(`round ${i + 1}: dashboard ${line(dashboard[i]!)}; bare MapLibre ${line(bare[i]!)}`);
}

const alps = await alpsView(browser, origin, ready, rounds);

const at = ({ zoom, lat, lon }: typeof camera) => `${zoom}/${lat}/${lon}`;
console.log(
  `\nDefault view (the Briançonnais): map ${first.map.width}×${first.map.height} px, camera ${at(camera)}, ` +
    `${rounds} rounds; pointer between ${targets[0].name} and ${targets[1].name}; medians:\n`,
);
printComparison(dashboard, bare, DEFAULT_VIEW_ROWS);
console.log(
  `\nThe whole Alps (territory=${ALPS_TERRITORY}, fitted): map ${alps.map.width}×${alps.map.height} px, camera ` +
    `${at(alps.camera)}, ${rounds} rounds; medians:\n`,
);
printComparison(alps.dashboard, alps.bare, ALPS_VIEW_ROWS);
console.log(`\nThe dashboard's first view requested (transferred, decoded, path):`);
printScripts(firstView);
console.log(`  → ${deckFacts(firstView)}`);
console.log(`\nSwitching flows on (#layers-flows) then requested ${onFlows.length} more JavaScript files:`);
if (onFlows.length > 0) printScripts(onFlows);
console.log(`  → ${deckFacts(onFlows)}`);
console.log(`\nThe bare MapLibre page requested:`);
printScripts(bareFirst.scripts);
console.log(
  `\nThe run took ${((performance.now() - started) / 1000).toFixed(0)} s; load average (1 min) ` +
    `${loadAtStart.toFixed(2)} at its start, ${loadavg()[0]!.toFixed(2)} at its end (${cpus().length} cores).`,
);

await browser.close();
await app.close();
atlas.db.close();
store.close();
rmSync(bareDir, { recursive: true, force: true });
rmSync(localDir, { recursive: true, force: true });
