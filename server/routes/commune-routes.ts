import { COMMUNE_ID_PATTERN } from '../../vocabulary/commune-ids.ts';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../api-error.ts';
import type { AtlasData } from '../atlas-data.ts';
import { perRelease, type LiveData } from '../live-data.ts';
import { prebuildJson, sendPrebuilt, type Prebuilt } from '../prebuilt.ts';
import { medianOf } from '../indicator-store.ts';
import type { CommuneInitiativeRecord, CommuneRecord } from '../../vocabulary/api-records.ts';
import type { InitiativeKind } from '../../vocabulary/initiative-kinds.ts';
import { LANGUAGES, type Language } from '../../vocabulary/languages.ts';

/** Each subject's latest value: no period selection, every period of the indicator allowed. */
const ANY_PERIOD = new Map<string, string[]>();

/**
 * /api/communes/{code}: everything the commune panel shows of one commune in one answer, its values of every
 * indicator and period and its territories' medians, instead of every indicator's values for every period.
 */
export async function communeRoutes(app: FastifyInstance, { live }: { live: LiveData }) {
  const bodies = perRelease(live, communeBodies);
  app.get(
    '/api/communes/:code',
    {
      schema: {
        summary: "One commune's values of every indicator and period, its territories' medians, its initiatives",
        tags: ['Communes'],
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['code'],
          properties: {
            code: {
              type: 'string',
              pattern: COMMUNE_ID_PATTERN,
              description:
                'a commune id: INSEE (5 characters) or ISTAT (6 digits) code, or a national code prefixed by ' +
                'its country (AT-70101)',
            },
          },
        },
        querystring: { type: 'object', additionalProperties: false },
      },
    },
    (request, reply) => {
      const { code } = request.params as { code: string };
      const found = bodies().get(code);
      if (!found) throw notFound(`No commune "${code}"; /ogc/collections/communes/items lists them`);
      return sendPrebuilt(request, reply, found);
    },
  );
}

/** Every commune's answer for one release, keyed by code: 5,276 small bodies, made once (about a second). */
function communeBodies(data: AtlasData): Map<string, Prebuilt> {
  const store = data.indicators;
  const indicators = store.indicators.filter((i) => i.subject === 'commune');
  const communes = data.featureLayers.find((l) => l.id === 'communes')!.features;
  const territoriesOf = new Map(communes.map((f) => [f.id, f.properties.territories as string[]]));
  const members = new Map<string, string[]>();
  for (const [code, territories] of territoriesOf) {
    for (const territory of territories) members.set(territory, [...(members.get(territory) ?? []), code]);
  }
  /** indicator → territory → median of its members' latest values */
  const medians = new Map(
    indicators.map((indicator) => {
      const latest = (code: string) => store.pick(indicator, code, ANY_PERIOD)?.value;
      const median = (codes: string[]) => medianOf(indicator, codes.map(latest));
      return [indicator.id, new Map([...members].map(([territory, codes]) => [territory, median(codes)]))];
    }),
  );

  const initiatives = initiativesByCommune(data);
  const answer = (code: string, name: string): CommuneRecord => ({
    code,
    name,
    indicators: indicators.map((indicator) => ({
      id: indicator.id,
      values: indicator.periods.flatMap(({ period }) => {
        const found = store.values(indicator.id, period).get(code);
        return found ? [{ value: found.value, period, source: found.source }] : [];
      }),
      medians: Object.fromEntries(territoriesOf.get(code)!.map((t) => [t, medians.get(indicator.id)!.get(t)!])),
    })),
    initiatives: initiatives.get(code) ?? [],
  });
  const body = (code: string, name: string) => prebuildJson(answer(code, name), data.buildId, `commune-${code}`);
  return new Map(communes.map((f) => [f.id, body(f.id, f.properties.name as string)]));
}

/** The initiatives collection's features (curated, then imported) listed under each commune they cover. */
function initiativesByCommune(data: AtlasData): Map<string, CommuneInitiativeRecord[]> {
  const byCommune = new Map<string, CommuneInitiativeRecord[]>();
  for (const { id, properties: p } of data.featureLayers.find((l) => l.id === 'initiatives')!.features) {
    const record: CommuneInitiativeRecord = {
      id,
      name: p.name as string,
      programme: p.programme as string | null,
      project: p.project as string | null,
      kind: p.kind as InitiativeKind,
      lead: p.lead as string | null,
      descriptions: Object.fromEntries(LANGUAGES.map((l) => [l, p[`description_${l}`]])) as Record<
        Language,
        string | null
      >,
      source: p.source as string,
      ...(p.import_id === null ? {} : { importId: p.import_id as number }),
    };
    for (const code of p.communes as string[]) byCommune.set(code, [...(byCommune.get(code) ?? []), record]);
  }
  return byCommune;
}
