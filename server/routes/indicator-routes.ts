import type { FastifyInstance } from 'fastify';
import { invalidParameter, notFound } from '../api-error.ts';
import type { AtlasData } from '../atlas-data.ts';
import { perRelease, type LiveData } from '../live-data.ts';
import type { IndicatorRecord, IndicatorStore } from '../indicator-store.ts';
import { chooseFormat, type Format } from '../negotiate.ts';
import { prebuild, prebuildJson, sendPrebuilt, type Prebuilt } from '../prebuilt.ts';

interface KeyedValue {
  value: number;
  period: string;
  source: string;
}

/** The values of one period, or each subject's latest value when period is null, keyed by subject id. */
function keyedValues(store: IndicatorStore, indicator: IndicatorRecord, period: string | null): [string, KeyedValue][] {
  const periods = period === null ? indicator.periods.map((p) => p.period) : [period];
  const keyed = new Map<string, KeyedValue>();
  for (const p of periods) {
    for (const [subject, { value, source }] of store.values(indicator.id, p)) keyed.set(subject, { value, period: p, source });
  }
  return [...keyed].sort(([a], [b]) => a.localeCompare(b));
}

const SUBJECT_COLUMN = { commune: 'commune_code', 'rail-station': 'station_id' } as const;

/** /api/indicators: definitions with periods and sources; /api/indicators/{id}: values keyed by subject, JSON or CSV. */
export async function indicatorRoutes(app: FastifyInstance, { live }: { live: LiveData }) {
  const release = perRelease(live, indicatorBodies);
  app.get('/api/indicators', { schema: { querystring: { type: 'object', additionalProperties: false } } }, (request, reply) => sendPrebuilt(request, reply, release().list));

  app.get('/api/indicators/:indicatorId', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          period: { type: 'string', description: 'A period of the indicator; by default each subject\'s latest value' },
          f: { type: 'string', enum: ['json', 'csv'], description: 'Response format (overrides the Accept header)' },
        },
      },
    },
  }, (request, reply) => {
    const { indicatorId } = request.params as { indicatorId: string };
    const { period, f } = request.query as { period?: string; f?: 'json' | 'csv' };
    const { bodies, store } = release();
    const byPeriod = bodies.get(indicatorId);
    if (!byPeriod) throw notFound(`No indicator "${indicatorId}"; /api/indicators lists them`);
    const found = byPeriod.get(period ?? '');
    if (!found || period === '') {
      throw invalidParameter('period', `a period of ${indicatorId}: ${store.byId.get(indicatorId)!.periods.map((p) => p.period).join(', ')}`, period);
    }
    const format = chooseFormat(f, request.headers.accept, ['json', 'csv']) as 'json' | 'csv';
    return sendPrebuilt(request, reply, found[format]);
  });
}

/** Every body of the indicator routes for one release: the list, and each indicator's values per period and format. */
function indicatorBodies(data: AtlasData) {
  const store = data.indicators;
  const list = prebuildJson({ indicators: store.indicators }, data.buildId, 'indicators');
  /** indicator → period ("" for latest) → format → body */
  const bodies = new Map<string, Map<string, Record<Format & ('json' | 'csv'), Prebuilt>>>();
  for (const indicator of store.indicators) {
    const byPeriod = new Map<string, Record<'json' | 'csv', Prebuilt>>();
    for (const period of [null, ...indicator.periods.map((p) => p.period)]) {
      const values = keyedValues(store, indicator, period);
      const name = `indicator-${indicator.id}-${period ?? 'latest'}`;
      const csv = [[SUBJECT_COLUMN[indicator.subject], 'value', 'period', 'source'].join(','),
        ...values.map(([subject, v]) => [subject, v.value, v.period, v.source].join(','))].join('\r\n');
      byPeriod.set(period ?? '', {
        json: prebuild(JSON.stringify({
          id: indicator.id,
          subject: indicator.subject,
          period,
          units: indicator.units,
          sources: indicator.sources,
          values: Object.fromEntries(values),
        }), `${data.buildId}-${name}`, 'application/json; charset=utf-8', { vary: 'Accept' }),
        csv: prebuild(`${csv}\r\n`, `${data.buildId}-${name}-csv`, 'text/csv; charset=utf-8', { vary: 'Accept' }),
      });
    }
    bodies.set(indicator.id, byPeriod);
  }

  return { list, bodies, store };
}
