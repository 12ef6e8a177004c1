import type { Indicator, Source } from '../api.ts';
import type { Choropleth } from '../choropleth.ts';
import { classRanges, formatNumber, periodLabel } from '../format.ts';
import { drawImage, type ImageContent } from '../image-export.ts';
import { IMAGE_SIZES, type ImageSize } from '../image-layout.ts';
import { pick, t, type Lang } from '../i18n/index.ts';
import type { AtlasMap } from '../map/atlas-map.ts';
import { NO_DATA_COLOUR } from '../palettes.ts';
import type { AtlasState, Camera } from '../state.ts';
import { el } from './dom.ts';

/** Buttons that save the current view as a PNG at screen size, 1920 × 1080 or A4 landscape at 300 dpi. */
export function renderImagePanel(container: HTMLElement, lang: Lang, save: (size: ImageSize) => Promise<void>): void {
  const status = el('p', { id: 'image-status', role: 'status', class: 'note' });
  const buttons = (Object.keys(IMAGE_SIZES) as ImageSize[]).map((size) => {
    const button = el('button', { type: 'button', id: `image-${size}` }, t(lang, `image.${size}`));
    button.addEventListener('click', async () => {
      for (const b of buttons) b.disabled = true;
      status.textContent = t(lang, 'image.busy');
      try {
        await save(size);
        status.textContent = t(lang, 'image.done');
      } catch (error) {
        status.textContent = t(lang, 'image.failed', { message: (error as Error).message });
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    });
    return button;
  });
  container.replaceChildren(
    el('h2', {}, t(lang, 'image.heading')),
    el('p', { class: 'image-buttons' }, ...buttons),
    status,
  );
}

/** What the image says beside the map: the legend's classes, colours and sources as the page shows them. */
export function imageContent(
  shown: {
    state: AtlasState;
    choropleth: Choropleth;
    indicator: Indicator;
    territoryName: string;
    sources: Map<string, Source>;
  },
  permalink: string,
  camera: Camera,
): ImageContent {
  const {
    state: { lang, period },
    choropleth,
    indicator,
  } = shown;
  const unit = pick(indicator.units, lang);
  const periodText = period ? periodLabel(indicator, period, lang) : t(lang, 'controls.period.latest');
  const count = (n: number) => t(lang, 'legend.count', { count: formatNumber(n, 0, lang) });
  return {
    title: pick(indicator.titles, lang) + (unit ? ` (${unit})` : ''),
    subtitle: `${shown.territoryName} · ${t(lang, 'controls.period')}: ${periodText}`,
    legendTitle: t(lang, 'legend.heading'),
    rows: [
      ...classRanges(choropleth.limits, indicator.decimals, lang).map((label, i) => ({
        colour: choropleth.colours[i]!,
        label,
        count: count(choropleth.counts[i]!),
      })),
      { colour: `rgb(${NO_DATA_COLOUR.join(',')})`, label: t(lang, 'legend.noData'), count: count(choropleth.noData) },
    ],
    note: pick(indicator.descriptions, lang),
    sourcesHeading: t(lang, 'legend.sources'),
    sources: choropleth.sources
      .map((id) => shown.sources.get(id))
      .filter((s) => s !== undefined)
      .map(
        (s) =>
          `${pick(s.titles, lang)}, ${s.publisher}, ${s.vintage}. ${t(lang, 'legend.licence')}: ${s.licence.name}.`,
      ),
    permalink,
    camera,
  };
}

/** The image's file name: the territory, indicator and size, so several saved images stay apart. */
export const imageFileName = (state: AtlasState, size: ImageSize) =>
  `atlas-${state.territory}-${state.indicator}-${size}.png`;

/** Draws the image at the size chosen (the screen's, in device pixels, or a fixed one) and downloads it. */
export async function downloadImage(
  map: AtlasMap,
  mapElement: HTMLElement,
  size: ImageSize,
  content: ImageContent,
  fileName: string,
): Promise<void> {
  const fixed = IMAGE_SIZES[size];
  const width = fixed?.width ?? Math.round(innerWidth * devicePixelRatio);
  const height = fixed?.height ?? Math.round(innerHeight * devicePixelRatio);
  const blob = await drawImage(map, mapElement, width, height, content);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  // Not revoked at once: a browser may start reading the blob only after click() has returned.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
