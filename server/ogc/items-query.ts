import { booleanIntersects, bboxPolygon } from '@turf/turf';
import type { Geometry } from 'geojson';
import { invalidParameter } from '../api-error.ts';
import { referenceInstant, type PeriodSelection } from '../indicator-store.ts';
import type { BBox, Feature, FeatureLayer, Queryable } from '../layers/feature.ts';
import type { IndicatorRecord } from '../../vocabulary/api-records.ts';
import type { SpatialIndex } from './spatial-index.ts';

/** The largest page; larger limits are clamped to it, not refused. */
export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 100;

/** The page asked for, its limit clamped to MAX_LIMIT. */
export function pageOf({ limit, offset }: { limit: number; offset: number }): { limit: number; offset: number } {
  // ajv coerces "Infinity" and "1e400" to Infinity and lets it pass as an integer.
  for (const [name, value] of [
    ['limit', limit],
    ['offset', offset],
  ] as const) {
    if (!Number.isSafeInteger(value)) throw invalidParameter(name, 'a whole number', String(value));
  }
  return { limit: Math.min(limit, MAX_LIMIT), offset };
}

const NUMBER = '-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?';
/** Four comma-separated numbers; the schema of the bbox parameter uses the same pattern. */
export const BBOX_PATTERN = `^${NUMBER},${NUMBER},${NUMBER},${NUMBER}$`;

export function parseBbox(text: string): BBox {
  const numbers = text.split(',').map(Number);
  const [west, south, east, north] = numbers as BBox;
  const expected = 'west,south,east,north in degrees (WGS84), south ≤ north, latitudes from -90 to 90';
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) throw invalidParameter('bbox', expected, text);
  if (south > north || south < -90 || north > 90 || west < -180 || west > 180 || east < -180 || east > 180) {
    throw invalidParameter('bbox', expected, text);
  }
  return [west, south, east, north];
}

/** A bbox whose west is east of its east crosses the antimeridian: it is two boxes. */
export function boxesOf(bbox: BBox): BBox[] {
  return bbox[0] <= bbox[2]
    ? [bbox]
    : [
        [bbox[0], bbox[1], 180, bbox[3]],
        [-180, bbox[1], bbox[2], bbox[3]],
      ];
}

function boxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

const parsedGeometries = new WeakMap<Feature, Geometry>();

/** Exact test on the geometry, after a cheap test on its bounding box. */
function intersects(feature: Feature, bbox: BBox): boolean {
  if (feature.bbox === null || feature.geometry === null) return false;
  return boxesOf(bbox).some((box) => {
    if (!boxesOverlap(feature.bbox!, box)) return false;
    let geometry = parsedGeometries.get(feature);
    if (!geometry) {
      geometry = JSON.parse(feature.geometry!) as Geometry;
      parsedGeometries.set(feature, geometry);
    }
    return booleanIntersects(geometry, bboxPolygon(box));
  });
}

const DATE = '\\d{4}-\\d{2}-\\d{2}';
const DATE_TIME = `${DATE}(?:[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2}))?`;
/** An RFC 3339 date or date-time, or an interval of two, either end open ("..") . */
export const DATETIME_PATTERN = `^(?:${DATE_TIME}|(?:${DATE_TIME}|\\.\\.)?/(?:${DATE_TIME}|\\.\\.)?)$`;

interface TimeRange {
  start: number;
  end: number;
  instant: boolean;
}

/** Milliseconds of an RFC 3339 date or date-time; NaN for a day, hour or minute that does not exist. */
function instantOf(text: string): number {
  const [, year, month, day, hour = '0', minute = '0', second = '0'] =
    /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2}):(\d{2}))?/.exec(text) ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const exists =
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 61;
  return exists ? Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text.toUpperCase()) : NaN;
}

export function parseDatetime(text: string): TimeRange {
  const instant = !text.includes('/');
  const ends = instant ? [text, text] : text.split('/');
  if (ends.length !== 2) throw invalidParameter('datetime', 'an RFC 3339 date, date-time or interval', text);
  const [start, end] = ends.map((end, i) => {
    if (end === '' || end === '..') return i === 0 ? -Infinity : Infinity;
    const ms = instantOf(end);
    if (Number.isNaN(ms)) throw invalidParameter('datetime', 'an RFC 3339 date, date-time or interval', text);
    return ms;
  }) as [number, number];
  if (start > end) throw invalidParameter('datetime', 'an interval whose start is not after its end', text);
  return { start, end, instant };
}

/**
 * Which periods each indicator may show. `period` names periods (comma-separated); each applies to the
 * indicators that have it. `datetime` allows, per indicator, the dated periods at or before an instant, or
 * within an interval; each feature then shows the latest of those it has a value for. Periods without a
 * stated date cannot be picked by datetime.
 */
export function selectPeriods(
  indicators: IndicatorRecord[],
  period: string | undefined,
  datetime: string | undefined,
): PeriodSelection {
  const selection: PeriodSelection = new Map();
  if (period !== undefined && datetime !== undefined) {
    throw invalidParameter('datetime', 'either period or datetime, not both', datetime);
  }
  if (period !== undefined) {
    const known = new Set(indicators.flatMap((i) => i.periods.map((p) => p.period)));
    for (const name of period.split(',')) {
      if (!known.has(name)) throw invalidParameter('period', `periods from ${[...known].join(', ')}`, name);
      for (const indicator of indicators) {
        if (!indicator.periods.some((p) => p.period === name)) continue;
        const earlier = selection.get(indicator.id);
        if (earlier)
          throw invalidParameter('period', `one period per indicator (${indicator.id} has ${earlier[0]})`, name);
        selection.set(indicator.id, [name]);
      }
    }
  }
  if (datetime !== undefined) {
    const range = parseDatetime(datetime);
    for (const indicator of indicators) {
      selection.set(
        indicator.id,
        indicator.periods
          .filter((p) => {
            if (p.referenceDate === null) return false;
            const start = Date.parse(referenceInstant(p.referenceDate));
            return range.instant ? start <= range.end : start >= range.start && start <= range.end;
          })
          .map((p) => p.period),
      );
    }
  }
  return selection;
}

export function parsePropertyList(text: string, layer: FeatureLayer, available: string[]): string[] {
  const names = text.split(',');
  for (const name of names) {
    if (!available.includes(name))
      throw invalidParameter('properties', `property names of ${layer.id}: ${available.join(', ')}`, name);
  }
  return available.filter((name) => names.includes(name));
}

export interface Filter {
  queryable: Queryable;
  value: string;
}

/** The equality filters a query sets: a value for some of the layer's queryables. */
export function filtersOf(queryables: Queryable[], query: Record<string, string | undefined>): Filter[] {
  return queryables
    .filter((q) => query[q.name] !== undefined)
    .map((queryable) => ({ queryable, value: query[queryable.name]! }));
}

function matches(feature: Feature, { queryable, value }: Filter): boolean {
  const actual = feature.properties[queryable.property];
  return Array.isArray(actual) ? actual.includes(value) : actual === value;
}

/**
 * The features whose geometry intersects the bbox and that pass every equality filter, in layer order. With a
 * bbox, only the features the layer's R*Tree finds overlapping are tested.
 */
export function selectFeatures(
  layer: { features: Feature[]; index: SpatialIndex },
  bbox: BBox | undefined,
  filters: Filter[],
): Feature[] {
  const candidates = bbox === undefined ? layer.features : layer.index.candidates(boxesOf(bbox));
  return candidates.filter(
    (feature) =>
      (bbox === undefined || intersects(feature, bbox)) && filters.every((filter) => matches(feature, filter)),
  );
}
