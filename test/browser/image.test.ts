import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitRect, imageLayout } from '../../client/src/image-layout.ts';
import { collectErrors, decodePng, useBrowser, waitForMap, type Image, type Rgb } from '../helpers/browser.ts';

const harness = useBrowser();
let page: Page;
let errors: string[];
/** The legend as the page shows it: each class's colour, range and count, "no data" last. */
let legend: { colour: Rgb; label: string; count: string }[];

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

async function exportImage(size: string): Promise<{ png: Buffer; image: Image }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.click(`#image-${size}`),
  ]);
  const png = readFileSync((await download.path())!);
  return { png, image: decodePng(png) };
}

const pixel = (image: Image, x: number, y: number): Rgb => {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.rgba[i]!, image.rgba[i + 1]!, image.rgba[i + 2]!];
};

beforeAll(async () => {
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${harness.baseUrl}/?lang=en`);
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
});

describe('saving the view as a PNG', () => {
  it.each([
    ['hd', 1920, 1080],
    ['a4', 3508, 2480],
    ['screen', 1400, 900],
  ] as const)(
    '%s: %i × %i, with the legend of the screen, class by class',
    async (size, width, height) => {
      const { png, image } = await exportImage(size);
      expect([image.width, image.height]).toEqual([width, height]);
      const texts = pngTexts(png);
      expect(texts.Description!.split('\n')).toEqual(['Legend', ...legend.map((row) => `${row.label}: ${row.count}`)]);
      expect(texts.Title).toBe('Population density (inhabitants per km²)');
      expect(texts.URL).toBe(page.url());
      expect(texts.Source).toMatch(/Licence: /);
      // Each swatch in the image is the colour of its class on the screen.
      const layout = imageLayout(width, height, legend.length - 1);
      legend.forEach((row, i) => {
        const swatch = layout.swatches[i]!;
        const colour = pixel(image, swatch.x + swatch.width / 2, swatch.y + swatch.height / 2);
        expect(colour, row.label).toEqual(row.colour);
      });
      // The map was drawn into its area, in the screen map's proportions: most of it is not the page's white.
      const box = (await page.locator('#map').boundingBox())!;
      const area = fitRect(layout.map, box.width / box.height);
      let drawn = 0;
      let counted = 0;
      for (let y = area.y + area.height * 0.1; y < area.y + area.height * 0.9; y += area.height / 40) {
        for (let x = area.x + area.width * 0.1; x < area.x + area.width * 0.9; x += area.width / 40) {
          counted += 1;
          if (pixel(image, x, y).some((c) => c < 235)) drawn += 1;
        }
      }
      expect(drawn / counted).toBeGreaterThan(0.6);
    },
    180_000,
  );

  it('leaves the page as it was, without console errors', async () => {
    expect(await page.locator('#image-status').innerText()).toBe('Image saved.');
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
    expect(errors).toEqual([]);
  });
});
