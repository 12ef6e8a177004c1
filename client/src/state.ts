import { COMMUNE_ID_PATTERN } from '../../vocabulary/commune-ids.ts';
import { isLanguage } from '../../vocabulary/languages.ts';
import type { Lang } from './i18n/index.ts';
import { isMethod, MAX_CLASSES, MIN_CLASSES, type Method } from './classify.ts';
import { isPalette, type PaletteId } from './palettes.ts';
import { FLOW_KINDS, type FlowKind } from '../../vocabulary/flow-kinds.ts';
import type { ViewParam } from '../../vocabulary/view-params.ts';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../../vocabulary/service-categories.ts';

export { FLOW_KINDS, SERVICE_CATEGORIES, type FlowKind, type ServiceCategory };

/**
 * Layers the planner can switch on and off; all but the initiatives and the flows are drawn by default. Each is
 * named after the collection it draws (/ogc/collections/{id}); the labels write the communes' names.
 */
export const LAYER_IDS = [
  'communes',
  'territories',
  'rail-lines',
  'rail-stations',
  'services',
  'initiatives',
  'flows',
  'labels',
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** The ids the rail layers had before they took their collection's: links and slides saved then still use them. */
const FORMER_LAYER_IDS = new Map<string, LayerId>([
  ['rail', 'rail-lines'],
  ['stations', 'rail-stations'],
]);

/** Flows across a border, within one country, or both. */
export const FLOW_DIRECTIONS = ['all', 'cross-border', 'domestic'] as const;
export type FlowDirection = (typeof FLOW_DIRECTIONS)[number];

export interface FlowFilter {
  kinds: FlowKind[];
  direction: FlowDirection;
  /** Flows of fewer people are hidden from the map and left out of the totals. */
  min: number;
}

export interface Camera {
  lon: number;
  lat: number;
  zoom: number;
}

/** The whole view: everything a shared link must restore. */
export interface AtlasState {
  lang: Lang;
  territory: string;
  indicator: string;
  /** A period id of the indicator, or null for each commune's latest value. */
  period: string | null;
  method: Method;
  classes: number;
  /** Which communes the classes are computed over: every commune of the atlas, or the territory's. */
  scope: ClassScope;
  /** Inner class limits for the manual method, increasing. */
  breaks: number[];
  palette: PaletteId;
  layers: LayerId[];
  categories: ServiceCategory[];
  flows: FlowFilter;
  /** null: fit the territory. */
  camera: Camera | null;
  commune: string | null;
  view: 'map' | 'table';
}

/** What the URL may name: ids the atlas knows, so a stale or edited link falls back to defaults. */
export interface Known {
  territories: string[];
  indicators: { id: string; periods: string[] }[];
}

export const CLASS_SCOPES = ['atlas', 'territory'] as const;
export type ClassScope = (typeof CLASS_SCOPES)[number];

export const DEFAULT_TERRITORY = 'cc-brianconnais';
export const DEFAULT_INDICATOR = 'population-density';

export function defaultState(lang: Lang): AtlasState {
  return {
    lang,
    territory: DEFAULT_TERRITORY,
    indicator: DEFAULT_INDICATOR,
    period: null,
    method: 'quantile',
    classes: 5,
    scope: 'atlas',
    breaks: [],
    palette: 'YlGnBu',
    layers: LAYER_IDS.filter((id) => id !== 'flows' && id !== 'initiatives'),
    categories: [...SERVICE_CATEGORIES],
    flows: { kinds: [...FLOW_KINDS], direction: 'all', min: 0 },
    camera: null,
    commune: null,
    view: 'map',
  };
}

/** Camera precision in the URL: 4 decimals of a degree (about 10 m) and 2 of a zoom level. */
const formatCamera = ({ lon, lat, zoom }: Camera) => `${zoom.toFixed(2)}/${lat.toFixed(4)}/${lon.toFixed(4)}`;

/** The state as query parameters, leaving out what equals the default so links stay short. */
export function encodeState(state: AtlasState, defaults: AtlasState): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: ViewParam, value: string, fallback: string) => {
    if (value !== fallback) params.set(name, value);
  };
  params.set('lang', state.lang);
  set('territory', state.territory, defaults.territory);
  set('indicator', state.indicator, defaults.indicator);
  set('period', state.period ?? '', defaults.period ?? '');
  set('method', state.method, defaults.method);
  set('classes', String(state.classes), String(defaults.classes));
  set('scope', state.scope, defaults.scope);
  if (state.method === 'manual') set('breaks', state.breaks.join(';'), '');
  set('palette', state.palette, defaults.palette);
  set('layers', state.layers.join(','), defaults.layers.join(','));
  set('services', state.categories.join(','), defaults.categories.join(','));
  set('flowkind', state.flows.kinds.join(','), defaults.flows.kinds.join(','));
  set('flowdir', state.flows.direction, defaults.flows.direction);
  set('flowmin', String(state.flows.min), String(defaults.flows.min));
  if (state.camera) params.set('at', formatCamera(state.camera));
  if (state.commune) params.set('commune', state.commune);
  set('view', state.view, defaults.view);
  return params;
}

/** Reads a view from query parameters; anything missing, unknown or malformed keeps its default. */
export function decodeState(params: URLSearchParams, defaults: AtlasState, known: Known): AtlasState {
  const state = { ...defaults };
  const lang = params.get('lang');
  if (isLanguage(lang)) state.lang = lang;
  const territory = params.get('territory');
  if (territory && known.territories.includes(territory)) state.territory = territory;
  const indicator = known.indicators.find((i) => i.id === params.get('indicator'));
  if (indicator) state.indicator = indicator.id;
  const period = params.get('period');
  const periods = known.indicators.find((i) => i.id === state.indicator)?.periods ?? [];
  if (period && periods.includes(period)) state.period = period;
  const method = params.get('method');
  if (isMethod(method)) state.method = method;
  const classes = Number(params.get('classes'));
  if (Number.isInteger(classes) && classes >= MIN_CLASSES && classes <= MAX_CLASSES) state.classes = classes;
  const scope = params.get('scope');
  if ((CLASS_SCOPES as readonly (string | null)[]).includes(scope)) state.scope = scope as ClassScope;
  const breaks = parseBreaks(params.get('breaks') ?? '');
  if (breaks) state.breaks = breaks;
  const palette = params.get('palette');
  if (isPalette(palette)) state.palette = palette;
  const layers = params.get('layers');
  if (layers !== null) {
    const current = layers
      .split(',')
      .map((id) => FORMER_LAYER_IDS.get(id) ?? id)
      .join(',');
    state.layers = listOf(current, LAYER_IDS, defaults.layers);
  }
  const categories = params.get('services');
  if (categories !== null) state.categories = listOf(categories, SERVICE_CATEGORIES, defaults.categories);
  state.flows = decodeFlowFilter(params, defaults.flows);
  state.camera = parseCamera(params.get('at'));
  state.commune = new RegExp(COMMUNE_ID_PATTERN).test(params.get('commune') ?? '') ? params.get('commune') : null;
  if (params.get('view') === 'table') state.view = 'table';
  return state;
}

/**
 * "10; 50 100" → [10, 50, 100]: numbers separated by semicolons or spaces, with a decimal point or a
 * decimal comma ("2,5" is 2.5, as four of the five languages write it). Null unless every part is a
 * number, they strictly increase, and they make at most nine classes.
 */
export function parseBreaks(text: string): number[] | null {
  const parts = text.trim().split(/\s*;\s*|\s+/);
  if (parts.length === 0 || parts[0] === '') return null;
  if (parts.length > MAX_CLASSES - 1) return null;
  const values = parts.map((part) => (/^-?\d+([.,]\d+)?$/.test(part) ? Number(part.replace(',', '.')) : NaN));
  if (values.some((v) => !Number.isFinite(v))) return null;
  return values.every((v, i) => i === 0 || v > values[i - 1]!) ? values : null;
}

function decodeFlowFilter(params: URLSearchParams, defaults: FlowFilter): FlowFilter {
  const kinds = params.get('flowkind');
  const direction = params.get('flowdir');
  const min = params.get('flowmin');
  return {
    kinds: kinds === null ? defaults.kinds : listOf(kinds, FLOW_KINDS, defaults.kinds),
    direction: (FLOW_DIRECTIONS as readonly string[]).includes(direction ?? '')
      ? (direction as FlowDirection)
      : defaults.direction,
    min: min !== null && /^\d{1,9}(\.\d+)?$/.test(min) ? Number(min) : defaults.min,
  };
}

function parseCamera(text: string | null): Camera | null {
  const match = /^(\d{1,2}(?:\.\d+)?)\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/.exec(text ?? '');
  if (!match) return null;
  const [zoom, lat, lon] = match.slice(1).map(Number) as [number, number, number];
  if (zoom > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null;
  return { lon, lat, zoom };
}

/**
 * The known members of a comma-separated list, in their canonical order. An empty list means none;
 * a list naming nothing known is malformed and keeps the default.
 */
function listOf<T extends string>(text: string, all: readonly T[], fallback: T[]): T[] {
  const named = new Set(text.split(','));
  const known = all.filter((id) => named.has(id));
  return known.length === 0 && text !== '' ? fallback : known;
}
