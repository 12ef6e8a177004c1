import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ImportRejected, openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import type { ImportKind } from '../../vocabulary/import-kinds.ts';
import { importReference, type ImportReference } from '../../local-store/reference.ts';
import { buildAtlas } from '../../scripts/import/build.ts';
import { importCli } from '../helpers/import-cli.ts';
import { MIRROR, PROJECT_ROOT, realOptions } from '../helpers/paths.ts';

const atlasDb = new Database(inject('atlasDb'), { readonly: true });
const reference: ImportReference = importReference(atlasDb);
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-local-'));
afterAll(() => {
  atlasDb.close();
  rmSync(dir, { recursive: true, force: true });
});

const example = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'examples', name));
const SOURCE = 'Test fixture hand-written to exercise validation,Licence Ouverte 2.0';
const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let store: LocalStore;
let storePath: string;
beforeEach(() => {
  storePath = path.join(mkdtempSync(path.join(dir, 's-')), 'local.sqlite');
  store = openLocalStore(storePath);
  return () => store.close();
});

function rejection(kind: ImportKind, name: string, text: string | Buffer): string[] {
  const before = JSON.stringify(store.read());
  try {
    store.importFile(kind, name, Buffer.isBuffer(text) ? text : Buffer.from(text), reference);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRejected);
    expect(JSON.stringify(store.read())).toBe(before);
    return (error as ImportRejected).errors.map((e) => e.message);
  }
  throw new Error(`${name} was imported`);
}

describe('the example files, made from real data', () => {
  it('the indicator example holds the DGCL figures of the mirror for the 13 Briançonnais communes', () => {
    const mirror = readFileSync(
      path.join(MIRROR, 'population/fr_communes_hautes_vallees_population.csv'),
      'utf8',
    ).split('\n');
    const header = mirror[0]!.split(',');
    const rows = example('indicator-population-dgcl.csv').toString().trim().split('\n').slice(1);
    expect(rows).toHaveLength(13);
    for (const row of rows) {
      const [, code, , value] = row.split(',');
      const line = mirror.find((l) => l.startsWith(`${code},`))!.split(',');
      expect(value, code).toBe(line[header.indexOf('epci_membre_pmun_v6_0_0')]);
    }
  });

  it.each([
    ['indicator', 'indicator-population-dgcl.csv', 13],
    ['flows', 'flows-nearest-hospital-as-other.csv', 15],
    ['services', 'services-gisco-outside-area.csv', 4],
    ['services', 'services-gisco-outside-area.geojson', 4],
  ] as const)('%s %s imports, lists and removes', (kind, name, rows) => {
    const record = store.importFile(kind, name, example(name), reference);
    expect(record).toMatchObject({ kind, fileName: name, rowCount: rows });
    expect(record.sources).toHaveLength(kind === 'flows' ? 2 : 1);
    expect(store.list().map((i) => i.id)).toEqual([record.id]);
    const snapshot = store.read();
    expect(snapshot.values.length + snapshot.flows.length + snapshot.services.length).toBe(rows);
    expect(store.remove(record.id)).toBe(true);
    expect(store.read()).toEqual({ imports: [], sources: [], values: [], flows: [], services: [], initiatives: [] });
    expect(store.remove(record.id)).toBe(false);
  });

  it('locates imported services in atlas communes only where they lie in one', () => {
    store.importFile('services', 'x.csv', example('services-gisco-outside-area.csv'), reference);
    expect(store.read().services.map((s) => s.communeCode)).toEqual([null, null, null, null]);
  });
});

describe('bad files are refused whole, each problem named, nothing stored', () => {
  const header = 'indicator,commune,period,value,source,licence';
  it.each([
    [
      'unknown column',
      `${header},note\nseasonal-workers-per-1000,05023,w-2025,12,${SOURCE},x`,
      /line 1, field "note": expected only the columns/,
    ],
    [
      'missing column',
      'indicator,commune,period,value,source\nseasonal-workers-per-1000,05023,w-2025,12,S',
      /line 1, field "licence": expected a column "licence"/,
    ],
    [
      'unknown commune',
      `${header}\nseasonal-workers-per-1000,99999,w-2025,12,${SOURCE}`,
      /line 2, field "commune": expected the code of an atlas commune/,
    ],
    [
      'indicator not importable',
      `${header}\nhospital-distance,05023,w-2025,12,${SOURCE}`,
      /field "indicator": expected an indicator planners may import: population, secondary-homes-share/,
    ],
    [
      'reference period reused',
      `${header}\npopulation,05023,insee-etalab-6.0.0,12,${SOURCE}`,
      /field "period": expected a new period: "insee-etalab-6.0.0" is a period of the reference data/,
    ],
    [
      'NaN',
      `${header}\nseasonal-workers-per-1000,05023,w-2025,NaN,${SOURCE}`,
      /field "value": expected a finite number/,
    ],
    [
      'Infinity',
      `${header}\nseasonal-workers-per-1000,05023,w-2025,Infinity,${SOURCE}`,
      /field "value": expected a finite number/,
    ],
    [
      'decimal comma',
      `${header}\nseasonal-workers-per-1000,05023,w-2025,"1,5",${SOURCE}`,
      /expected a number with a decimal point, not a comma/,
    ],
    [
      'empty value',
      `${header}\nseasonal-workers-per-1000,05023,w-2025,,${SOURCE}`,
      /field "value": expected a finite number/,
    ],
    [
      'duplicate rows',
      `${header}\nseasonal-workers-per-1000,05023,w-2025,1,${SOURCE}\nseasonal-workers-per-1000,05023,w-2025,2,` +
        `${SOURCE}`,
      /line 3, field "commune": expected one value per indicator, commune and period \(line 2 has the same\)/,
    ],
    [
      'missing source',
      `${header}\nseasonal-workers-per-1000,05023,w-2025,1,,Licence Ouverte`,
      /line 2, field "source": expected a non-empty source/,
    ],
    [
      'missing licence',
      `${header}\nseasonal-workers-per-1000,05023,w-2025,1,Somebody,`,
      /line 2, field "licence": expected a non-empty licence/,
    ],
    [
      'bad period',
      `${header}\nseasonal-workers-per-1000,05023,../x,1,${SOURCE}`,
      /field "period": expected a period id/,
    ],
    ['header only', header, /line 2: expected at least one data row/],
  ])('indicator: %s', (_case, text, message) => {
    expect(rejection('indicator', 'bad.csv', text).join('\n')).toMatch(message);
  });

  const flows = 'origin,destination,kind,period,value,source,licence';
  it.each([
    [
      'negative value',
      `${flows}\n05023,05027,commute,2021,-3,${SOURCE}`,
      /field "value": expected a number of people, 0 or more/,
    ],
    [
      'bad kind',
      `${flows}\n05023,05027,tourism,2021,3,${SOURCE}`,
      /field "kind": expected one of commute, study, patient, other/,
    ],
    [
      'bad destination',
      `${flows}\n05023,fr,commute,2021,3,${SOURCE}`,
      /field "destination": expected the code of an atlas commune, or an ISO 3166-1 country code/,
    ],
    [
      'unknown origin',
      `${flows}\n00000,IT,commute,2021,3,${SOURCE}`,
      /field "origin": expected the code of an atlas commune/,
    ],
  ])('flows: %s', (_case, text, message) => {
    expect(rejection('flows', 'bad.csv', text).join('\n')).toMatch(message);
  });

  const services = 'category,name,address,lon,lat,country,languages,contact,source,licence';
  it.each([
    [
      'out of the map',
      `${services}\nwelcome,Accueil,,2.35,48.85,FR,fr,,${SOURCE}`,
      /field "lon": expected a longitude from 4.5 to 16.5/,
    ],
    [
      'country mismatch',
      `${services}\nwelcome,Accueil,,6.6436,44.8995,IT,fr,,${SOURCE}`,
      /field "country": expected FR: the point lies in Briançon \(05023\)/,
    ],
    [
      'reference-only category',
      `${services}\nfrance-services,Accueil,,6.6436,44.8995,FR,fr,,${SOURCE}`,
      /france-services comes from the reference sources only/,
    ],
    [
      'bad languages',
      `${services}\nwelcome,Accueil,,6.6436,44.8995,FR,French,,${SOURCE}`,
      /field "languages": expected ISO 639-1 language codes/,
    ],
  ])('services CSV: %s', (_case, text, message) => {
    expect(rejection('services', 'bad.csv', text).join('\n')).toMatch(message);
  });

  const feature = (geometry: unknown, properties: Record<string, unknown>) =>
    JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties }] });
  const props = {
    category: 'welcome',
    name: 'Accueil',
    address: '',
    country: 'FR',
    languages: 'fr',
    contact: '',
    source: 'Test fixture',
    licence: 'Licence Ouverte 2.0',
  };
  it.each([
    ['invalid JSON', '{"type": "FeatureCollection", "features": [', /bad.geojson: expected valid JSON/],
    ['not a FeatureCollection', '{"type": "Feature"}', /expected a GeoJSON FeatureCollection/],
    [
      'a polygon',
      feature(
        {
          type: 'Polygon',
          coordinates: [
            [
              [6.6, 44.9],
              [6.7, 44.9],
              [6.7, 45],
              [6.6, 44.9],
            ],
          ],
        },
        props,
      ),
      /feature 1, field "geometry": expected a Point geometry/,
    ],
    [
      'a __proto__ property',
      `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[6.64,` +
        `44.9]},"properties":{"__proto__":{"polluted":1},"category":"welcome","name":"A","address":"",` +
        `"country":"FR","languages":"","contact":"","source":"S","licence":"L"}}]}`,
      /field "__proto__": expected only the properties/,
    ],
  ])('services GeoJSON: %s', (_case, text, message) => {
    expect(rejection('services', 'bad.geojson', text).join('\n')).toMatch(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a file that is not UTF-8, an empty one and one over 5 MB', () => {
    expect(
      rejection('indicator', 'latin1.csv', Buffer.from(`${header}\npopulation,05023,x,1,Insee é,L`, 'latin1')).join(),
    ).toMatch(/expected a UTF-8 file/);
    expect(rejection('indicator', 'empty.csv', '').join()).toMatch(/expected a file with a header row and data/);
    expect(rejection('indicator', 'huge.csv', Buffer.alloc(5 * 1024 * 1024 + 1, 'a')).join()).toMatch(
      /expected a file of at most 5 MB/,
    );
  });

  it('refuses a value an earlier import already gave, naming that import', () => {
    const first = store.importFile('indicator', 'a.csv', example('indicator-population-dgcl.csv'), reference);
    expect(rejection('indicator', 'b.csv', example('indicator-population-dgcl.csv')).join('\n')).toMatch(
      new RegExp(`import ${first.id} has population for 05023`),
    );
  });

  it('reports every problem of a file at once', () => {
    const errors = rejection('indicator', 'bad.csv', `${header}\nnope,99999,w,x,${SOURCE}`);
    expect(errors.map((e) => e.match(/field "(\w+)"/)?.[1])).toEqual(['indicator', 'commune', 'value']);
  });
});

describe('imported figures survive a rebuild of the reference data', () => {
  it('rebuilding atlas.sqlite leaves local.sqlite and its rows untouched', async () => {
    const atlasPath = path.join(dir, 'rebuilt.sqlite');
    await buildAtlas({ ...realOptions, dbPath: atlasPath, log: () => {} });
    store.importFile('indicator', 'dgcl.csv', example('indicator-population-dgcl.csv'), reference);
    const before = fileHash(storePath);
    const values = store.read().values;
    await buildAtlas({ ...realOptions, dbPath: atlasPath, log: () => {} });
    expect(fileHash(storePath)).toBe(before);
    expect(store.read().values).toEqual(values);
    expect(values).toHaveLength(13);
  });
});

describe('npm run import (the command line)', () => {
  it('imports, lists and removes; a bad file exits 1 naming the line and field', async () => {
    const local = path.join(dir, 'cli.sqlite');
    const env = { ATLAS_LOCAL_DB: local };
    const imported = await importCli(env, 'indicator', 'examples/indicator-population-dgcl.csv');
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.out).toMatch(/Imported 13 values from indicator-population-dgcl.csv as import 1/);
    expect((await importCli(env, 'list')).out).toMatch(/1 {2}indicator +13 rows .* indicator-population-dgcl.csv/);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'indicator,commune,period,value,source,licence\npopulation,05023,x,1;5,S,L\n');
    const refused = await importCli(env, 'indicator', bad);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/bad.csv, line 2, field "value": expected a finite number/);
    expect(await importCli(env, 'remove', '1')).toMatchObject({ code: 0 });
    expect((await importCli(env, 'remove', '1')).code).toBe(1);
    expect((await importCli(env, '--help')).out).toMatch(/npm run import -- indicator FILE.csv/);
  }, 60_000);
});
