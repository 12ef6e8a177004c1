import { InputError } from '../../vocabulary/input-error.ts';
import { curatedJson, sourceById, type BuildContext } from './context.ts';
import { missingLanguages } from '../../vocabulary/languages.ts';
import { roundTo } from '../../vocabulary/rounding.ts';

interface PeriodDefinition {
  period: string;
  labels: Record<string, string>;
  referenceDate: string | null;
}
interface IndicatorDefinition {
  id: string;
  subject: 'commune' | 'rail-station';
  decimals: number;
  titles: Record<string, string>;
  units: Record<string, string>;
  descriptions: Record<string, string>;
  methods: Record<string, string>;
  /** Planners may add values by import; such an indicator may have no source or period of its own. */
  importable?: boolean;
  sources: string[];
  periods?: PeriodDefinition[];
  periodsOf?: string;
}

/** Imports indicator definitions, their periods and sources; values come from the importers of each layer. */
export function importIndicators(ctx: BuildContext): string {
  const { file, json } = curatedJson<{ indicators: IndicatorDefinition[] }>(ctx, 'indicators.json');
  const insert = ctx.db.prepare('INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const period = ctx.db.prepare('INSERT INTO indicator_periods VALUES (?, ?, ?, ?, ?)');
  const source = ctx.db.prepare('INSERT INTO indicator_sources VALUES (?, ?)');
  for (const d of json.indicators) {
    const fail = (field: string, expected: string, got?: unknown): never => {
      throw new InputError({ file, feature: d.id, field }, expected, got);
    };
    if (!/^[a-z][a-z0-9-]*$/.test(d.id ?? '')) fail('id', 'a lower-case id with hyphens', d.id);
    if (d.subject !== 'commune' && d.subject !== 'rail-station') fail('subject', 'commune or rail-station', d.subject);
    if (!Number.isInteger(d.decimals) || d.decimals < 0) fail('decimals', 'a whole number of decimals', d.decimals);
    for (const field of ['titles', 'units', 'descriptions', 'methods'] as const) {
      const missing = missingLanguages(d[field]);
      if (missing) fail(field, missing);
    }
    for (const p of d.periods ?? []) {
      const missing = missingLanguages(p.labels);
      if (missing) throw new InputError({ file, feature: `${d.id} period ${p.period}`, field: 'labels' }, missing);
    }
    if (d.importable !== undefined && typeof d.importable !== 'boolean')
      fail('importable', 'true or false', d.importable);
    if (!Array.isArray(d.sources) || (d.sources.length === 0 && !d.importable))
      fail('sources', 'at least one source id');
    d.sources.forEach((s) => {
      sourceById(ctx, s);
    });
    const periods = d.periodsOf ? json.indicators.find((o) => o.id === d.periodsOf)?.periods : d.periods;
    if (!periods?.length && !d.importable)
      fail(d.periodsOf ? 'periodsOf' : 'periods', 'a list of periods, or periodsOf naming an indicator that has one');

    const texts = [d.titles, d.units, d.descriptions, d.methods].map((byLanguage) => JSON.stringify(byLanguage));
    insert.run(d.id, d.subject, ...texts, d.decimals, d.importable ? 1 : 0);
    (periods ?? []).forEach((p, i) => {
      period.run(d.id, p.period, JSON.stringify(p.labels), i + 1, p.referenceDate);
    });
    d.sources.forEach((s) => {
      source.run(d.id, s);
    });
  }
  return `${json.indicators.length} indicators`;
}

/**
 * Inserts indicator values and counts them; callers check codes first so errors can name their line. Every
 * value is stored rounded to its indicator's declared decimals: computed values carry float noise (a
 * difference of two distances, a ratio), and everything that serves or shows them reads them from here.
 */
export function valueWriter(ctx: BuildContext) {
  const insert = ctx.db.prepare('INSERT INTO indicator_values VALUES (?, ?, ?, ?, ?)');
  const rows = ctx.db.prepare('SELECT id, decimals FROM indicators').all() as { id: string; decimals: number }[];
  const decimals = new Map(rows.map((r) => [r.id, r.decimals]));
  // SQLite's round() rounds the binary double (round(1.005, 2) is 1, roundTo gives 1.01): SQL-derived values use ours.
  ctx.db.function('round_to', { deterministic: true }, roundTo);
  const placesOf = (indicator: string) => {
    const places = decimals.get(indicator);
    if (places === undefined) throw new Error(`a value of ${indicator}, which data/indicators.json does not define`);
    return places;
  };
  let count = 0;
  return {
    write(indicator: string, subject: string, period: string, value: number, source: string) {
      insert.run(indicator, subject, period, roundTo(value, placesOf(indicator)), source);
      count++;
    },
    /** Values derived in SQL, in one statement: `select` gives subject, period, value and source, in that order. */
    writeSelected(indicator: string, select: string) {
      const { changes } = ctx.db
        .prepare(`INSERT INTO indicator_values
        SELECT ?, subject, period, round_to(value, ?), source FROM (${select})`)
        .run(indicator, placesOf(indicator));
      count += changes;
    },
    get count() {
      return count;
    },
  };
}
