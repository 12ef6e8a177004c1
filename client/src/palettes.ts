import type { ServiceCategory } from '../../vocabulary/service-categories.ts';
import {
  interpolateViridis,
  schemeBlues,
  schemeBrBG,
  schemePuOr,
  schemeRdBu,
  schemeYlGnBu,
  schemeYlOrRd,
} from 'd3-scale-chromatic';

/**
 * Colour schemes readable with the common colour-vision deficiencies: ColorBrewer schemes marked
 * colour-blind safe, and viridis. Diverging schemes suit values on both sides of a meaningful middle.
 */
const SCHEMES = {
  YlGnBu: { kind: 'sequential', colours: (k: number) => schemeYlGnBu[k]! },
  Blues: { kind: 'sequential', colours: (k: number) => schemeBlues[k]! },
  YlOrRd: { kind: 'sequential', colours: (k: number) => schemeYlOrRd[k]! },
  viridis: {
    kind: 'sequential',
    colours: (k: number) => Array.from({ length: k }, (_, i) => interpolateViridis(i / (k - 1))),
  },
  PuOr: { kind: 'diverging', colours: (k: number) => schemePuOr[k]! },
  BrBG: { kind: 'diverging', colours: (k: number) => schemeBrBG[k]! },
  RdBu: { kind: 'diverging', colours: (k: number) => schemeRdBu[k]! },
} as const;

export type PaletteId = keyof typeof SCHEMES;
export type Rgb = [number, number, number];

export const PALETTES = Object.keys(SCHEMES) as PaletteId[];

/** Choropleth opacity (of 255): slightly translucent, so the basemap's rivers and borders stay readable. */
export const FILL_ALPHA = 215;

/** Missing values: a neutral grey no scheme uses, so "no data" never reads as a low value. */
export const NO_DATA_COLOUR: Rgb = [190, 190, 190];

/** Flows: across a border in a strong orange that stands out on every class colour; within a country in slate. */
export const FLOW_COLOURS: { crossBorder: Rgb; domestic: Rgb } = {
  crossBorder: [230, 85, 13],
  domestic: [60, 80, 110],
};

/** Services: one colour per category; drawn with a white ring so both read on every class colour. */
export const CATEGORY_COLOURS: Record<ServiceCategory, Rgb> = {
  hospital: [200, 30, 45],
  'health-facility': [235, 120, 130],
  'france-services': [30, 70, 160],
  'health-centre': [150, 20, 110],
  welcome: [0, 130, 100],
  'language-course': [125, 85, 10],
  employment: [225, 150, 0],
  'social-services': [95, 60, 165],
  other: [90, 90, 90],
};

/** The projects' initiatives: a violet no class scheme or service category uses. */
export const INITIATIVE_COLOUR: Rgb = [150, 60, 190];

export function isPalette(value: unknown): value is PaletteId {
  return typeof value === 'string' && Object.hasOwn(SCHEMES, value);
}

export function paletteKind(id: PaletteId): 'sequential' | 'diverging' {
  return SCHEMES[id].kind;
}

/** k colours from light to dark (or from one end to the other of a diverging scheme), k from 2 to 9. */
export function paletteColours(id: PaletteId, k: number): string[] {
  // ColorBrewer schemes start at three colours; two classes take the ends of the three.
  if (k === 2) return [SCHEMES[id].colours(3)[0]!, SCHEMES[id].colours(3)[2]!];
  if (k === 1) return [SCHEMES[id].colours(3)[1]!];
  return [...SCHEMES[id].colours(k)];
}

/** [r, g, b] as a CSS colour, for MapLibre's style and the page. */
export function css(rgb: Rgb): string {
  return `rgb(${rgb.join(',')})`;
}

/** "#a1b2c3" as numbers. */
export function toRgb(colour: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!hex) throw new Error(`not a #rrggbb colour: ${colour}`);
  return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)];
}
