import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_APPLICATION_ID } from '../../local-store/local-schema.ts';
import { openLocalStore } from '../../local-store/local-store.ts';
import { buildApp } from '../../server/app.ts';
import type { CommuneRecord, LayerRecord } from '../../vocabulary/api-records.ts';
import { parseCsv } from '../../vocabulary/csv.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { TOKEN, useImportAtlas } from '../helpers/import-app.ts';
import {
  example,
  getJson,
  importExample,
  listImports,
  post,
  remove,
  type Feature,
  type FeatureCollection,
  type Source,
} from '../helpers/import-requests.ts';
import { expectJsonError } from '../helpers/json-error.ts';
import { CLIENT_DIR, PROJECT_ROOT } from '../helpers/paths.ts';

/**
 * Planners' initiatives through the real API: an import is served in the initiatives collection and in the commune
 * answer like the curated ones, marked with its import and source, until it is removed; a bad file is refused with
 * every problem and nothing stored; a local database of the version before initiatives is upgraded and takes them.
 */

const EXAMPLE = 'initiatives-seed-documents.csv';
const { opened, startEach } = useImportAtlas();
const items = async (app: FastifyInstance) =>
  (await getJson<FeatureCollection>(app, '/ogc/collections/initiatives/items?limit=10000')).features;
const commune = (app: FastifyInstance, code: string) => getJson<CommuneRecord>(app, `/api/communes/${code}`);
const pointOf = (code: string) =>
  opened.atlas.db.prepare('SELECT ref_lon, ref_lat FROM communes WHERE code = ?').raw().get(code) as number[];

describe('with a write token', () => {
  let app: FastifyInstance;
  startEach(TOKEN, (running) => ({ app } = running));

  it('the example CSV: its rows served in the collection and in the commune answers, until removed', async () => {
    const curated = await items(app);
    const record = await importExample(app, 'initiatives', EXAMPLE);
    expect(record).toMatchObject({ kind: 'initiatives', fileName: EXAMPLE, rowCount: 2 });
    const [first, second] = parseCsv(example(EXAMPLE).toString('utf8'), EXAMPLE);
    const [planning, event] = record.sources.map((s) => s.id);
    const fromFile = (row: Record<string, string>) =>
      Object.fromEntries(LANGUAGES.map((l) => [`description_${l}`, row[`description_${l}`] || null]));
    const pilot = curated.find((f) => f.id === 'brianconnais-pluralps-pilot')!;

    const served = await items(app);
    expect(served.slice(0, curated.length)).toEqual(curated);
    expect(served.slice(curated.length)).toEqual([
      {
        type: 'Feature',
        id: `import-${record.id}-1`,
        // No site: drawn by the rule of the curated rows, so where the pilot over the same 13 communes is.
        geometry: pilot.geometry,
        properties: {
          name: first!.values.name,
          programme: null,
          project: null,
          kind: 'other',
          lead: 'CC du Briançonnais',
          site_code: null,
          communes: pilot.properties.communes,
          ...fromFile(first!.values),
          coverage_note: null,
          evidence: null,
          source: planning,
          import_id: record.id,
        },
      },
      {
        type: 'Feature',
        id: `import-${record.id}-2`,
        geometry: { type: 'Point', coordinates: pointOf('001022') },
        properties: {
          name: second!.values.name,
          programme: 'Interreg Alcotra — PITer Hautes Vallées',
          project: 'Cœur Résilient, Cœur Innovant',
          kind: 'other',
          lead: null,
          site_code: '001022',
          communes: ['001022'],
          ...fromFile(second!.values),
          coverage_note: null,
          evidence: null,
          source: event,
          import_id: record.id,
        },
      },
    ]);

    const nevache = (await commune(app, '05093')).initiatives;
    expect(nevache.at(-1)).toEqual({
      id: `import-${record.id}-1`,
      name: first!.values.name,
      programme: null,
      project: null,
      kind: 'other',
      lead: 'CC du Briançonnais',
      descriptions: {
        en: first!.values.description_en,
        fr: first!.values.description_fr,
        it: null,
        de: null,
        sl: first!.values.description_sl,
      },
      source: planning,
      importId: record.id,
    });
    expect((await commune(app, '001022')).initiatives.at(-1)).toMatchObject({
      id: `import-${record.id}-2`,
      importId: record.id,
    });
    const { sources } = await getJson<{ sources: Source[] }>(app, '/api/sources');
    expect(sources.filter((s) => s.importId === record.id).map((s) => s.id)).toEqual([planning, event]);
    const { layers } = await getJson<{ layers: LayerRecord[] }>(app, '/api/layers');
    expect(layers.find((l) => l.id === 'initiatives')).toMatchObject({
      itemCount: curated.length + 2,
      sources: ['atlas-initiatives', planning, event],
    });

    expect((await remove(app, record.id)).statusCode).toBe(204);
    expect(await items(app)).toEqual(curated);
    expect((await commune(app, '05093')).initiatives.map((i) => i.id)).not.toContain(`import-${record.id}-1`);
  });

  it('a GeoJSON file: a point found in its commune, a feature without geometry placed by its coverage', async () => {
    const briancon = pointOf('05023');
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: briancon },
          properties: fixture({ kind: 'welcome-service' }),
        },
        { type: 'Feature', geometry: null, properties: fixture({ communes: ['05093', '05174'] }) },
      ],
    });
    const response = await post(app, 'initiatives', 'fixture.geojson', text);
    expect(response.statusCode, response.body).toBe(201);
    const imported = (await items(app)).filter((f) => f.properties.import_id !== null);
    expect(imported.map((f) => [f.geometry, f.properties.site_code, f.properties.communes, f.properties.kind])).toEqual(
      [
        [{ type: 'Point', coordinates: briancon }, '05023', ['05023'], 'welcome-service'],
        [{ type: 'Point', coordinates: pointOf('05093') }, null, ['05093', '05174'], 'network'],
      ],
    );
  });

  it('a bad file: 400 with every problem, by line and field; nothing stored', async () => {
    const imports = await listImports(app);
    const before = await items(app);
    const header =
      'name,kind,programme,project,lead,commune,lon,lat,communes,description_en,description_fr,' +
      'description_it,description_de,description_sl,source,licence';
    const file = [
      header,
      'Alarm,alarm,,,,99999,,,,,,,,,Test fixture,CC BY 4.0',
      'Desk,welcome-service,,,,,"6,64",,,A desk.,,,,,Test fixture,CC BY 4.0',
      'Room,other,,,,05023,6.603479,45.044011,,A room.,,,,,Test fixture,',
      'Nowhere,network,,,,,,,05093;ABCDE,A network.,,,,,Test fixture,CC BY 4.0',
      ',pilot,,,,,,,05093,A pilot.,,,,,Test fixture,CC BY 4.0',
    ].join('\n');
    const body = expectJsonError(await post(app, 'initiatives', 'bad.csv', file), 400, 'InvalidFile');
    expect(body.description).toBe('bad.csv was not imported: 10 problems; nothing was stored');
    expect(body.errors).toEqual([
      'bad.csv, line 2, field "kind": expected one of alert-system, public-app, business-platform, business-space, ' +
        'network, label, pilot, works, awareness, study, welcome-service, other, got "alarm"',
      'bad.csv, line 2, field "commune": expected the code of an atlas commune (INSEE 05023, ISTAT 001022), or ' +
        'nothing, got "99999"',
      'bad.csv, line 2, field "description_en, description_fr, description_it, description_de, description_sl": ' +
        'expected a description in at least one language (at most 600 characters)',
      'bad.csv, line 3, field "lon": expected a number with a decimal point, not a comma (1.5, not 1,5), got "6,64"',
      'bad.csv, line 3, field "lat": expected a number of degrees: lon and lat go together, or both stay empty, got ""',
      'bad.csv, line 3, field "commune": expected where the initiative is: a commune code, lon and lat, or the ' +
        'communes it covers',
      'bad.csv, line 4, field "commune": expected the commune the point lies in, or nothing: the point lies in ' +
        'Névache (05093), got "05023"',
      'bad.csv, line 4, field "licence": expected a non-empty licence of at most 200 characters (who published the ' +
        'figures, under which licence), got ""',
      'bad.csv, line 5, field "communes": expected atlas commune codes separated by ";" (05093;05174), or nothing; ' +
        'not atlas communes: ABCDE, got "05093;ABCDE"',
      'bad.csv, line 6, field "name": expected the name of the initiative (at most 200 characters), got ""',
    ]);
    expect(await listImports(app)).toEqual(imports);
    expect(await items(app)).toEqual(before);
  });
});

/** The properties of a hand-written test feature (not real data), with some changed. */
function fixture(changes: Record<string, unknown>) {
  return {
    name: 'Test fixture',
    kind: 'network',
    description_en: 'A test fixture, not an initiative.',
    source: 'Test fixture',
    licence: 'CC BY 4.0',
    ...changes,
  };
}

describe('a local database of the version before initiatives (1)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-local-v1-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is upgraded at open, keeps its imports and their numbers, and takes an initiatives file', async () => {
    const file = path.join(dir, 'local.sqlite');
    const schema = readFileSync(path.join(PROJECT_ROOT, 'local-store/schema.sql'), 'utf8');
    // Version 1 is today's schema without the initiatives table and without the kinds 'initiatives' and 'official'.
    const v1 = schema
      .replace(", 'initiatives'", '')
      .replace(", 'official'", '')
      .replace(/CREATE TABLE IF NOT EXISTS imported_initiatives[^;]*;/, '');
    const old = new Database(file);
    old.exec(v1);
    old.pragma(`application_id = ${LOCAL_APPLICATION_ID}`);
    old.pragma('user_version = 1');
    const addImport = old.prepare(
      'INSERT INTO imports (kind, file_name, imported_at, row_count, sha256) ' +
        "VALUES ('flows', ?, '2026-12-01T00:00:00Z', 1, 'x')",
    );
    addImport.run('kept.csv');
    addImport.run('removed.csv');
    old.exec(`DELETE FROM imports WHERE id = 2;
      INSERT INTO import_sources VALUES ('import-1-1', 1, 'Test fixture', 'CC BY 4.0');
      INSERT INTO imported_flows VALUES ('import-1-1', 1, '05023', NULL, 'IT', 'other', 'p', 1, 'import-1-1');`);
    expect(() =>
      old
        .prepare(
          'INSERT INTO imports (kind, file_name, imported_at, row_count, sha256) ' +
            "VALUES ('initiatives', 'x', 'x', 1, 'x')",
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
    old.close();

    const store = openLocalStore(file);
    const app = await buildApp({ atlas: opened.atlas, clientDir: CLIENT_DIR, local: { store, writeToken: TOKEN } });
    try {
      const record = await importExample(app, 'initiatives', EXAMPLE);
      // Import 2 was removed: its number is not given again.
      expect((await listImports(app)).map((i) => [i.id, i.kind, i.fileName])).toEqual([
        [1, 'flows', 'kept.csv'],
        [3, 'initiatives', EXAMPLE],
      ]);
      expect(record.id).toBe(3);
      const flows = await getJson<FeatureCollection>(app, '/ogc/collections/flows/items?kind=other');
      expect(flows.features.map((f: Feature) => f.id)).toEqual(['import-1-1']);
    } finally {
      await app.close();
      store.close();
    }
    const upgraded = new Database(file, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(3);
    expect(upgraded.pragma('foreign_key_check')).toEqual([]);
    upgraded.close();
  });
});
