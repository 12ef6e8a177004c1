import type Database from 'better-sqlite3';
import { roundTo } from '../vocabulary/rounding.ts';
import type { PropertySpec, PropertyValue } from './layers/feature.ts';
import type { ImportedValue } from '../local-store/local-snapshot.ts';
import { LANGUAGES, type Language } from '../vocabulary/languages.ts';
import type { IndicatorRecord } from '../vocabulary/api-records.ts';

export interface IndicatorValue {
  value: number;
  source: string;
}

/**
 * For each indicator, the periods it may show, oldest first: a subject shows the latest of them it has a
 * value for. An indicator absent from the map may show any of its periods.
 */
export type PeriodSelection = Map<string, string[]>;

/** All indicators with their values, read once: a few thousand rows; then the values planners imported. */
export function readIndicators(db: Database.Database, imported: ImportedValue[]) {
  const indicators = (
    db
      .prepare(`SELECT i.*,
      (SELECT json_group_array(json_object('period', p.period, 'labels', json(p.labels),
          'referenceDate', p.reference_date))
         FROM (SELECT * FROM indicator_periods WHERE indicator_id = i.id ORDER BY sort_order) p) AS periods,
      (SELECT json_group_array(source_id) FROM (SELECT source_id FROM indicator_sources WHERE indicator_id = i.id
        ORDER BY source_id)) AS sources
    FROM indicators i ORDER BY i.rowid`)
      .all() as Record<string, string | number>[]
  ).map(
    (row): IndicatorRecord => ({
      id: row.id as string,
      subject: row.subject as IndicatorRecord['subject'],
      titles: JSON.parse(row.titles as string),
      units: JSON.parse(row.units as string),
      descriptions: JSON.parse(row.descriptions as string),
      methods: JSON.parse(row.methods as string),
      decimals: row.decimals as number,
      importable: row.importable === 1,
      periods: JSON.parse(row.periods as string),
      sources: JSON.parse(row.sources as string),
    }),
  );

  /** indicator → period → subject → value */
  const values = new Map<string, Map<string, Map<string, IndicatorValue>>>();
  for (const indicator of indicators)
    values.set(indicator.id, new Map(indicator.periods.map((p) => [p.period, new Map()])));
  const rows = db.prepare('SELECT indicator_id, period, subject_id, value, source_id FROM indicator_values').all() as {
    indicator_id: string;
    period: string;
    subject_id: string;
    value: number;
    source_id: string;
  }[];
  for (const row of rows)
    values.get(row.indicator_id)!.get(row.period)!.set(row.subject_id, { value: row.value, source: row.source_id });

  // Imported values were checked against the reference data when imported; a rebuild may since have dropped
  // an indicator or a commune, and such values wait in the local database without being shown.
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const communes = new Set(db.prepare('SELECT code FROM communes').pluck().all() as string[]);
  for (const v of imported) {
    const indicator = byId.get(v.indicatorId);
    if (!indicator?.importable || !communes.has(v.communeCode)) continue;
    const periods = values.get(indicator.id)!;
    if (!periods.has(v.period)) {
      periods.set(v.period, new Map());
      const labels = importedPeriodLabels(v.period);
      indicator.periods.push({ period: v.period, labels, referenceDate: null, importId: v.importId });
    }
    if (periods.get(v.period)!.has(v.communeCode)) continue;
    // Stored as the planner typed it; served, like the reference values, at the indicator's declared precision.
    periods.get(v.period)!.set(v.communeCode, { value: roundTo(v.value, indicator.decimals), source: v.sourceId });
    if (!indicator.sources.includes(v.sourceId)) indicator.sources.push(v.sourceId);
  }

  return {
    indicators,
    byId,
    /** The values of one period keyed by subject id. */
    values(indicatorId: string, period: string): Map<string, IndicatorValue> {
      return values.get(indicatorId)!.get(period)!;
    },
    /** The value a feature shows: the latest of the allowed periods that has one; null where there is none. */
    pick(
      indicator: IndicatorRecord,
      subjectId: string,
      selection: PeriodSelection,
    ): (IndicatorValue & { period: string }) | null {
      const periods = values.get(indicator.id)!;
      const allowed = selection.get(indicator.id) ?? indicator.periods.map((p) => p.period);
      for (let i = allowed.length - 1; i >= 0; i--) {
        const found = periods.get(allowed[i]!)!.get(subjectId);
        if (found) return { ...found, period: allowed[i]! };
      }
      return null;
    },
  };
}

export type IndicatorStore = ReturnType<typeof readIndicators>;

const IMPORTED: Record<Language, string> = {
  en: 'imported',
  fr: 'importé',
  it: 'importato',
  de: 'importiert',
  sl: 'uvoženo',
};

/** A planner's period has only the id the planner wrote: that id in every language, marked as imported. */
function importedPeriodLabels(period: string): Record<Language, string> {
  return Object.fromEntries(LANGUAGES.map((l) => [l, `${period} (${IMPORTED[l]})`])) as Record<Language, string>;
}

/** Start of a reference date written as a year, a month or a day, as an RFC 3339 instant (UTC). */
export function referenceInstant(referenceDate: string): string {
  const [year, month = '01', day = '01'] = referenceDate.split('-');
  return `${year}-${month}-${day}T00:00:00Z`;
}

/** Property names of an indicator on a feature: the id with "_" for "-", then its period and its source. */
export function indicatorPropertyNames(indicatorId: string) {
  const base = indicatorId.replaceAll('-', '_');
  return { value: base, period: `${base}_period`, source: `${base}_source` };
}

export function indicatorProperties(indicator: IndicatorRecord): PropertySpec[] {
  const names = indicatorPropertyNames(indicator.id);
  const title = indicator.titles.en!;
  return [
    {
      name: names.value,
      type: indicator.decimals === 0 ? 'integer' : 'number',
      description: `${title} (${indicator.units.en}); null: no data`,
    },
    {
      name: names.period,
      type: 'string',
      description: `Period of ${title.toLowerCase()} (see /api/indicators/${indicator.id})`,
    },
    {
      name: names.source,
      type: 'string',
      description: `Id of the source of ${title.toLowerCase()} (see /api/sources)`,
    },
  ];
}

export function indicatorValuesOf(
  store: IndicatorStore,
  indicators: IndicatorRecord[],
  subjectId: string,
  selection: PeriodSelection,
) {
  const properties: Record<string, PropertyValue> = {};
  for (const indicator of indicators) {
    const names = indicatorPropertyNames(indicator.id);
    const picked = store.pick(indicator, subjectId, selection);
    properties[names.value] = picked?.value ?? null;
    // A single period asked for is named even where the subject has no value for it: "no data for 2011".
    const asked = selection.get(indicator.id);
    properties[names.period] = picked?.period ?? (asked?.length === 1 ? asked[0]! : null);
    properties[names.source] = picked?.source ?? null;
  }
  return properties;
}

/**
 * The median of the values present (of an even count, the mean of the two middle ones), at the indicator's
 * decimals like every value served; null when there is none. The commune answer's territory medians and the
 * commune profile's are this one.
 */
export function medianOf(indicator: IndicatorRecord, values: (number | undefined)[]): number | null {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return roundTo(median, indicator.decimals);
}
