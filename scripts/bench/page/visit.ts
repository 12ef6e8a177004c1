import type { Browser, Page } from 'playwright-core';
import { type Script, scriptsRequested } from './javascript.ts';
import { panFrameTimes } from './pan.ts';
import { pointerToAnswer, type Target } from './pointer.ts';
import type { Camera, Size } from './screen.ts';
import { type Transfer, transferred } from './transfer.ts';

const VIEWPORT = { width: 1400, height: 850 };

/** One of the two pages compared, and how it tells the benchmark what it has done. */
export interface Side {
  url: string;
  /** Present once the page has drawn its map. */
  drawn: string;
  /** The element that names the commune under the pointer. */
  answer: string;
  /** Present once that element can answer. */
  answerReady: string;
}

/** A page loaded in a fresh browser context (empty cache), open for more measures. */
export interface Visit {
  page: Page;
  /** From navigation to the map drawn. */
  ms: number;
  /** Bytes over the wire when the map is drawn: the page's, its resources' and its workers' (the tiles). */
  transfer: Transfer;
  scripts: Script[];
  /** The page's URL once drawn (the dashboard writes its camera into it). */
  url: string;
  map: Size;
  close: () => Promise<void>;
}

export async function visit(browser: Browser, url: string, drawn: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`${url}: ${error.message}`));
  page.on(
    'response',
    (response) => response.status() >= 400 && console.error(`${response.url()}: ${response.status()}`),
  );
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector(drawn, { state: 'attached', timeout: 120_000 });
  const ms = performance.now() - started;
  const transfer = await transferred(page);
  const box = (await page.locator('#map').boundingBox())!;
  return {
    page,
    ms,
    transfer,
    scripts: await scriptsRequested(page),
    url: page.url(),
    map: { width: Math.round(box.width), height: Math.round(box.height) },
    close: () => context.close(),
  };
}

/** What every round measures, whichever view it loads. */
export interface Loaded {
  ms: number;
  transfer: Transfer;
  scripts: Script[];
  /** requestAnimationFrame intervals while the map is dragged. */
  frameMs: number[];
}

export interface Measures extends Loaded {
  /** Mouse move to the answer naming the commune, once per move. */
  pointerMs: number[];
}

/** Moves between the two communes: enough for a median, few enough for software picking (~1 s a move). */
const MOVES = 8;
/** The pan the issue asks for. */
export const FRAMES = 60;
/**
 * Between "drawn" and the first move: the dashboard still loads its imports and slides panels, and a
 * pointer arriving during the last tile uploads would time those too.
 */
export const SETTLE_MS = 1_000;

/** One round on one side: the first view loaded, then the pointer moved over two communes, then a pan. */
export async function measure(browser: Browser, side: Side, targets: [Target, Target]): Promise<Measures> {
  const { page, ms, transfer, scripts, close } = await visit(browser, side.url, side.drawn);
  await page.waitForSelector(side.answerReady, { state: 'attached', timeout: 60_000 });
  await page.waitForTimeout(SETTLE_MS);
  const pointerMs = await pointerToAnswer(page, side.answer, targets, MOVES);
  const frameMs = await panFrameTimes(page, FRAMES);
  await close();
  return { ms, transfer, scripts, pointerMs, frameMs };
}

/** The bare MapLibre page (built under /bare/ by the benchmark) at a camera, with the dashboard's map size. */
export const bareMapUrl = (origin: string, { zoom, lat, lon }: Camera, { width, height }: Size) =>
  `${origin}/bare/index.html?zoom=${zoom}&lat=${lat}&lon=${lon}&width=${width}&height=${height}`;

/** The camera the dashboard wrote into its URL (`at=zoom/lat/lon`) once drawn. */
export function cameraOf(url: string): Camera {
  const [zoom, lat, lon] = new URL(url).searchParams.get('at')!.split('/').map(Number) as [number, number, number];
  return { zoom, lat, lon };
}
