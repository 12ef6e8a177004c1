/**
 * The layout of an exported image (pure, tested in Node): title band, map, legend column and footer,
 * scaled to the image so an A4 print at 300 dpi reads like the screen. Sizes in image pixels.
 * Its PNG text chunks stay ours: PNG libraries re-encode the pixels or write Latin-1 tEXt, not UTF-8 iTXt.
 */

export const IMAGE_SIZES = {
  screen: null,
  hd: { width: 1920, height: 1080 },
  a4: { width: 3508, height: 2480 },
} as const;
export type ImageSize = keyof typeof IMAGE_SIZES;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ImageLayout {
  width: number;
  height: number;
  /** One unit of type and spacing: 1 at 1400 pixels wide. */
  unit: number;
  title: Rect;
  map: Rect;
  legend: Rect;
  footer: Rect;
  /** The swatches of the legend's classes (the "no data" class last), in order. */
  swatches: Rect[];
}

/** Rows of the legend's classes start below its title and note; each row is one swatch and its range. */
export function imageLayout(width: number, height: number, classCount: number): ImageLayout {
  const unit = width / 1400;
  const pad = Math.round(16 * unit);
  const titleHeight = Math.round(56 * unit);
  const footerHeight = Math.round(110 * unit);
  const legendWidth = Math.round(380 * unit);
  const title = { x: pad, y: pad, width: width - 2 * pad, height: titleHeight };
  const top = title.y + titleHeight + pad;
  const footer = { x: pad, y: height - footerHeight - pad, width: width - 2 * pad, height: footerHeight };
  const map = { x: pad, y: top, width: width - legendWidth - 3 * pad, height: footer.y - pad - top };
  const legend = { x: map.x + map.width + pad, y: top, width: legendWidth, height: map.height };
  const row = Math.round(30 * unit);
  const swatchTop = legend.y + Math.round(90 * unit);
  const swatches = Array.from({ length: classCount + 1 }, (_, i) => ({
    x: legend.x,
    y: swatchTop + i * row,
    width: Math.round(36 * unit),
    height: Math.round(22 * unit),
  }));
  return { width, height, unit, title, map, legend, footer, swatches };
}

/** The largest rectangle of the given aspect ratio centred in an area: the map keeps the screen's proportions. */
export function fitRect(area: Rect, aspect: number): Rect {
  const width = Math.min(area.width, area.height * aspect);
  const height = width / aspect;
  return { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
}

/** A scale bar of a round length (1, 2 or 5 × 10^n metres) at most `maxPixels` long, for metres per pixel. */
export function scaleBar(metresPerPixel: number, maxPixels: number): { metres: number; pixels: number; label: string } {
  const most = metresPerPixel * maxPixels;
  const power = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((k) => k * power).find((m) => m <= most)!;
  return { metres, pixels: metres / metresPerPixel, label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m` };
}

/** Metres per CSS pixel of a Web Mercator map (512-pixel tiles) at a latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Adds iTXt chunks (UTF-8 text: title, legend, sources, permalink) after a PNG's header chunk, so the
 * image carries its own description and a reader can check the legend without reading pixels.
 */
export function withPngText(png: Uint8Array, texts: Record<string, string>): Uint8Array {
  const encoder = new TextEncoder();
  const headerEnd = 8 + 8 + 13 + 4;
  const chunks = Object.entries(texts).map(([keyword, text]) => {
    const data = new Uint8Array([...encoder.encode(keyword), 0, 0, 0, 0, 0, ...encoder.encode(text)]);
    const typeAndData = new Uint8Array([...encoder.encode('iTXt'), ...data]);
    const chunk = new Uint8Array(12 + data.length);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, data.length);
    chunk.set(typeAndData, 4);
    view.setUint32(8 + data.length, crc32(typeAndData));
    return chunk;
  });
  const total = png.length + chunks.reduce((sum, c) => sum + c.length, 0);
  const out = new Uint8Array(total);
  out.set(png.subarray(0, headerEnd), 0);
  let at = headerEnd;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  out.set(png.subarray(headerEnd), at);
  return out;
}
