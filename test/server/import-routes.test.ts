import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { openAtlas, type Atlas } from '../../server/atlas-db.ts';
import { openLocalStore, type LocalStore } from '../../local-data/local-store.ts';
import { importReference } from '../../local-data/reference.ts';
import { CLIENT_DIR, PROJECT_ROOT } from '../helpers/paths.ts';
import { expectJsonError } from '../helpers/json-error.ts';
import type { ImportRecord } from '../../vocabulary/api-records.ts';

/**
 * The planners' import routes (GET, POST /api/imports/{kind}, DELETE /api/imports/{id}) on the real atlas and a
 * real local database in a temp dir: the write token, refusals, and that every route serves an import (or its
 * removal) on the next request, also when another process (npm run import) wrote it.
 */

const TOKEN = 'planners-write-token-5f0c2a9e41';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const INDICATOR_FILE = 'indicator-population-dgcl.csv';
const FLOWS_FILE = 'flows-nearest-hospital-as-other.csv';
const SERVICES_FILE = 'services-gisco-outside-area.geojson';
const DGCL_PERIOD = 'dgcl-epci-6.0.0';
const DGCL_SOURCE = {
  title: 'DGCL, population municipale of EPCI member communes, as published in @etalab/decoupage-administratif 6.0.0',
  licence: 'Licence Ouverte 2.0',
};

const example = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'examples', name));
/** The data rows of an example CSV, split on commas: the leading fields used here are never quoted. */
const exampleRows = (name: string) => example(name).toString('utf8').trim().split('\n').slice(1).map((line) => line.split(','));

interface Period { period: string; labels: Record<string, string>; referenceDate: string | null; importId?: number }
interface Indicator { id: string; periods: Period[]; sources: string[] }
interface Source {
  id: string; title: string; titles: Record<string, string>; licence: { name: string; url: string | null }; derivation: string;
  sha256: string; importId?: number;
}
interface Feature { id: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> }
interface FeatureCollection { numberMatched: number; features: Feature[] }

let atlas: Atlas;
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-import-routes-'));
beforeAll(() => {
  atlas = openAtlas(inject('atlasDb'));
});
afterAll(() => {
  atlas.db.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  app: FastifyInstance;
  store: LocalStore;
  storePath: string;
}

/** The app as npm start wires it, on a new local database: closed, with its store, by the returned function. */
async function start(writeToken: string | null): Promise<Running & { stop: () => Promise<void> }> {
  const storePath = path.join(mkdtempSync(path.join(dir, 'local-')), 'local.sqlite');
  const store = openLocalStore(storePath);
  const app = await buildApp({ atlas, clientDir: CLIENT_DIR, local: { store, writeToken } });
  return {
    app, store, storePath,
    stop: async () => {
      await app.close();
      store.close();
    },
  };
}

const contentTypeOf = (name: string) => (name.endsWith('.csv') ? 'text/csv' : 'application/geo+json');

function post(app: FastifyInstance, kind: string, name: string, body: string | Buffer, headers: Record<string, string> = AUTH) {
  return app.inject({
    method: 'POST', url: `/api/imports/${kind}?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': contentTypeOf(name), ...headers }, payload: body,
  });
}

/** Imports an example file with the token; fails the test unless it is stored. */
async function importExample(app: FastifyInstance, kind: string, name: string): Promise<ImportRecord> {
  const response = await post(app, kind, name, example(name));
  expect(response.statusCode, response.body.slice(0, 500)).toBe(201);
  return (response.json() as { import: ImportRecord }).import;
}

const remove = (app: FastifyInstance, id: number | string, headers: Record<string, string> = AUTH) =>
  app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers });

async function getJson<T>(app: FastifyInstance, url: string): Promise<T> {
  const response = await app.inject(url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json() as T;
}

const listImports = async (app: FastifyInstance) => (await getJson<{ imports: ImportRecord[] }>(app, '/api/imports')).imports;
const indicator = async (app: FastifyInstance, id: string) =>
  (await getJson<{ indicators: Indicator[] }>(app, '/api/indicators')).indicators.find((i) => i.id === id)!;
const importedFlows = (app: FastifyInstance) => getJson<FeatureCollection>(app, '/ogc/collections/flows/items?kind=other&limit=1000');
const importedServices = async (app: FastifyInstance) =>
  (await getJson<FeatureCollection>(app, '/ogc/collections/services/items?limit=10000')).features.filter((f) => f.properties.import_id !== null);

/** The example's values of the DGCL period, as /api/indicators/population answers them for that period. */
function dgclValues(sourceId: string) {
  return Object.fromEntries(exampleRows(INDICATOR_FILE).map(([, commune, period, value]) => [commune!, { value: Number(value), period, source: sourceId }]));
}

describe('without a write token (writes off)', () => {
  let running: Running & { stop: () => Promise<void> };
  beforeAll(async () => {
    running = await start(null);
  });
  afterAll(() => running.stop());

  it('answers 403 with a JSON error to imports and removals, even with a bearer token, and stores nothing', async () => {
    for (const headers of [{}, AUTH] as Record<string, string>[]) {
      const body = expectJsonError(await post(running.app, 'indicator', 'x.csv', example(INDICATOR_FILE), headers), 403, 'WritesDisabled');
      expect(body.description).toMatch(/ATLAS_WRITE_TOKEN/);
      expectJsonError(await remove(running.app, 1, headers), 403, 'WritesDisabled');
    }
    expect(running.store.list()).toEqual([]);
  });

  it('still lists the imports, uncached', async () => {
    const response = await running.app.inject('/api/imports');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect((response.json() as { imports: ImportRecord[] }).imports).toEqual([]);
  });
});

describe('with a write token', () => {
  let running: Running & { stop: () => Promise<void> };
  let app: FastifyInstance;
  beforeEach(async () => {
    running = await start(TOKEN);
    app = running.app;
    return running.stop;
  });

  describe('the token', () => {
    it('refuses an import without it (401 with WWW-Authenticate) or with a wrong one, naming neither token', async () => {
      const refusals: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wrong-token-of-some-length' },
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
        { authorization: TOKEN },
        { authorization: `Basic ${TOKEN}` },
        { authorization: `bearer ${TOKEN}` },
        { authorization: 'Bearer ' },
      ];
      for (const headers of refusals) {
        const response = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), headers);
        const body = expectJsonError(response, 401, 'Unauthorized');
        expect(response.headers['www-authenticate'], JSON.stringify(headers)).toMatch(/^Bearer /);
        expect(body.description).not.toContain(TOKEN);
        expect(response.body).not.toContain('wrong-token');
      }
      expect(await listImports(app)).toEqual([]);
    });

    it('imports the indicator example with it: 201 and the import record, then listed', async () => {
      const response = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE));
      expect(response.statusCode, response.body).toBe(201);
      const record = (response.json() as { import: ImportRecord }).import;
      expect(record).toEqual({
        id: 1,
        kind: 'indicator',
        fileName: INDICATOR_FILE,
        importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        rowCount: 13,
        sha256: createHash('sha256').update(example(INDICATOR_FILE)).digest('hex'),
        sources: [{ id: 'import-1-1', ...DGCL_SOURCE }],
      });
      expect(Math.abs(Date.parse(record.importedAt) - Date.now())).toBeLessThan(60_000);
      expect(await listImports(app)).toEqual([record]);
    });
  });

  describe('an import is served on the next request', () => {
    it('indicator: the new period of population, its 13 values as in the file, its source', async () => {
      const before = await app.inject('/api/indicators');
      expect((await indicator(app, 'population')).periods.map((p) => p.period)).not.toContain(DGCL_PERIOD);
      const record = await importExample(app, 'indicator', INDICATOR_FILE);
      const sourceId = record.sources[0]!.id;

      const population = await indicator(app, 'population');
      // The planner wrote only the period's id: every language shows it, marked as imported in that language.
      const labels = { en: 'imported', fr: 'importé', it: 'importato', de: 'importiert', sl: 'uvoženo' };
      expect(population.periods.at(-1)).toEqual({
        period: DGCL_PERIOD,
        labels: Object.fromEntries(Object.entries(labels).map(([l, t]) => [l, `${DGCL_PERIOD} (${t})`])),
        referenceDate: null, importId: record.id,
      });
      expect(population.sources).toContain(sourceId);
      const values = await getJson<{ period: string; sources: string[]; values: Record<string, unknown> }>(app, `/api/indicators/population?period=${DGCL_PERIOD}`);
      expect(values.period).toBe(DGCL_PERIOD);
      expect(Object.keys(values.values)).toHaveLength(13);
      expect(values.values).toEqual(dgclValues(sourceId));

      const csv = await app.inject(`/api/indicators/population?period=${DGCL_PERIOD}&f=csv`);
      expect(csv.body.trim().split('\r\n').slice(1)).toEqual(exampleRows(INDICATOR_FILE)
        .map(([, commune, period, value]) => `${commune},${value},${period},${sourceId},"${period} (imported)"`)
        .sort());
      const italian = await getJson<{ periods: { label: string }[] }>(app,
        `/api/indicators/population?period=${DGCL_PERIOD}&lang=it`);
      expect(italian.periods.map((p) => p.label)).toEqual([`${DGCL_PERIOD} (importato)`]);

      const briancon = await getJson<Feature>(app, `/ogc/collections/communes/items/05023?period=${DGCL_PERIOD}`);
      expect(briancon.properties).toMatchObject({ population: 10748, population_period: DGCL_PERIOD, population_source: sourceId });

      const { sources } = await getJson<{ sources: Source[] }>(app, '/api/sources');
      const listed = sources.find((s) => s.id === sourceId);
      expect(listed).toMatchObject({
        title: DGCL_SOURCE.title, licence: { name: DGCL_SOURCE.licence, url: null }, sha256: record.sha256, importId: record.id,
        titles: Object.fromEntries(Object.keys(labels).map((l) => [l, DGCL_SOURCE.title])),
        derivation: `imported by a planner from ${INDICATOR_FILE} (import ${record.id})`,
      });
      expect(await getJson<Source>(app, `/api/sources/${sourceId}`)).toEqual(listed);

      // The data release changed: a client's cached list is stale and is sent again, under a new ETag.
      const after = await app.inject({ url: '/api/indicators', headers: { 'if-none-match': before.headers.etag as string } });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
    });

    it('flows: the 15 rows of the file in the flows collection, with their sources', async () => {
      expect((await importedFlows(app)).numberMatched).toBe(0);
      const record = await importExample(app, 'flows', FLOWS_FILE);
      expect(record).toMatchObject({ kind: 'flows', fileName: FLOWS_FILE, rowCount: 15 });
      expect(record.sources).toHaveLength(2);

      const { numberMatched, features } = await importedFlows(app);
      expect(numberMatched).toBe(15);
      const served = features.map(({ properties: p }) => [p.origin_code, p.destination_code ?? p.destination_country, p.kind, p.period, p.value]);
      const inFile = exampleRows(FLOWS_FILE).map(([origin, destination, kind, period, value]) => [origin, destination, kind, period, Number(value)]);
      expect(served).toEqual(inFile);
      expect(new Set(features.map((f) => f.properties.import_id))).toEqual(new Set([record.id]));
      expect(new Set(features.map((f) => f.properties.source))).toEqual(new Set(record.sources.map((s) => s.id)));
      const { sources } = await getJson<{ sources: Source[] }>(app, '/api/sources');
      expect(sources.filter((s) => s.importId === record.id).map((s) => s.id)).toEqual(record.sources.map((s) => s.id));
    });

    it('services: the 4 features of the GeoJSON file in the services collection', async () => {
      const total = (await getJson<FeatureCollection>(app, '/ogc/collections/services/items?limit=1')).numberMatched;
      expect(await importedServices(app)).toEqual([]);
      const record = await importExample(app, 'services', SERVICES_FILE);
      expect(record).toMatchObject({ kind: 'services', fileName: SERVICES_FILE, rowCount: 4 });

      expect((await getJson<FeatureCollection>(app, '/ogc/collections/services/items?limit=1')).numberMatched).toBe(total + 4);
      const served = await importedServices(app);
      const inFile = (JSON.parse(example(SERVICES_FILE).toString('utf8')) as { features: Feature[] }).features;
      expect(served.map((f) => ({ geometry: f.geometry, name: f.properties.name, category: f.properties.category, country: f.properties.country })))
        .toEqual(inFile.map((f) => ({ geometry: f.geometry, name: f.properties.name, category: f.properties.category, country: f.properties.country })));
      expect(served.every((f) => f.properties.import_id === record.id && f.properties.source === record.sources[0]!.id)).toBe(true);
    });
  });

  describe('refusals', () => {
    it('a bad file: 400 listing every problem with file, line and field; nothing stored', async () => {
      await importExample(app, 'indicator', INDICATOR_FILE);
      const imports = await listImports(app);
      const indicators = await app.inject('/api/indicators');
      const file = [
        'indicator,commune,period,value,source,licence',
        'population,99999,winter-2025,"1,5",Test fixture,Licence Ouverte 2.0',
        'population,05023,winter-2025,12,Test fixture,Licence Ouverte 2.0',
        'population,05027,winter-2025,NaN,Test fixture,',
      ].join('\n');
      const body = expectJsonError(await post(app, 'indicator', 'bad values.csv', file), 400, 'InvalidFile');
      expect(body.description).toBe('bad values.csv was not imported: 4 problems; nothing was stored');
      expect(body.errors).toHaveLength(4);
      expect(body.errors![0]).toMatch(/^bad values\.csv, line 2, field "commune": expected the code of an atlas commune .*, got "99999"$/);
      expect(body.errors![1]).toMatch(/^bad values\.csv, line 2, field "value": expected a number with a decimal point, not a comma .*, got "1,5"$/);
      expect(body.errors![2]).toMatch(/^bad values\.csv, line 4, field "value": expected a finite number/);
      expect(body.errors![3]).toMatch(/^bad values\.csv, line 4, field "licence": expected a non-empty licence/);

      expect(await listImports(app)).toEqual(imports);
      expect((await app.inject('/api/indicators')).body).toBe(indicators.body);
      expect((await indicator(app, 'population')).periods.map((p) => p.period)).not.toContain('winter-2025');
    });

    it('a file already imported: 400 naming the earlier import', async () => {
      const first = await importExample(app, 'indicator', INDICATOR_FILE);
      const body = expectJsonError(await post(app, 'indicator', 'again.csv', example(INDICATOR_FILE)), 400, 'InvalidFile');
      expect(body.errors).toHaveLength(13);
      expect(body.errors![0]).toMatch(`again.csv, line 2, field "period": expected a value not imported already (import ${first.id} has population for 05023`);
      expect(await listImports(app)).toEqual([first]);
    });

    it('a kind or a name the route does not take: 400 with the token, 401 without (the token is checked first)', async () => {
      const kind = expectJsonError(await post(app, 'budget', 'x.csv', example(INDICATOR_FILE), AUTH), 400, 'InvalidParameterValue');
      expect(kind.description).toBe('Path segment "kind": expected one of indicator, flows, services, got "budget"');
      expectJsonError(await post(app, 'budget', 'x.csv', example(INDICATOR_FILE), {}), 401, 'Unauthorized');
      for (const name of ['../x.csv', 'x.exe', '.csv', `${'a'.repeat(121)}.csv`]) {
        const body = expectJsonError(await post(app, 'indicator', name, example(INDICATOR_FILE)), 400, 'InvalidParameterValue');
        expect(body.description, name).toMatch(/^Parameter "name": expected the file name, ending in \.csv, \.geojson or \.json/);
      }
      const noName = await app.inject({ method: 'POST', url: '/api/imports/indicator', headers: { 'content-type': 'text/csv', ...AUTH }, payload: example(INDICATOR_FILE) });
      expectJsonError(noName, 400, 'InvalidParameterValue');
      expect(await listImports(app)).toEqual([]);
    });

    it('a body sent as text/plain: 400 naming the content types; an unknown content type: 415', async () => {
      const plain = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), { ...AUTH, 'content-type': 'text/plain' });
      expect(expectJsonError(plain, 400, 'InvalidFile').description).toMatch(/text\/csv, application\/geo\+json or application\/json/);
      const xml = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), { ...AUTH, 'content-type': 'application/xml' });
      expect(expectJsonError(xml, 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE').description).toMatch(/send the file as text\/csv, application\/geo\+json/);
      expectJsonError(await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), { 'content-type': 'application/xml' }), 401, 'Unauthorized');
      expect(await listImports(app)).toEqual([]);
    });

    it('takes the file with a charset parameter in its content type', async () => {
      const response = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), { ...AUTH, 'content-type': 'text/csv; charset=utf-8' });
      expect(response.statusCode, response.body).toBe(201);
    });

    it('a file of more than 5 MB: 413 before the importer reads it; one of exactly 5 MB reaches the importer', async () => {
      const header = 'indicator,commune,period,value,source,licence\n';
      const atLimit = Buffer.concat([Buffer.from(header), Buffer.alloc(MAX_FILE_BYTES - header.length, '\n')]);
      const tooLarge = Buffer.concat([atLimit, Buffer.from('\n')]);
      const refused = expectJsonError(await post(app, 'indicator', 'huge.csv', tooLarge), 413, 'FST_ERR_CTP_BODY_TOO_LARGE');
      expect(refused.description).toMatch(/^POST "\/api\/imports\/indicator": the body is larger than this route accepts \(an imported file: at most 5 MB\)/);
      // Without the token the server refuses before it reads the body.
      expectJsonError(await post(app, 'indicator', 'huge.csv', tooLarge, {}), 401, 'Unauthorized');
      const read = expectJsonError(await post(app, 'indicator', 'limit.csv', atLimit), 400, 'InvalidFile');
      expect(read.errors).toEqual(['limit.csv, line 2: expected at least one data row']);
      expect(await listImports(app)).toEqual([]);
    });
  });

  describe('DELETE /api/imports/{id}', () => {
    it('needs the token, removes the import and its period, then answers 404', async () => {
      const record = await importExample(app, 'indicator', INDICATOR_FILE);
      expect((await indicator(app, 'population')).periods.map((p) => p.period)).toContain(DGCL_PERIOD);

      for (const headers of [{}, { authorization: 'Bearer not-the-token-at-all' }] as Record<string, string>[]) {
        const response = await remove(app, record.id, headers);
        expectJsonError(response, 401, 'Unauthorized');
        expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      }
      expect(await listImports(app)).toEqual([record]);

      const removed = await remove(app, record.id);
      expect(removed.statusCode, removed.body).toBe(204);
      expect(removed.body).toBe('');
      expect(await listImports(app)).toEqual([]);
      const population = await indicator(app, 'population');
      expect(population.periods.map((p) => p.period)).not.toContain(DGCL_PERIOD);
      expect(population.sources).not.toContain(record.sources[0]!.id);
      expectJsonError(await app.inject(`/api/indicators/population?period=${DGCL_PERIOD}`), 400, 'InvalidParameterValue');
      expectJsonError(await app.inject(`/api/sources/${record.sources[0]!.id}`), 404, 'NotFound');

      const again = expectJsonError(await remove(app, record.id), 404, 'NotFound');
      expect(again.description).toBe(`No import ${record.id}; GET /api/imports lists them`);
    });

    it('never gives a removed import\'s number again, so a cached answer about it is never taken as current', async () => {
      const first = await importExample(app, 'indicator', INDICATOR_FILE);
      const cached = await app.inject(`/api/sources/${first.sources[0]!.id}`);
      expect(cached.statusCode).toBe(200);
      expect((await remove(app, first.id)).statusCode).toBe(204);
      const second = await importExample(app, 'indicator', INDICATOR_FILE);
      expect(second.id).toBeGreaterThan(first.id);
      expect(second.sources[0]!.id).not.toBe(first.sources[0]!.id);
      const stale = await app.inject({ url: `/api/sources/${first.sources[0]!.id}`, headers: { 'if-none-match': String(cached.headers.etag) } });
      expectJsonError(stale, 404, 'NotFound');
    });

    it('refuses an id that is not a positive whole number', async () => {
      for (const id of ['abc', '0', '-1', '1.5']) expectJsonError(await remove(app, id), 400, 'InvalidParameterValue');
    });
  });

  describe('imports made by another process (npm run import)', () => {
    it('are served on the next request, and so are their removals', async () => {
      // Read once first, so that each response is already built from the data before the import.
      expect((await importedFlows(app)).numberMatched).toBe(0);
      expect((await indicator(app, 'population')).periods.map((p) => p.period)).not.toContain(DGCL_PERIOD);

      const other = openLocalStore(running.storePath);
      try {
        const reference = importReference(atlas.db);
        const flows = other.importFile('flows', FLOWS_FILE, example(FLOWS_FILE), reference);
        const values = other.importFile('indicator', INDICATOR_FILE, example(INDICATOR_FILE), reference);

        const served = await importedFlows(app);
        expect(served.numberMatched).toBe(15);
        expect(new Set(served.features.map((f) => f.properties.import_id))).toEqual(new Set([flows.id]));
        expect((await indicator(app, 'population')).periods.at(-1)).toMatchObject({ period: DGCL_PERIOD, importId: values.id });
        expect((await getJson<{ values: unknown }>(app, `/api/indicators/population?period=${DGCL_PERIOD}`)).values).toEqual(dgclValues(values.sources[0]!.id));
        expect((await listImports(app)).map((i) => i.id)).toEqual([flows.id, values.id]);

        expect(other.remove(flows.id)).toBe(true);
        expect((await importedFlows(app)).numberMatched).toBe(0);
        expect((await indicator(app, 'population')).periods.map((p) => p.period)).toContain(DGCL_PERIOD);
      } finally {
        other.close();
      }
    });
  });
});
