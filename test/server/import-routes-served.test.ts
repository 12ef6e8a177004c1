import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { openLocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import { TOKEN, useImportAtlas, type Running } from '../helpers/import-app.ts';
import {
  DGCL_PERIOD,
  DGCL_SOURCE,
  dgclValues,
  example,
  exampleRows,
  FLOWS_FILE,
  getJson,
  importedFlows,
  importedServices,
  importExample,
  indicator,
  INDICATOR_FILE,
  listImports,
  SERVICES_FILE,
  type Feature,
  type FeatureCollection,
  type Source,
} from '../helpers/import-requests.ts';

/**
 * Every route serves a planner's import (or its removal) on the next request, also when another process
 * (npm run import) wrote it to the local database.
 */

const { opened, startEach } = useImportAtlas();

describe('with a write token', () => {
  let running: Running;
  let app: FastifyInstance;
  startEach(TOKEN, (started) => {
    running = started;
    app = started.app;
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
        referenceDate: null,
        importId: record.id,
      });
      expect(population.sources).toContain(sourceId);
      const values = await getJson<{ period: string; sources: string[]; values: Record<string, unknown> }>(
        app,
        `/api/indicators/population?period=${DGCL_PERIOD}`,
      );
      expect(values.period).toBe(DGCL_PERIOD);
      expect(Object.keys(values.values)).toHaveLength(13);
      expect(values.values).toEqual(dgclValues(sourceId));

      const csv = await app.inject(`/api/indicators/population?period=${DGCL_PERIOD}&f=csv`);
      expect(csv.body.trim().split('\r\n').slice(1)).toEqual(
        exampleRows(INDICATOR_FILE)
          .map(([, commune, period, value]) => `${commune},${value},${period},${sourceId},"${period} (imported)"`)
          .sort(),
      );
      const italian = await getJson<{ periods: { label: string }[] }>(
        app,
        `/api/indicators/population?period=${DGCL_PERIOD}&lang=it`,
      );
      expect(italian.periods.map((p) => p.label)).toEqual([`${DGCL_PERIOD} (importato)`]);

      const briancon = await getJson<Feature>(app, `/ogc/collections/communes/items/05023?period=${DGCL_PERIOD}`);
      expect(briancon.properties).toMatchObject({
        population: 10748,
        population_period: DGCL_PERIOD,
        population_source: sourceId,
      });

      const { sources } = await getJson<{ sources: Source[] }>(app, '/api/sources');
      const listed = sources.find((s) => s.id === sourceId);
      expect(listed).toMatchObject({
        title: DGCL_SOURCE.title,
        licence: { name: DGCL_SOURCE.licence, url: null },
        sha256: record.sha256,
        importId: record.id,
        titles: Object.fromEntries(Object.keys(labels).map((l) => [l, DGCL_SOURCE.title])),
        derivation: `imported by a planner from ${INDICATOR_FILE} (import ${record.id})`,
      });
      expect(await getJson<Source>(app, `/api/sources/${sourceId}`)).toEqual(listed);

      // The data release changed: a client's cached list is stale and is sent again, under a new ETag.
      const after = await app.inject({
        url: '/api/indicators',
        headers: { 'if-none-match': before.headers.etag as string },
      });
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
      const served = features.map(({ properties: p }) => [
        p.origin_code,
        p.destination_code ?? p.destination_country,
        p.kind,
        p.period,
        p.value,
      ]);
      const inFile = exampleRows(FLOWS_FILE).map(([origin, destination, kind, period, value]) => [
        origin,
        destination,
        kind,
        period,
        Number(value),
      ]);
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

      expect((await getJson<FeatureCollection>(app, '/ogc/collections/services/items?limit=1')).numberMatched).toBe(
        total + 4,
      );
      const served = await importedServices(app);
      const inFile = (JSON.parse(example(SERVICES_FILE).toString('utf8')) as { features: Feature[] }).features;
      expect(
        served.map((f) => ({
          geometry: f.geometry,
          name: f.properties.name,
          category: f.properties.category,
          country: f.properties.country,
        })),
      ).toEqual(
        inFile.map((f) => ({
          geometry: f.geometry,
          name: f.properties.name,
          category: f.properties.category,
          country: f.properties.country,
        })),
      );
      expect(
        served.every((f) => f.properties.import_id === record.id && f.properties.source === record.sources[0]!.id),
      ).toBe(true);
    });
  });

  describe('imports made by another process (npm run import)', () => {
    it('are served on the next request, and so are their removals', async () => {
      // Read once first, so that each response is already built from the data before the import.
      expect((await importedFlows(app)).numberMatched).toBe(0);
      expect((await indicator(app, 'population')).periods.map((p) => p.period)).not.toContain(DGCL_PERIOD);

      const other = openLocalStore(running.storePath);
      try {
        const reference = importReference(opened.atlas.db);
        const flows = other.importFile('flows', FLOWS_FILE, example(FLOWS_FILE), reference);
        const values = other.importFile('indicator', INDICATOR_FILE, example(INDICATOR_FILE), reference);

        const served = await importedFlows(app);
        expect(served.numberMatched).toBe(15);
        expect(new Set(served.features.map((f) => f.properties.import_id))).toEqual(new Set([flows.id]));
        expect((await indicator(app, 'population')).periods.at(-1)).toMatchObject({
          period: DGCL_PERIOD,
          importId: values.id,
        });
        expect(
          (await getJson<{ values: unknown }>(app, `/api/indicators/population?period=${DGCL_PERIOD}`)).values,
        ).toEqual(dgclValues(values.sources[0]!.id));
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
