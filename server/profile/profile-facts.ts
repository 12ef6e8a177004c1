import { distance } from '@turf/turf';
import type { AtlasData } from '../atlas-data.ts';
import { medianOf } from '../indicator-store.ts';
import type { Feature } from '../layers/feature.ts';
import type { IndicatorRecord } from '../../vocabulary/api-records.ts';

/** Services and stations "within reach": straight-line distance from the commune's reference point. */
export const REACH_KM = 25;
/** At most this many services of each category, nearest first. */
export const SERVICES_PER_CATEGORY = 3;

export interface IndicatorFacts {
  indicator: IndicatorRecord;
  /** Every period of the indicator, oldest first, with the commune's value or null ("no data"). */
  periods: { period: string; value: number | null; source: string | null }[];
  latest: { value: number; period: string } | null;
  /** Its territory's median of latest values and the commune's rank in it (1: highest), null without values. */
  territory: { median: number | null; rank: number | null; of: number } | null;
}

export interface NearbyFacts {
  kind: 'service' | 'station';
  name: string;
  category: string | null;
  detail: string | null;
  km: number;
  source: string;
}

export interface FlowFacts {
  kind: string;
  direction: 'in' | 'out' | 'within';
  other: string;
  crossBorder: boolean;
  value: number;
  period: string;
  source: string;
}

export interface ProfileFacts {
  code: string;
  name: string;
  country: string;
  province: string;
  refLon: number;
  refLat: number;
  boundarySource: string | null;
  territories: { id: string; name: string; kind: string }[];
  /** The territory the commune is compared with: its first EPCI or study area. */
  comparison: { id: string; name: string; members: string[] } | null;
  indicators: IndicatorFacts[];
  flows: FlowFacts[];
  nearby: NearbyFacts[];
  initiatives: Feature[];
  /** Every source a figure of the profile comes from, in order of first use. */
  sources: string[];
}

/** Straight-line distance in km, as the atlas's distance indicators measure it (turf, as scripts/import/nearest.ts). */
const kmBetween = (a: [number, number], b: [number, number]) => distance(a, b, { units: 'kilometers' });
const ANY_PERIOD = new Map<string, string[]>();
const COMPARISON_ORDER = [
  'epci',
  'study-area',
  'pilot-municipality',
  'pilot-region',
  'pilot-site',
  'alpine-convention-part',
  'alpine-convention',
];
const layer = (data: AtlasData, id: string) => data.featureLayers.find((l) => l.id === id)?.features ?? [];
const text = (v: unknown) => (typeof v === 'string' ? v : null);

const pointOf = (f: Feature): [number, number] | null => {
  if (!f.geometry) return null;
  const g = JSON.parse(f.geometry) as { type: string; coordinates: [number, number] };
  return g.type === 'Point' ? g.coordinates : null;
};

/** Each territory's latest values of each indicator, sorted, per release: a profile's median and rank read them. */
const sortedValues = new WeakMap<AtlasData, Map<string, number[]>>();

function territoryValues(data: AtlasData, indicator: IndicatorRecord, territory: string, members: string[]) {
  const cache = sortedValues.get(data) ?? new Map<string, number[]>();
  sortedValues.set(data, cache);
  const key = `${indicator.id} ${territory}`;
  let values = cache.get(key);
  if (!values) {
    values = members
      .map((c) => data.indicators.pick(indicator, c, ANY_PERIOD)?.value)
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
    cache.set(key, values);
  }
  return values;
}

/** How many of the ascending values are greater than v. */
function countAbove(sorted: number[], v: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! <= v) low = mid + 1;
    else high = mid;
  }
  return sorted.length - low;
}

function indicatorFacts(data: AtlasData, code: string, comparison: ProfileFacts['comparison']): IndicatorFacts[] {
  const store = data.indicators;
  return store.indicators
    .filter((i) => i.subject === 'commune')
    .map((indicator) => {
      const periods = indicator.periods.map(({ period }) => {
        const found = store.values(indicator.id, period).get(code);
        return { period, value: found?.value ?? null, source: found?.source ?? null };
      });
      const own = store.pick(indicator, code, ANY_PERIOD);
      let territory: IndicatorFacts['territory'] = null;
      if (comparison) {
        const values = territoryValues(data, indicator, comparison.id, comparison.members);
        const rank = own ? countAbove(values, own.value) + 1 : null;
        territory = { median: medianOf(indicator, values), rank, of: values.length };
      }
      return { indicator, periods, latest: own && { value: own.value, period: own.period }, territory };
    });
}

function nearbyFacts(data: AtlasData, at: [number, number]): NearbyFacts[] {
  const services = layer(data, 'services').flatMap((f): NearbyFacts[] => {
    const p = pointOf(f);
    if (!p) return [];
    const km = kmBetween(at, p);
    const { name, category, city, source } = f.properties;
    const detail = text(city);
    return km <= REACH_KM
      ? [{ kind: 'service', name: String(name), category: text(category), detail, km, source: String(source) }]
      : [];
  });
  const byCategory = new Map<string, NearbyFacts[]>();
  for (const s of services.sort((a, b) => a.km - b.km)) {
    const list = byCategory.get(s.category ?? '') ?? [];
    if (list.length < SERVICES_PER_CATEGORY) byCategory.set(s.category ?? '', [...list, s]);
  }
  const stations = layer(data, 'rail-stations').flatMap((f): NearbyFacts[] => {
    const p = pointOf(f);
    const km = p ? kmBetween(at, p) : Infinity;
    const { name, country, source } = f.properties;
    return km <= REACH_KM
      ? [{ kind: 'station', name: String(name), category: null, detail: text(country), km, source: String(source) }]
      : [];
  });
  return [...[...byCategory.values()].flat(), ...stations.sort((a, b) => a.km - b.km)];
}

function flowFacts(data: AtlasData, code: string): FlowFacts[] {
  return layer(data, 'flows').flatMap(({ properties: p }): FlowFacts[] => {
    const origin = p.origin_code === code;
    const destination = p.destination_code === code;
    if (!origin && !destination) return [];
    const direction = origin && destination ? 'within' : origin ? 'out' : 'in';
    const other = direction === 'in' ? p.origin_name : (p.destination_name ?? p.destination_country);
    return [
      {
        kind: String(p.kind),
        direction,
        other: String(other),
        crossBorder: p.cross_border === true,
        value: Number(p.value),
        period: String(p.period),
        source: String(p.source),
      },
    ];
  });
}

/** What a commune's profile shows, from the same data the API serves; null for a commune the atlas lacks. */
export function profileFacts(data: AtlasData, code: string): ProfileFacts | null {
  const commune = layer(data, 'communes').find((f) => f.id === code);
  if (!commune) return null;
  const p = commune.properties;
  const memberships = (p.territories as string[]) ?? [];
  const territories = layer(data, 'territories')
    .filter((t) => memberships.includes(t.id))
    .map((t) => ({ id: t.id, name: String(t.properties.name), kind: String(t.properties.kind), feature: t }));
  // The closest grouping the commune belongs to: its EPCI or study area, a pilot, its country's part of the Alps.
  const compared = COMPARISON_ORDER.map((kind) => territories.find((t) => t.kind === kind)).find(Boolean);
  const comparison = compared
    ? { id: compared.id, name: compared.name, members: compared.feature.properties.communes as string[] }
    : null;
  const at: [number, number] = [Number(p.ref_lon), Number(p.ref_lat)];
  const indicators = indicatorFacts(data, code, comparison);
  const flows = flowFacts(data, code);
  const nearby = nearbyFacts(data, at);
  const initiatives = layer(data, 'initiatives').filter((f) =>
    ((f.properties.communes as string[]) ?? []).includes(code),
  );
  const boundarySource = text(p.boundary_source);
  const sources = [
    ...(boundarySource ? [boundarySource] : []),
    ...indicators.flatMap((i) => i.periods.flatMap((v) => (v.source ? [v.source] : []))),
    ...flows.map((f) => f.source),
    ...nearby.map((n) => n.source),
    ...initiatives.map((f) => String(f.properties.source)),
  ];
  return {
    code,
    name: String(p.name),
    country: String(p.country),
    province: String(p.province_name),
    refLon: at[0],
    refLat: at[1],
    boundarySource,
    territories: territories.map(({ id, name, kind }) => ({ id, name, kind })),
    comparison,
    indicators,
    flows,
    nearby,
    initiatives,
    sources: [...new Set(sources)],
  };
}
