import { schemeYlGnBu } from 'd3-scale-chromatic';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../client/src/api.ts';
import { fitRect, imageLayout, type ImageLayout, type Rect } from '../../client/src/image-layout.ts';
import { BASEMAP_COLOURS } from '../../client/src/map/basemap-style.ts';
import { FILL_ALPHA } from '../../client/src/palettes.ts';
import {
  collectErrors,
  colourDistance,
  decodePng,
  getJson,
  hexToRgb,
  over,
  useBrowser,
  waitForMap,
  type Image,
  type Rgb,
} from '../helpers/browser.ts';
import { type CanvasLine, compareLine, firstLineOf } from '../helpers/canvas-text.ts';
import { type CommuneProbe, communeProbe } from '../helpers/commune-probe.ts';
import { communeValuesFromSql, quantileClasses } from '../helpers/quantile-classes.ts';

const harness = useBrowser();
const NEVACHE = '05093';
/** A period other than the latest, so that the image's title must name it. */
const PERIOD = 'insee-etalab-5.3.0';
/** The next release of the same source: its label differs from PERIOD's by the version number only. */
const NEIGHBOUR_PERIOD = 'insee-etalab-6.0.0';
/** Screenshots of software WebGL match the computed colour to within a few levels per channel. */
const TOLERANCE = 12;
/** The font the image writes with (image-export.ts): the template lines are drawn with it too. */
const FONT = "'DejaVu Sans', system-ui, sans-serif";
/** Web Mercator's equator (WGS 84 semi-major axis) and tile size: metres per pixel at a latitude and zoom. */
const EQUATOR = 2 * Math.PI * 6_378_137;
const metresPerPixel = (lat: number, zoom: number) => (EQUATOR * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);

const LAND = hexToRgb(BASEMAP_COLOURS.land);
const SIZES = [
  ['hd', 1920, 1080],
  ['a4', 3508, 2480],
  ['screen', 1400, 900],
] as const;

let page: Page;
let errors: string[];
/** The legend as the page shows it: each class's colour, range and count, "no data" last. */
let legend: { colour: Rgb; label: string; count: string }[];
/** What the page shows that the image must say again. */
let shown: {
  territory: string;
  otherTerritory: string;
  periodLabel: string;
  period: string;
  neighbourPeriod: string;
  sourcesHeading: string;
  sources: string[];
};
let probe: CommuneProbe;
/** Névache's colour on the map, worked out from its value, not by the page; and the other classes' colours. */
let nevache: { colour: Rgb; others: Rgb[] };

/** Text chunks of a PNG (iTXt, uncompressed), by keyword. */
function pngTexts(png: Buffer): Record<string, string> {
  const texts: Record<string, string> = {};
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'iTXt') {
      const data = png.subarray(at + 8, at + 8 + length);
      const end = data.indexOf(0);
      texts[data.toString('utf8', 0, end)] = data.subarray(end + 5).toString('utf8');
    }
    at += 12 + length;
  }
  return texts;
}

const exports = new Map<string, Promise<{ png: Buffer; image: Image }>>();

/** The image saved at a size, saved once and looked at by every test of that size. */
function exported(size: string): Promise<{ png: Buffer; image: Image }> {
  if (!exports.has(size)) {
    exports.set(
      size,
      (async () => {
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 120_000 }),
          page.click(`#image-${size}`),
        ]);
        const png = readFileSync((await download.path())!);
        return { png, image: decodePng(png) };
      })(),
    );
  }
  return exports.get(size)!;
}

const pixel = (image: Image, x: number, y: number): Rgb => {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.rgba[i]!, image.rgba[i + 1]!, image.rgba[i + 2]!];
};

const fontOf = (layout: ImageLayout, size: number, weight = 'normal') =>
  `${weight} ${Math.round(size * layout.unit)}px ${FONT}`;

beforeAll(async () => {
  const { baseUrl } = harness;
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${baseUrl}/?lang=en&period=${PERIOD}`);
  await waitForMap(page);
  legend = await page.locator('#legend .classes li').evaluateAll((items) =>
    items.map((li) => {
      const rgb = getComputedStyle(li.querySelector('.swatch')!).backgroundColor.match(/\d+/g)!.map(Number);
      return {
        colour: rgb as [number, number, number],
        label: li.querySelector('.range')!.textContent!,
        count: li.querySelector('.count')!.textContent!,
      };
    }),
  );
  const selected = (id: string) => page.$eval(`#${id}`, (s: HTMLSelectElement) => s.selectedOptions[0]!.text);
  const territories = await page.locator('#territory option').allTextContents();
  const territory = await selected('territory');
  shown = {
    territory,
    otherTerritory: territories.find((t) => t !== territory)!,
    periodLabel: (await page.textContent('label[for="period"]'))!,
    period: await selected('period'),
    neighbourPeriod: (await page.locator(`#period option[value="${NEIGHBOUR_PERIOD}"]`).textContent())!,
    sourcesHeading: await page.locator('#legend ul.sources').evaluate((ul) => ul.previousElementSibling!.textContent!),
    sources: await page.locator('#legend ul.sources li').allTextContents(),
  };
  probe = await communeProbe(page, baseUrl, NEVACHE, { left: 60, right: 90, top: 100, bottom: 110 });

  const indicator = (await getJson<{ indicators: Indicator[] }>(baseUrl, '/api/indicators')).indicators.find(
    (i) => i.id === 'population-density',
  )!;
  const values = communeValuesFromSql(harness.real, 'population-density', PERIOD);
  const classes = quantileClasses(new Map([...values].map(([code, v]) => [code, v.value])), 5, indicator.decimals);
  const colours = schemeYlGnBu[classes.counts.length]!.map((c) => over(hexToRgb(c), FILL_ALPHA, LAND));
  const own = classes.classes.get(NEVACHE)!;
  nevache = { colour: colours[own]!, others: colours.filter((_, i) => i !== own) };
}, 120_000);

/** Where the map was drawn into the image, and image pixels per pixel of the screen's map. */
function mapArea(layout: ImageLayout): { area: Rect; ratio: number } {
  const area = fitRect(layout.map, probe.box.width / probe.box.height);
  return { area, ratio: area.width / probe.box.width };
}

/** The black bar's length in the image: the run of dark pixels along its middle, from its left end. */
function measuredBar(image: Image, layout: ImageLayout, area: Rect): number {
  const left = area.x + 14 * layout.unit;
  const y = area.y + area.height - 30 * layout.unit + 2.5 * layout.unit;
  const dark = (x: number) => pixel(image, x, y).every((c) => c < 128);
  let x = Math.floor(left) - 2;
  while (!dark(x) && x < left + 3) x++;
  const start = x;
  while (dark(x)) x++;
  return x - start;
}

/**
 * The image shows the line: drawn again by the page, it covers the same pixels, to a pixel or two (none differ on
 * this machine; a cedilla left out differs by 11).
 */
async function expectLine(image: Image, line: CanvasLine, what: string, tolerance?: number): Promise<void> {
  const { differing, ink } = await compareLine(page, image, line, tolerance);
  expect(ink, `${what}: the line drawn again has ink`).toBeGreaterThan(20);
  expect(differing, `${what}: "${line.text}" at ${line.x}, ${line.y}`).toBeLessThanOrEqual(2);
}

async function expectNotLine(image: Image, line: CanvasLine, what: string): Promise<void> {
  const { differing } = await compareLine(page, image, line);
  expect(differing, `${what}: "${line.text}" must not read as the image's line`).toBeGreaterThan(10);
}

describe('saving the view as a PNG', () => {
  it.each(SIZES)(
    '%s: %i × %i, with the legend of the screen, class by class',
    async (size, width, height) => {
      const { png, image } = await exported(size);
      expect([image.width, image.height]).toEqual([width, height]);
      const texts = pngTexts(png);
      expect(texts.Description!.split('\n')).toEqual(['Legend', ...legend.map((row) => `${row.label}: ${row.count}`)]);
      expect(texts.Title).toBe('Population density (inhabitants per km²)');
      expect(texts.URL).toBe(page.url());
      expect(texts.Source!.split('\n')).toEqual(shown.sources);
      // Each swatch in the image is the colour of its class on the screen.
      const layout = imageLayout(width, height, legend.length - 1);
      legend.forEach((row, i) => {
        const swatch = layout.swatches[i]!;
        const colour = pixel(image, swatch.x + swatch.width / 2, swatch.y + swatch.height / 2);
        expect(colour, row.label).toEqual(row.colour);
      });
    },
    180_000,
  );

  it.each(SIZES)('%s: Névache in the colour of its class, where the screen shows it', async (size, width, height) => {
    expect(probe.clearance, 'a point inside Névache at least 8 px from any line or label').toBeGreaterThanOrEqual(8);
    const { image } = await exported(size);
    const { area, ratio } = mapArea(imageLayout(width, height, legend.length - 1));
    const [x, y] = [area.x + (probe.point[0] - probe.box.x) * ratio, area.y + (probe.point[1] - probe.box.y) * ratio];
    const seen = pixel(image, x, y);
    expect(colourDistance(seen, nevache.colour), `Névache at ${x}, ${y}: ${seen}`).toBeLessThanOrEqual(TOLERANCE);
    for (const other of nevache.others) expect(colourDistance(seen, other)).toBeGreaterThan(TOLERANCE);
  });

  it.each(SIZES)(
    '%s: a scale bar as long as its round length at the camera of the URL',
    async (size, width, height) => {
      const { image } = await exported(size);
      const layout = imageLayout(width, height, legend.length - 1);
      const { area, ratio } = mapArea(layout);
      const perPixel = metresPerPixel(probe.camera.lat, probe.camera.zoom) / ratio;
      // The longest 1, 2 or 5 × 10^n metres within a quarter of the map's width (image-layout.ts).
      const most = (perPixel * area.width) / 4;
      const metres = Math.max(...[1, 2, 5].map((k) => k * 10 ** Math.floor(Math.log10(most / k))));
      // The URL's zoom is rounded to 0.01 (0.35 % of the scale); the bar's ends are anti-aliased (1 pixel).
      const pixels = metres / perPixel;
      expect(Math.abs(measuredBar(image, layout, area) - pixels)).toBeLessThanOrEqual(1 + pixels * 0.004);
      const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
      const [x, y] = [area.x + 14 * layout.unit, area.y + area.height - 30 * layout.unit - 19 * layout.unit];
      // On the bar's white box, 85 % opaque over the map: the background is a little darker than the template's.
      await expectLine(image, { text: label, font: fontOf(layout, 14), x, y }, 'scale bar', 64);
    },
  );

  it("works out metres per pixel as MapLibre's own scale on the screen does", async () => {
    const scale = await page.$eval('.maplibregl-ctrl-scale', (e: HTMLElement) => ({
      text: e.textContent!,
      width: Number.parseFloat(e.style.width),
    }));
    const [, number, unit] = /^([\d.]+)\s(km|m)$/.exec(scale.text)!;
    const metres = Number(number) * (unit === 'km' ? 1000 : 1);
    const ours = metresPerPixel(probe.camera.lat, probe.camera.zoom);
    // MapLibre measures on a sphere of the mean radius (0.1 % smaller); the URL's zoom is rounded (0.35 %).
    expect(Math.abs(metres / scale.width / ours - 1)).toBeLessThan(0.01);
  });

  it.each(SIZES)('%s: a title naming the indicator, the territory and the period', async (size, width, height) => {
    const { png, image } = await exported(size);
    const layout = imageLayout(width, height, legend.length - 1);
    const { title } = layout;
    const bold = fontOf(layout, 26, 'bold');
    await expectLine(
      image,
      { text: pngTexts(png).Title!, font: bold, x: title.x, y: title.y, maxWidth: title.width },
      'title',
    );
    const subtitle = (territory: string, period: string): CanvasLine => ({
      text: `${territory} · ${shown.periodLabel}: ${period}`,
      font: fontOf(layout, 17),
      x: title.x,
      y: title.y + 32 * layout.unit,
      maxWidth: title.width,
    });
    await expectLine(image, subtitle(shown.territory, shown.period), 'subtitle');
    // The comparison tells lines apart: another territory, or a period that differs by its version number
    // only, does not pass for the one drawn.
    await expectNotLine(image, subtitle(shown.otherTerritory, shown.period), 'another territory');
    await expectNotLine(image, subtitle(shown.territory, shown.neighbourPeriod), 'another period');
  });

  it.each(SIZES)(
    '%s: a footer listing the sources and licences the legend lists, and the link',
    async (size, width, height) => {
      const { image } = await exported(size);
      const layout = imageLayout(width, height, legend.length - 1);
      const { footer, unit } = layout;
      const heading = { text: shown.sourcesHeading, font: fontOf(layout, 13, 'bold'), x: footer.x, y: footer.y };
      await expectLine(image, heading, 'sources heading');
      const font = fontOf(layout, 12);
      // Each source starts a line below the one before: a long one wraps onto more lines.
      let next = 0;
      for (const source of shown.sources) {
        const text = await firstLineOf(page, source, font, footer.width);
        const at = (k: number): CanvasLine => ({ text, font, x: footer.x, y: footer.y + 18 * unit + k * 15 * unit });
        const results = await Promise.all([0, 1, 2].map((k) => compareLine(page, image, at(next + k))));
        const k = results.findIndex((r) => r.ink > 20 && r.differing <= 2);
        expect(k, `"${text}" on one of the footer's lines from line ${next}`).toBeGreaterThanOrEqual(0);
        next += k + 1;
      }
      const link = {
        text: page.url(),
        font,
        x: footer.x,
        y: footer.y + footer.height - 18 * unit,
        maxWidth: footer.width,
      };
      await expectLine(image, link, 'permalink');
    },
  );

  it('leaves the page as it was, without console errors', async () => {
    expect(await page.locator('#image-status').innerText()).toBe('Image saved.');
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(errors).toEqual([]);
  });
});
