/** The only module that knows the server's URLs. */

import type { FeatureCollection, Geometry } from 'geojson';

import type { ImportKind } from '../../vocabulary/import-kinds.ts';
import type { Language } from '../../vocabulary/languages.ts';
import type { OfficialSummary } from '../../vocabulary/official-variables.ts';
import type { FlowProperties } from './flows.ts';
import { staticFile } from './static-paths.ts';
import { exportsProfile } from '../../vocabulary/commune-ids.ts';
import { TILESETS } from '../../vocabulary/tiles.ts';
import type {
  CommuneRecord,
  ImportRecord,
  IndicatorRecord as Indicator,
  LayerRecord as Layer,
  PeriodRecord as Period,
  HospitalDefinition,
  RegionalAccess,
  SourceRecord as Source,
  ValueRecord,
  CommuneInitiativeRecord,
} from '../../vocabulary/api-records.ts';

export type {
  Layer,
  Source,
  Indicator,
  Period,
  HospitalDefinition,
  RegionalAccess,
  ImportKind,
  ImportRecord,
  FlowProperties,
  ValueRecord,
  CommuneRecord,
  CommuneInitiativeRecord,
};

export interface CommuneProperties {
  code: string;
  name: string;
  country: string;
  province_name: string;
  territories: string[];
  /** The point straight-line distances start from, always inside the commune: where its name is written. */
  ref_lon: number;
  ref_lat: number;
  /** How that point was chosen: centroid or point-on-surface. */
  ref_method: string;
  nuts3: string | null;
}
export interface TerritoryProperties {
  kind: string;
  name: string;
  country: string;
  communes: string[];
  source: string;
}
export interface RailLineProperties {
  name: string;
  schematic: boolean;
  source: string;
}
export interface RailStationProperties {
  name: string;
  country: string;
  source: string;
}
export interface ServiceProperties {
  name: string;
  category: string;
  city: string | null;
  source: string;
}
export interface InitiativeProperties {
  name: string;
  programme: string | null;
  project: string | null;
  kind: string;
  communes: string[];
  description_en: string | null;
  description_fr: string | null;
  description_it: string | null;
  description_de: string | null;
  description_sl: string | null;
  source: string;
}
export interface BasemapProperties {
  layer: 'land' | 'countries' | 'borders' | 'rivers' | 'lake-shores';
  name: string | null;
  source: string;
}

export type Collection<P> = FeatureCollection<Geometry, P>;

/** Every feature of a layer at once: the largest layer has a few hundred features. */
const WHOLE_LAYER = 10_000;

/** The page is a static export (`npm run pack`): it reads the export's files instead of asking the API. */
export function isStaticExport(): boolean {
  return typeof document !== 'undefined' && document.querySelector('meta[name="atlas-static-export"]') !== null;
}

/**
 * The address the page was served from, without its last slash: "https://maps.example.org/atlas" behind a reverse
 * proxy that serves the atlas under /atlas/, "http://localhost:3000" at the root.
 */
export const siteBase = () => new URL('.', document.baseURI).href.replace(/\/$/, '');

/** An API path ("/api/layers") under the page's base; as it is where there is no page (tests in Node). */
export const live = (url: string) => (typeof document === 'undefined' ? url : `${siteBase()}${url}`);

/**
 * A commune's printable profile, linking back to the dashboard's view `view` (its query string): the server's
 * page, or its file in a static export (which has no view to go back to but the commune's), where it has one.
 */
export function profileUrl(
  { code, territories }: { code: string; territories: string[] },
  lang: Language,
  view: string,
): string | null {
  if (isStaticExport()) return exportsProfile(territories) ? `profile/${code}.${lang}.html` : null;
  return `${siteBase()}/profile/${encodeURIComponent(code)}?${new URLSearchParams({ lang, view })}`;
}

/** Where the answer to an API URL is read: the API itself, or its file in a static export. */
export const source = (url: string) => (isStaticExport() ? staticFile(url) : live(url));

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(source(url));
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export const URLS = {
  layers: '/api/layers',
  sources: '/api/sources',
  indicators: '/api/indicators',
  basemap: '/api/basemap',
  context: '/api/context/healthcare-access',
  slides: '/api/slides',
  slidesExport: '/api/slides/export',
} as const;

export const fetchLayers = () => getJson<{ layers: Layer[] }>(URLS.layers).then((r) => r.layers);
export const fetchSources = () => getJson<{ sources: Source[] }>(URLS.sources).then((r) => r.sources);
export const fetchIndicators = () => getJson<{ indicators: Indicator[] }>(URLS.indicators).then((r) => r.indicators);
export const fetchBasemap = () => getJson<Collection<BasemapProperties>>(URLS.basemap);

/** Only the properties the map draws: indicator values come separately, per period. */
const MAP_PROPERTIES = {
  communes: 'code,name,country,province_name,territories,ref_lon,ref_lat,ref_method,nuts3',
  territories: 'kind,name,country,communes,source',
  'rail-lines': 'name,schematic,source',
  'rail-stations': 'name,country,source',
  services: 'name,category,city,source',
  initiatives:
    'name,programme,project,kind,communes,description_en,description_fr,description_it,description_de,' +
    'description_sl,source',
  flows:
    'kind,origin_code,origin_name,destination_code,destination_name,destination_country,' +
    'cross_border,period,value,source',
} as const;

/** Collections the map draws from vector tiles: the page reads their properties and boxes, not their geometry. */
const TILED: ReadonlySet<string> = new Set(Object.keys(TILESETS));

const collectionUrl = (id: keyof typeof MAP_PROPERTIES) =>
  `/ogc/collections/${id}/items?limit=${WHOLE_LAYER}&properties=${MAP_PROPERTIES[id]}` +
  `${TILED.has(id) ? '&skipGeometry=true' : ''}&f=json`;

function fetchCollection<P>(id: keyof typeof MAP_PROPERTIES): Promise<Collection<P>> {
  return getJson<Collection<P>>(collectionUrl(id));
}

export const fetchCommunes = () => fetchCollection<CommuneProperties>('communes');
export const fetchTerritories = () => fetchCollection<TerritoryProperties>('territories');
export const fetchRailLines = () => fetchCollection<RailLineProperties>('rail-lines');
export const fetchRailStations = () => fetchCollection<RailStationProperties>('rail-stations');
export const fetchServices = () => fetchCollection<ServiceProperties>('services');
export const fetchFlows = () => fetchCollection<FlowProperties>('flows');
export const fetchInitiatives = () => fetchCollection<InitiativeProperties>('initiatives');

/** Eurostat's share of people beyond 20 minutes' drive of healthcare, by NUTS 3 region and country. */
export const fetchHealthcareContext = () =>
  getJson<{ regions: RegionalAccess[]; hospitalDefinitions: HospitalDefinition[] }>(URLS.context);

/**
 * The planners' imports, and whether the server accepts new ones (it was started with a write token); null
 * where the server keeps no local database (an app built without one has no import routes).
 */
export async function fetchImports(): Promise<{ imports: ImportRecord[]; writable: boolean } | null> {
  if (isStaticExport()) return null;
  const response = await fetch(live('/api/imports'), { cache: 'no-store' });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`/api/imports answered ${response.status}`);
  return (await response.json()) as { imports: ImportRecord[]; writable: boolean };
}

/** The server's answer to a write: the import made, or the problems it found (each naming file, line and field). */
export type WriteResult<T> = { ok: true; value: T } | { ok: false; description: string; errors: string[] };

export async function writeResult<T>(response: Response, value: (body: unknown) => T): Promise<WriteResult<T>> {
  const body =
    response.status === 204
      ? null
      : ((await response.json().catch(() => null)) as { description?: string; errors?: string[] } | null);
  if (response.ok) return { ok: true, value: value(body) };
  return {
    ok: false,
    description: body?.description ?? `${response.status} ${response.statusText}`,
    errors: body?.errors ?? [],
  };
}

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  geojson: 'application/geo+json',
  json: 'application/json',
};

/** An import's answer: the import made; for an official file, also what was read (and no import when nothing new). */
export interface ImportAnswer {
  import: ImportRecord | null;
  summary?: OfficialSummary;
}

export async function uploadImport(kind: ImportKind, file: File, token: string): Promise<WriteResult<ImportAnswer>> {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  const response = await fetch(live(`/api/imports/${kind}?${new URLSearchParams({ name: file.name })}`), {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    },
    body: file,
  });
  return writeResult(response, (body) => body as ImportAnswer);
}

export async function removeImport(id: number, token: string): Promise<WriteResult<null>> {
  const response = await fetch(live(`/api/imports/${id}`), {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` },
  });
  return writeResult(response, () => null);
}

/** Values keyed by commune code: of one period, or each commune's latest when period is null. */
const valuesUrl = (indicator: string, period: string | null) =>
  `/api/indicators/${encodeURIComponent(indicator)}${period === null ? '' : `?period=${encodeURIComponent(period)}`}`;

export function fetchIndicatorValues(indicator: string, period: string | null): Promise<Map<string, ValueRecord>> {
  return getJson<{ values: Record<string, ValueRecord> }>(valuesUrl(indicator, period)).then(
    (r) => new Map(Object.entries(r.values)),
  );
}

const communeUrl = (code: string) => `/api/communes/${encodeURIComponent(code)}`;

/** What the commune panel shows of one commune: every indicator's values for it, and its territories' medians. */
export const fetchCommune = (code: string) => getJson<CommuneRecord>(communeUrl(code));

/**
 * The API URL of the commune layer as the map shows it: the territory's communes with the indicator's
 * value, period and source, for the chosen period.
 */
/** The formats the Download panel offers: the API's items formats other than HTML. */
export type DownloadFormat = 'json' | 'csv' | 'gpkg' | 'fgb';

export function communeLayerUrl(
  origin: string,
  territory: string,
  indicator: string,
  period: string | null,
  format: DownloadFormat,
): string {
  const property = indicator.replaceAll('-', '_');
  const params = new URLSearchParams({ territory });
  if (period !== null) params.set('period', period);
  params.set(
    'properties',
    ['code', 'name', 'country', 'province_name', property, `${property}_period`, `${property}_source`].join(','),
  );
  params.set('limit', String(WHOLE_LAYER));
  params.set('f', format);
  return `${origin}/ogc/collections/communes/items?${params}`;
}

/** The human-readable page of a source: publisher, licence, upstream. */
export const sourcePageUrl = (id: string) => source(`/api/sources/${encodeURIComponent(id)}`);

/**
 * Every URL the page may read, for the static export to save: the catalogue, the layers as the map asks
 * for them, each indicator's values for each period and for the latest, each source's record, each
 * commune's answer for the commune panel, the slides.
 */
export function pageDataUrls(
  indicators: { id: string; periods: { period: string }[] }[],
  sourceIds: string[],
  communeCodes: string[],
): string[] {
  return [
    ...Object.values(URLS),
    ...(Object.keys(MAP_PROPERTIES) as (keyof typeof MAP_PROPERTIES)[]).map(collectionUrl),
    ...indicators.flatMap((i) => [null, ...i.periods.map((p) => p.period)].map((period) => valuesUrl(i.id, period))),
    ...sourceIds.map((id) => `/api/sources/${encodeURIComponent(id)}`),
    ...communeCodes.map(communeUrl),
  ];
}
