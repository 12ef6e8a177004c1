import type { Page } from 'playwright-core';

/** What a page has received so far, its workers' requests included. */
export interface Transfer {
  /** Bytes over the wire (compressed, with headers) of the page, every resource and every worker's request. */
  bytes: number;
  /** The vector tiles among them: how many, and their bytes. */
  tiles: number;
  tileBytes: number;
}

interface Entry {
  path: string;
  transferred: number;
}

/**
 * The Resource Timing entries of the scope it runs in (the page, or one of its workers). A declared function
 * with no named function inside: tsx names functions through a helper that exists in Node only, and the
 * page would not find it.
 */
function timedEntries(): Entry[] {
  return (performance.getEntriesByType('navigation') as PerformanceResourceTiming[])
    .concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .map((e) => ({ path: new URL(e.name).pathname, transferred: e.transferSize }));
}

const TILE = /^\/tiles\//;

/**
 * The page's entries and its workers' together: MapLibre's workers fetch the vector tiles themselves, so the
 * page's own entries (which the benchmark used alone before the tiles) never list them. A worker that ends
 * meanwhile takes its entries with it; MapLibre keeps its workers for the page's life.
 */
export async function transferred(page: Page): Promise<Transfer> {
  const scopes = await Promise.all([
    page.evaluate(timedEntries),
    ...page.workers().map((worker) => worker.evaluate(timedEntries)),
  ]);
  const entries = scopes.flat();
  const tiles = entries.filter((e) => TILE.test(e.path));
  const sum = (xs: Entry[]) => xs.reduce((total, e) => total + e.transferred, 0);
  return { bytes: sum(entries), tiles: tiles.length, tileBytes: sum(tiles) };
}
