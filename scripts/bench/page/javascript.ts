import type { Page } from 'playwright-core';
import { until } from './until.ts';

/** A JavaScript file a page requested, as its Resource Timing entry tells. */
export interface Script {
  /** Path on the server, e.g. /assets/index-DNb1W8-0.js. */
  path: string;
  /** Bytes over the wire (compressed, with headers); 0 if it came from a cache. */
  transferred: number;
  /** Bytes of JavaScript once decompressed. */
  decoded: number;
  /** What of deck.gl or luma.gl it holds: its chunk name, the marker strings in its text. */
  deck: string[];
}

/**
 * The lazy chunk of the flows (client/src/map/deck-flows.ts), which alone may import deck.gl: Vite names it
 * after the module.
 */
const DECK_CHUNK = /\/deck-flows-[^/]*\.m?js$/;
/**
 * Strings that survive minification in deck.gl's and luma.gl's own code: their stats ids and error messages
 * (`new Stats({id: 'deck.gl'})`, "deck.gl - multiple versions detected", "luma.gl assertion failed.",
 * "Ensure `@luma.gl/webgl` …"). Neither maplibre-gl's build nor our sources carry them. Some small shared
 * chunks of luma.gl hold none; they come only with a chunk that does.
 */
const MARKERS = ['deck.gl', 'luma.gl'];

/** The markers of each path's text, fetched once per run (a built chunk's name changes with its content). */
const markersOf = new Map<string, Promise<string[]>>();

function markers(origin: string, path: string): Promise<string[]> {
  if (!markersOf.has(path)) {
    markersOf.set(
      path,
      fetch(`${origin}${path}`)
        .then((response) => {
          if (!response.ok) throw new Error(`${path} answered ${response.status}`);
          return response.text();
        })
        .then((text) => MARKERS.filter((m) => text.includes(m)).map((m) => `"${m}" in its text`)),
    );
  }
  return markersOf.get(path)!;
}

/**
 * Every JavaScript file the page has requested so far: its modules, lazy chunks and MapLibre's worker
 * (the worker's own requests would not be listed; MapLibre's is one file).
 */
export async function scriptsRequested(page: Page): Promise<Script[]> {
  const entries = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .map((e) => ({ url: new URL(e.name), transferred: e.transferSize, decoded: e.decodedBodySize }))
      .filter((e) => /\.m?js$/.test(e.url.pathname))
      .map((e) => ({ origin: e.url.origin, path: e.url.pathname, transferred: e.transferred, decoded: e.decoded })),
  );
  return Promise.all(
    entries.map(async ({ origin, path, transferred, decoded }) => ({
      path,
      transferred,
      decoded,
      deck: [...(DECK_CHUNK.test(path) ? ['deck-flows chunk'] : []), ...(await markers(origin, path))],
    })),
  );
}

/** Nothing more requested for this long: the page has loaded whatever it loads on its own. */
const QUIET_MS = 3_000;

async function quiet(page: Page, what: string): Promise<void> {
  const count = () => page.evaluate(() => performance.getEntriesByType('resource').length);
  let last = { count: await count(), since: Date.now() };
  await until(
    async () => {
      const now = await count();
      if (now !== last.count) last = { count: now, since: Date.now() };
      return Date.now() - last.since > QUIET_MS;
    },
    what,
    60_000,
    200,
  );
}

/**
 * The JavaScript of a drawn page until it requests nothing more (what comes after "drawn", a preload say,
 * counts too); then the flows layer switched on with its checkbox, as a person does, and the JavaScript
 * requested since the click.
 */
export async function scriptsBeforeAndAfterFlows(page: Page): Promise<{ firstView: Script[]; onFlows: Script[] }> {
  await quiet(page, 'the first view to stop requesting');
  const firstView = await scriptsRequested(page);
  await page.click('#layers-flows');
  await quiet(page, 'the requests after switching flows on to end');
  const before = new Set(firstView.map((s) => s.path));
  return { firstView, onFlows: (await scriptsRequested(page)).filter((s) => !before.has(s.path)) };
}
