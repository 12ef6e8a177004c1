import {
  fitRect,
  imageLayout,
  metresPerPixel,
  scaleBar,
  withPngText,
  type ImageLayout,
  type Rect,
} from './image-layout.ts';
import type { AtlasMap } from './map/atlas-map.ts';
import type { Camera } from './state.ts';

/** What the image says beside the map: the same legend and sources as the page shows. */
export interface ImageContent {
  title: string;
  subtitle: string;
  legendTitle: string;
  /** The classes as the legend lists them, "no data" last. */
  rows: { colour: string; label: string; count: string }[];
  note: string;
  /** One line per source: title, publisher, vintage, licence. */
  sources: string[];
  sourcesHeading: string;
  permalink: string;
  camera: Camera;
}

const FONT = "'DejaVu Sans', system-ui, sans-serif";

/**
 * A PNG of the current view at width × height: the map drawn again at the image's resolution (same
 * camera, classes and colours), with title, legend, scale bar, north arrow, sources and the permalink.
 * The legend and sources also travel as PNG text, for readers and tests.
 */
export async function drawImage(
  map: AtlasMap,
  mapElement: HTMLElement,
  width: number,
  height: number,
  content: ImageContent,
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const layout = imageLayout(width, height, content.rows.length - 1);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const box = mapElement.getBoundingClientRect();
  const area = fitRect(layout.map, box.width / box.height);
  const ratio = area.width / box.width;
  await map.capture(ratio, (canvases) => {
    for (const c of canvases) ctx.drawImage(c, area.x, area.y, area.width, area.height);
  });
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = Math.max(1, layout.unit);
  ctx.strokeRect(area.x, area.y, area.width, area.height);

  drawTitle(ctx, layout, content);
  drawLegend(ctx, layout, content);
  drawScaleAndNorth(ctx, layout, area, content.camera, ratio);
  drawFooter(ctx, layout, content);

  const png = new Uint8Array(
    await (
      await new Promise<Blob>((resolve, reject) =>
        canvas.toBlob(
          (blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the image'))),
          'image/png',
        ),
      )
    ).arrayBuffer(),
  );
  const legendText = [content.legendTitle, ...content.rows.map((r) => `${r.label}: ${r.count}`)].join('\n');
  return new Blob(
    [
      withPngText(png, {
        Title: content.title,
        Description: legendText,
        Source: content.sources.join('\n'),
        URL: content.permalink,
      }) as BlobPart,
    ],
    { type: 'image/png' },
  );
}

function text(ctx: CanvasRenderingContext2D, layout: ImageLayout, size: number, weight = 'normal'): void {
  ctx.font = `${weight} ${Math.round(size * layout.unit)}px ${FONT}`;
  ctx.fillStyle = '#000000';
  ctx.textBaseline = 'top';
}

/** Writes words within a width, line under line; returns the y below the last line. */
function wrap(
  ctx: CanvasRenderingContext2D,
  words: string,
  x: number,
  y: number,
  width: number,
  lineHeight: number,
  maxY = Infinity,
): number {
  let line = '';
  for (const word of words.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) {
      if (y + lineHeight > maxY) return y;
      ctx.fillText(line, x, y);
      y += lineHeight;
      line = word;
    } else line = next;
  }
  if (line && y + lineHeight <= maxY) {
    ctx.fillText(line, x, y);
    y += lineHeight;
  }
  return y;
}

function drawTitle(ctx: CanvasRenderingContext2D, layout: ImageLayout, content: ImageContent): void {
  const { title } = layout;
  text(ctx, layout, 26, 'bold');
  ctx.fillText(content.title, title.x, title.y, title.width);
  text(ctx, layout, 17);
  ctx.fillText(content.subtitle, title.x, title.y + 32 * layout.unit, title.width);
}

function drawLegend(ctx: CanvasRenderingContext2D, layout: ImageLayout, content: ImageContent): void {
  const { legend, unit } = layout;
  text(ctx, layout, 17, 'bold');
  wrap(ctx, content.legendTitle, legend.x, legend.y, legend.width, 22 * unit, legend.y + 88 * unit);
  content.rows.forEach((row, i) => {
    const swatch = layout.swatches[i]!;
    ctx.fillStyle = row.colour;
    ctx.fillRect(swatch.x, swatch.y, swatch.width, swatch.height);
    ctx.strokeStyle = '#000000';
    ctx.lineWidth = Math.max(1, unit);
    ctx.strokeRect(swatch.x, swatch.y, swatch.width, swatch.height);
    text(ctx, layout, 15);
    ctx.fillText(row.label, swatch.x + swatch.width + 10 * unit, swatch.y + 3 * unit);
    ctx.textAlign = 'right';
    ctx.fillText(row.count, legend.x + legend.width, swatch.y + 3 * unit);
    ctx.textAlign = 'left';
  });
  const last = layout.swatches[layout.swatches.length - 1]!;
  text(ctx, layout, 13);
  wrap(
    ctx,
    content.note,
    legend.x,
    last.y + last.height + 16 * unit,
    legend.width,
    17 * unit,
    legend.y + legend.height,
  );
}

function drawScaleAndNorth(
  ctx: CanvasRenderingContext2D,
  layout: ImageLayout,
  area: Rect,
  camera: Camera,
  ratio: number,
): void {
  const { unit } = layout;
  const bar = scaleBar(metresPerPixel(camera.lat, camera.zoom) / ratio, area.width / 4);
  const x = area.x + 14 * unit;
  const y = area.y + area.height - 30 * unit;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(x - 6 * unit, y - 22 * unit, bar.pixels + 12 * unit, 40 * unit);
  ctx.fillStyle = '#000000';
  ctx.fillRect(x, y, bar.pixels, 5 * unit);
  text(ctx, layout, 14);
  ctx.fillText(bar.label, x, y - 19 * unit);
  // The map never rotates: north is up.
  const nx = area.x + area.width - 34 * unit;
  const ny = area.y + 16 * unit;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(nx - 14 * unit, ny - 4 * unit, 28 * unit, 58 * unit);
  ctx.fillStyle = '#000000';
  ctx.beginPath();
  ctx.moveTo(nx, ny + 18 * unit);
  ctx.lineTo(nx - 9 * unit, ny + 44 * unit);
  ctx.lineTo(nx, ny + 37 * unit);
  ctx.lineTo(nx + 9 * unit, ny + 44 * unit);
  ctx.closePath();
  ctx.fill();
  text(ctx, layout, 15, 'bold');
  ctx.textAlign = 'center';
  ctx.fillText('N', nx, ny);
  ctx.textAlign = 'left';
}

function drawFooter(ctx: CanvasRenderingContext2D, layout: ImageLayout, content: ImageContent): void {
  const { footer, unit } = layout;
  text(ctx, layout, 13, 'bold');
  ctx.fillText(content.sourcesHeading, footer.x, footer.y);
  text(ctx, layout, 12);
  const bottom = footer.y + footer.height - 18 * unit;
  let y = footer.y + 18 * unit;
  for (const line of content.sources) y = wrap(ctx, line, footer.x, y, footer.width, 15 * unit, bottom);
  ctx.fillText(content.permalink, footer.x, bottom, footer.width);
}
