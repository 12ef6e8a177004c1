import type { AddressInfo } from 'node:net';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { useRealApp, type RealApp } from './real-app.ts';

/** The first draw takes about 6 s in software WebGL; everything waiting on the page allows 60 s. */
export const PAGE_TIMEOUT = 60_000;

export interface BrowserHarness {
  real: RealApp;
  browser: Browser;
  /** One fresh profile per test file. */
  context: BrowserContext;
  /** http://127.0.0.1:port, no trailing slash. */
  baseUrl: string;
  /** Every URL the context requested (pages and their workers), in order. */
  requests: string[];
}

/**
 * The real app listening on a free port, and a Chromium with one fresh context (English, 1400×900)
 * for the test file: opened before its tests, closed after them.
 */
export function useBrowser(options: { writeToken?: string } = {}): BrowserHarness {
  const real = useRealApp(options);
  const harness = { real, requests: [] as string[] } as BrowserHarness;
  beforeAll(async () => {
    await real.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = real.app.server.address() as AddressInfo;
    harness.baseUrl = `http://127.0.0.1:${port}`;
    harness.browser = await launchChromium();
    harness.context = await harness.browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'en-GB',
      deviceScaleFactor: 1,
    });
    harness.context.setDefaultTimeout(PAGE_TIMEOUT);
    harness.context.on('request', (request) => harness.requests.push(request.url()));
  });
  afterAll(async () => {
    await harness.context?.close();
    await harness.browser?.close();
  });
  return harness;
}

/** Console messages of type 'error' and uncaught exceptions of a page, as they happen. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * Waits until the map has drawn or failed, and returns #map-status's data-state: 'ready', 'failed', or
 * still 'loading' when neither happened in time (tests assert on it rather than failing their set-up).
 */
export async function waitForMap(page: Page, timeout = PAGE_TIMEOUT): Promise<string> {
  await page.waitForSelector('#map-status:not([data-state="loading"])', { timeout }).catch(() => undefined);
  return (await page.getAttribute('#map-status', 'data-state')) ?? '';
}

/** The query parameters of the page's current URL as a plain object. */
export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

export async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

// ---------------------------------------------------------------------------------------------
// Pixels: a PNG screenshot decoded with pngjs.

export type Rgb = [number, number, number];

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows top to bottom. */
  rgba: Uint8Array;
}

/** Decodes a PNG (a screenshot or an exported image) to 8-bit RGBA. */
export function decodePng(png: Buffer): Image {
  const { width, height, data } = PNG.sync.read(png);
  return { width, height, rgba: data };
}

/** The colour the page shows at a point (page coordinates): the centre of a 3×3 screenshot. */
export async function pixelAt(page: Page, [x, y]: [number, number]): Promise<Rgb> {
  const image = decodePng(
    await page.screenshot({
      clip: { x: Math.round(x) - 1, y: Math.round(y) - 1, width: 3, height: 3 },
      animations: 'disabled',
    }),
  );
  const i = (1 * image.width + 1) * 4;
  return [image.rgba[i]!, image.rgba[i + 1]!, image.rgba[i + 2]!];
}

/** A screenshot of one element, decoded. */
export async function imageOf(page: Page, selector: string): Promise<Image> {
  return decodePng(await page.locator(selector).screenshot({ animations: 'disabled' }));
}

/** How many pixels of an image are within `tolerance` (per channel) of a colour. */
export function countColour(image: Image, colour: Rgb, tolerance: number): number {
  let count = 0;
  for (let i = 0; i < image.rgba.length; i += 4) {
    if (
      Math.abs(image.rgba[i]! - colour[0]) <= tolerance &&
      Math.abs(image.rgba[i + 1]! - colour[1]) <= tolerance &&
      Math.abs(image.rgba[i + 2]! - colour[2]) <= tolerance
    )
      count++;
  }
  return count;
}

/**
 * How many pixels of two images of the same size differ by more than `tolerance` in a channel; every pixel
 * when their sizes differ.
 */
export function differingPixels(a: Image, b: Image, tolerance: number): number {
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.width * a.height, b.width * b.height);
  let count = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs(a.rgba[i + c]! - b.rgba[i + c]!) > tolerance) {
        count++;
        break;
      }
    }
  }
  return count;
}

export const hexToRgb = (hex: string): Rgb => {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
};

/** A colour drawn with alpha (0–255) over a background, as the browser composites the overlay canvas. */
export const over = (colour: Rgb, alpha: number, background: Rgb): Rgb =>
  colour.map((c, i) => Math.round((c * alpha + background[i]! * (255 - alpha)) / 255)) as Rgb;

/** The largest difference of one channel between two colours. */
export const colourDistance = (a: Rgb, b: Rgb): number => Math.max(...a.map((c, i) => Math.abs(c - b[i]!)));

// ---------------------------------------------------------------------------------------------
// Where a place is on screen: MapLibre's Web Mercator with 512-pixel tiles.

export interface Camera {
  zoom: number;
  lat: number;
  lon: number;
}

/** The camera of an `at=zoom/lat/lon` parameter, or null. */
export function cameraOf(url: string): Camera | null {
  const at = new URL(url).searchParams.get('at');
  const parts = at?.split('/').map(Number);
  if (parts?.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [zoom, lat, lon] = parts as [number, number, number];
  return { zoom, lat, lon };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Project = (position: Position) => [number, number];

/** Longitude/latitude to page coordinates, for a map element at `box` showing `camera`. */
export function projector(camera: Camera, box: Box): Project {
  const worldSize = 512 * 2 ** camera.zoom;
  const mercator = (lon: number, lat: number): [number, number] => {
    const phi = (lat * Math.PI) / 180;
    return [
      ((lon + 180) / 360) * worldSize,
      ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * worldSize,
    ];
  };
  const [cx, cy] = mercator(camera.lon, camera.lat);
  return ([lon, lat]) => {
    const [x, y] = mercator(lon!, lat!);
    return [box.x + box.width / 2 + x - cx, box.y + box.height / 2 + y - cy];
  };
}

/** Things drawn over the commune fill that a colour probe must keep clear of. */
export interface Obstacles {
  /** Lines (rings, rivers, borders, rail) in longitude/latitude. */
  lines: Position[][];
  /** Marks drawn around a point (labels, station discs), as half-width and half-height in pixels. */
  marks: { position: Position; halfWidth: number; halfHeight: number }[];
}

function insideRings(point: [number, number], rings: [number, number][][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi)
        inside = !inside;
    }
  }
  return inside;
}

function segmentDistance([px, py]: [number, number], [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax,
    dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * The point of an area, on screen and inside `within`, farthest from its own boundary and from every
 * obstacle: where its fill colour shows undisturbed. Returns the point and its clearance in pixels.
 */
export function clearestPoint(
  area: Polygon | MultiPolygon,
  project: Project,
  obstacles: Obstacles,
  within: Box,
): { point: [number, number]; clearance: number } {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const rings = polygons.flat().map((ring) => ring.map(project));
  const xs = rings.flat().map((p) => p[0]),
    ys = rings.flat().map((p) => p[1]);
  const left = Math.max(Math.min(...xs), within.x),
    right = Math.min(Math.max(...xs), within.x + within.width);
  const top = Math.max(Math.min(...ys), within.y),
    bottom = Math.min(Math.max(...ys), within.y + within.height);
  // Only segments near the area matter.
  const near = (p: [number, number]) =>
    p[0] > left - 100 && p[0] < right + 100 && p[1] > top - 100 && p[1] < bottom + 100;
  const segments: [[number, number], [number, number]][] = [];
  for (const line of [...rings, ...obstacles.lines.map((l) => l.map(project))]) {
    for (let i = 1; i < line.length; i++)
      if (near(line[i - 1]!) || near(line[i]!)) segments.push([line[i - 1]!, line[i]!]);
  }
  const marks = obstacles.marks.map((m) => ({
    at: project(m.position),
    halfWidth: m.halfWidth,
    halfHeight: m.halfHeight,
  }));
  let best = { point: [NaN, NaN] as [number, number], clearance: -Infinity };
  for (let y = top; y <= bottom; y += 3) {
    for (let x = left; x <= right; x += 3) {
      const p: [number, number] = [x, y];
      if (!insideRings(p, rings)) continue;
      let clearance = Math.min(x - within.x, within.x + within.width - x, y - within.y, within.y + within.height - y);
      for (const [a, b] of segments) clearance = Math.min(clearance, segmentDistance(p, a, b));
      for (const m of marks) {
        clearance = Math.min(
          clearance,
          Math.max(Math.abs(x - m.at[0]) - m.halfWidth, Math.abs(y - m.at[1]) - m.halfHeight),
        );
      }
      if (clearance > best.clearance) best = { point: p, clearance };
    }
  }
  return best;
}

/**
 * Polls the colour at a point until `accept` holds (the overlay redraws a frame or two after a change)
 * or the time is up; returns the last colour seen either way, for the test to assert on.
 */
export async function waitForPixel(
  page: Page,
  point: [number, number],
  accept: (colour: Rgb) => boolean,
  timeout = 15_000,
): Promise<Rgb> {
  const until = Date.now() + timeout;
  let colour = await pixelAt(page, point);
  while (!accept(colour) && Date.now() < until) {
    await page.waitForTimeout(200);
    colour = await pixelAt(page, point);
  }
  return colour;
}
