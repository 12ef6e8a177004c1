import type { FastifyInstance } from 'fastify';
import { invalidParameter, notFound } from '../api-error.ts';
import type { AtlasData } from '../atlas-data.ts';
import { perRelease, type LiveData } from '../live-data.ts';
import type { IndicatorStore } from '../indicator-store.ts';
import { LANGUAGES, type Language } from '../../vocabulary/languages.ts';
import { chooseFormat, chooseLanguage } from '../negotiate.ts';
import { prebuild, prebuildJson, sendPrebuilt, type Prebuilt } from '../prebuilt.ts';
import { cell, quoted } from '../ogc/csv.ts';
import type { IndicatorRecord, ValueRecord } from '../../vocabulary/api-records.ts';

/** The values of one period, or each subject's latest value when period is null, keyed by subject id. */
function keyedValues(
  store: IndicatorStore,
  indicator: IndicatorRecord,
  period: string | null,
): [string, ValueRecord][] {
  const periods = period === null ? indicator.periods.map((p) => p.period) : [period];
  const keyed = new Map<string, ValueRecord>();
  for (const p of periods) {
    for (const [subject, { value, source }] of store.values(indicator.id, p))
      keyed.set(subject, { value, period: p, source });
  }
  return [...keyed].sort(([a], [b]) => a.localeCompare(b));
}

const SUBJECT_COLUMN = { commune: 'commune_code', 'rail-station': 'station_id' } as const;

/**
 * /api/indicators: definitions with periods and sources, their texts in every language; /api/indicators/{id}:
 * values keyed by subject, JSON or CSV, with the title, method and period labels in the language asked for.
 */
export async function indicatorRoutes(app: FastifyInstance, { live }: { live: LiveData }) {
  const release = perRelease(live, indicatorBodies);
  const tags = ['Indicators'];
  app.get(
    '/api/indicators',
    {
      schema: {
        summary:
          'Every indicator: titles, units, descriptions and methods in five languages, decimals, periods, sources',
        tags,
        querystring: { type: 'object', additionalProperties: false },
      },
    },
    (request, reply) => sendPrebuilt(request, reply, release().list),
  );

  app.get(
    '/api/indicators/:indicatorId',
    {
      schema: {
        summary: "An indicator's values keyed by commune code or station id, each with its period and source",
        tags,
        produces: ['application/json', 'text/csv'],
        params: {
          type: 'object',
          properties: {
            indicatorId: { type: 'string', description: 'The id of an indicator, as /api/indicators lists them' },
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            period: {
              type: 'string',
              description: "A period of the indicator; by default each subject's latest value",
            },
            f: { type: 'string', enum: ['json', 'csv'], description: 'Response format (overrides the Accept header)' },
            lang: {
              type: 'string',
              enum: LANGUAGES,
              description: 'Language of the title, method and period labels (overrides Accept-Language); default en',
            },
          },
        },
      },
    },
    (request, reply) => {
      const { indicatorId } = request.params as { indicatorId: string };
      const { period, f, lang } = request.query as { period?: string; f?: 'json' | 'csv'; lang?: Language };
      const { bodies, store } = release();
      const byPeriod = bodies.get(indicatorId);
      if (!byPeriod) throw notFound(`No indicator "${indicatorId}"; /api/indicators lists them`);
      const found = byPeriod.get(period ?? '');
      if (!found || period === '') {
        throw invalidParameter(
          'period',
          `a period of ${indicatorId}: ${store.byId
            .get(indicatorId)!
            .periods.map((p) => p.period)
            .join(', ')}`,
          period,
        );
      }
      const format = chooseFormat(f, request.headers.accept, ['json', 'csv']) as 'json' | 'csv';
      return sendPrebuilt(request, reply, found[chooseLanguage(lang, request.headers['accept-language'])][format]);
    },
  );
}

type Bodies = Record<'json' | 'csv', Prebuilt>;

/** The bodies of the indicator routes for one release: the list, and the values by period, language and format. */
function indicatorBodies(data: AtlasData) {
  const store = data.indicators;
  const list = prebuildJson({ indicators: store.indicators }, data.buildId, 'indicators');
  /** indicator → period ("" for latest) → language → format → body */
  const bodies = new Map<string, Map<string, Record<Language, Bodies>>>();
  for (const indicator of store.indicators) {
    const byPeriod = new Map<string, Record<Language, Bodies>>();
    for (const period of [null, ...indicator.periods.map((p) => p.period)]) {
      const values = keyedValues(store, indicator, period);
      const byLanguage = LANGUAGES.map((lang) => [lang, valueBodies(data.buildId, indicator, period, values, lang)]);
      byPeriod.set(period ?? '', Object.fromEntries(byLanguage));
    }
    bodies.set(indicator.id, byPeriod);
  }

  return { list, bodies, store };
}

/** The values of one period (or the latest), in JSON and CSV, with the indicator's texts in one language. */
function valueBodies(
  buildId: string,
  indicator: IndicatorRecord,
  period: string | null,
  values: [string, ValueRecord][],
  lang: Language,
): Bodies {
  const name = `${buildId}-indicator-${indicator.id}-${period ?? 'latest'}-${lang}`;
  const periods = indicator.periods.filter((p) => period === null || p.period === period);
  const label = new Map(periods.map((p) => [p.period, p.labels[lang]!]));
  const header = [SUBJECT_COLUMN[indicator.subject], 'value', 'period', 'source', 'period_label'].join(',');
  // Labels are free text, most with a comma: always quoted, as clients have been reading them.
  const rows = values.map(([subject, v]) => [
    ...[subject, v.value, v.period, v.source].map(cell),
    quoted(label.get(v.period)!),
  ]);
  const csv = [header, ...rows.map((row) => row.join(','))].join('\r\n');
  const headers = { vary: 'Accept, Accept-Language', contentLanguage: lang };
  return {
    json: prebuild(
      JSON.stringify({
        id: indicator.id,
        subject: indicator.subject,
        period,
        lang,
        title: indicator.titles[lang],
        method: indicator.methods[lang],
        periods: periods.map(({ period: id, labels, ...p }) => ({ period: id, label: labels[lang], ...p })),
        units: indicator.units,
        sources: indicator.sources,
        values: Object.fromEntries(values),
      }),
      name,
      'application/json; charset=utf-8',
      headers,
    ),
    csv: prebuild(`${csv}\r\n`, `${name}-csv`, 'text/csv; charset=utf-8', headers),
  };
}
