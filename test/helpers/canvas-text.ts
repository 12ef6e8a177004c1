import type { Page } from 'playwright-core';
import { decodePng, type Image } from './browser.ts';

/** A line of text as a canvas draws it: its words, CSS font, top-left corner and the width it may not exceed. */
export interface CanvasLine {
  text: string;
  font: string;
  x: number;
  y: number;
  maxWidth?: number;
}

/**
 * Blank pixels kept left and right of the line (anti-aliasing spills a pixel past the glyphs' box), but not above
 * or below it, where the lines before and after it come close.
 */
const MARGIN = 2;

/**
 * Whether an image shows a line of text at a place, read back from its pixels: the page draws the expected line
 * again, with the same font, baseline and sub-pixel position, on white, and the two are compared pixel by pixel
 * over the line's box. A canvas keeps no text to read back; the same browser draws the same words into the same
 * pixels (none differs, in this suite), and other words into others: a cedilla left out of a 40-letter line
 * changes 11 pixels, another version number in it over a hundred. Returns how many pixels of the box differ by more
 * than `tolerance` in a channel, and how many are ink in the line drawn again (a blank box proves nothing).
 */
export async function compareLine(
  page: Page,
  image: Image,
  line: CanvasLine,
  tolerance = 40,
): Promise<{ differing: number; ink: number; width: number }> {
  const drawn = await page.evaluate(
    ({ line, margin }) => {
      const canvas = document.createElement('canvas');
      const probe = canvas.getContext('2d')!;
      probe.font = line.font;
      probe.textBaseline = 'top';
      // The box of the glyphs themselves, not of the line: the line above or below stays out of it.
      const metrics = probe.measureText(line.text);
      const above = Math.max(0, Math.ceil(metrics.actualBoundingBoxAscent));
      const width = Math.min(metrics.width, line.maxWidth ?? Infinity);
      canvas.width = Math.ceil(width) + 2 * margin;
      canvas.height = above + Math.ceil((line.y % 1) + metrics.actualBoundingBoxDescent);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.font = line.font;
      ctx.fillStyle = '#000000';
      ctx.textBaseline = 'top';
      // The same fractions of a pixel as in the image: glyphs are anti-aliased by where they fall in a pixel.
      ctx.fillText(line.text, margin + (line.x % 1), above + (line.y % 1), line.maxWidth);
      return { png: canvas.toDataURL('image/png'), above };
    },
    { line, margin: MARGIN },
  );
  const template = decodePng(Buffer.from(drawn.png.split(',')[1]!, 'base64'));
  const left = Math.floor(line.x) - MARGIN;
  const top = Math.floor(line.y) - drawn.above;
  let differing = 0;
  let ink = 0;
  for (let y = 0; y < template.height; y++) {
    for (let x = 0; x < template.width; x++) {
      const t = (y * template.width + x) * 4;
      const i = ((top + y) * image.width + left + x) * 4;
      if (template.rgba[t]! < 128) ink++;
      for (let c = 0; c < 3; c++) {
        if (Math.abs(template.rgba[t + c]! - image.rgba[i + c]!) > tolerance) {
          differing++;
          break;
        }
      }
    }
  }
  return { differing, ink, width: template.width - 2 * MARGIN };
}

/**
 * The words of `text` from the start that fit in `width` with `font`, as a canvas line breaks them: where an
 * image wraps a long line, its first line is this.
 */
export async function firstLineOf(page: Page, text: string, font: string, width: number): Promise<string> {
  return page.evaluate(
    ({ text, font, width }) => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = font;
      const words = text.split(' ');
      let line = words[0]!;
      for (const word of words.slice(1)) {
        if (ctx.measureText(`${line} ${word}`).width > width) break;
        line = `${line} ${word}`;
      }
      return line;
    },
    { text, font, width },
  );
}
