import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import { LOCAL_APPLICATION_ID } from '../../local-store/local-schema.ts';
import { OFFICIAL_LAYOUTS, OFFICIAL_PUBLISHERS } from '../../vocabulary/official-variables.ts';
import { roundTo } from '../../vocabulary/rounding.ts';
import {
  ANPR_FILE,
  anprFile,
  baseCcLogement,
  baseIcLogementLatin1,
  dwellings2021,
  EVOL_STRUCT_POP_FIXTURE,
  evolStructPopFile,
} from '../helpers/official-files.ts';
import { importCli } from '../helpers/import-cli.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/**
 * `npm run import -- official FILE`: official files as their publishers lay them out. Real: the mirror's ANPR file,
 * and INSEE base-cc and base-ic files written from the mirror's census 2021 dwelling counts; their values agree with
 * the reference data and nothing is stored twice. Fixture values (test/helpers/official-files.ts): the age and
 * nationality counts, which no reference has, to test the formulas and what is stored.
 */

const atlasDb = new Database(inject('atlasDb'), { readonly: true });
const reference = importReference(atlasDb);
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-official-'));
afterAll(() => {
  atlasDb.close();
  rmSync(dir, { recursive: true, force: true });
});

let store: LocalStore;
beforeEach(() => {
  store = openLocalStore(path.join(mkdtempSync(path.join(dir, 's-')), 'local.sqlite'));
  return () => store.close();
});

const INSEE = OFFICIAL_PUBLISHERS.insee;
/** The reference values of an indicator in a period, by commune, as the build stored them. */
const referenceValues = (indicator: string, period: string) =>
  new Map(
    (
      atlasDb
        .prepare('SELECT subject_id AS code, value FROM indicator_values WHERE indicator_id = ? AND period = ?')
        .all(indicator, period) as { code: string; value: number }[]
    ).map((r) => [r.code, r.value]),
  );
const SECONDARY_HOMES = referenceValues('secondary-homes-share', 'insee-rp2021');

describe('real layouts: values the reference data has agree with it, and are not stored twice', () => {
  it('ANPR residents, the mirror file as it is: the 38 comuni agree with the reference population', () => {
    const name = path.basename(ANPR_FILE);
    const { import: made, summary } = store.importOfficialFile(name, anprFile(), reference);
    expect(made).toBeNull();
    expect(summary).toEqual({
      file: name,
      layout: 'anpr-residenti',
      layoutTitle: OFFICIAL_LAYOUTS['anpr-residenti'].title,
      publisher: "Ministero dell'Interno, ANPR",
      licence: OFFICIAL_PUBLISHERS.anpr.licence,
      separator: ',',
      encoding: 'UTF-8',
      variables: ['RESIDENTI'],
      rows: 38,
      communesKept: 38,
      communesSkipped: 0,
      rowsSkipped: 0,
      measures: [
        { indicator: 'population', period: 'anpr-2026-01', formula: 'RESIDENTI', agreeing: 38, stored: 0, noValue: 0 },
      ],
    });
    expect(store.list()).toEqual([]);
    expect(store.read().values).toEqual([]);
  });

  it('INSEE base-cc-logement-2021 as published (semicolons, BOM, CODGEO, P21_): the build’s 435 shares', () => {
    const rows = dwellings2021();
    // What "agree" means, computed here apart from the importer: the build's formula at one decimal.
    for (const row of rows.filter((r) => SECONDARY_HOMES.has(r.code)))
      expect(roundTo((Number(row.RSECOCC) / Number(row.LOG)) * 100, 1), row.code).toBe(SECONDARY_HOMES.get(row.code));
    const { import: made, summary } = store.importOfficialFile(
      'base-cc-logement-2021.CSV',
      Buffer.from(baseCcLogement()),
      reference,
    );
    expect(made).toBeNull();
    expect(SECONDARY_HOMES.size).toBe(435);
    expect(summary).toMatchObject({
      layout: 'insee-base-cc',
      publisher: 'INSEE',
      licence: INSEE.licence,
      separator: ';',
      encoding: 'UTF-8',
      variables: ['P21_RSECOCC', 'P21_LOG'],
      rows: rows.length,
      communesKept: 435,
      communesSkipped: rows.length - 435,
      rowsSkipped: rows.length - 435,
      measures: [
        {
          indicator: 'secondary-homes-share',
          period: 'insee-rp2021',
          formula: 'P21_RSECOCC / P21_LOG × 100',
          agreeing: 435,
          stored: 0,
          noValue: 0,
        },
      ],
    });
    expect(store.read().values).toEqual([]);
  });

  it('INSEE base-ic (IRIS, COM, names in Latin-1, commas): IRIS summed to communes give the same 435 shares', () => {
    const file = baseIcLogementLatin1();
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file)).toThrow();
    const { import: made, summary } = store.importOfficialFile('base-ic-logement-2021.CSV', file, reference);
    expect(made).toBeNull();
    expect(summary).toMatchObject({ layout: 'insee-base-ic', separator: ',', encoding: 'Latin-1', communesKept: 435 });
    expect(summary.rows).toBeGreaterThan(dwellings2021().length);
    expect(summary.measures).toEqual([expect.objectContaining({ agreeing: 435, stored: 0, noValue: 0 })]);
  });

  it('the publishers’ licences are those data/sources.json gives their sources', () => {
    const sources = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/sources.json'), 'utf8')).sources as {
      id: string;
      licence: { name: string };
    }[];
    const licence = (id: string) => sources.find((s) => s.id === id)!.licence.name;
    expect(OFFICIAL_PUBLISHERS.insee.licence).toBe(licence('insee-logements-rp2021'));
    expect(OFFICIAL_PUBLISHERS.anpr.licence).toBe(licence('anpr-residenti-2026-01'));
  });
});

describe('values stored: fixture counts in the published IRIS layout of base-ic-evol-struct-pop', () => {
  const { name, expected } = EVOL_STRUCT_POP_FIXTURE;

  it('stores each formula’s value for the atlas communes; skips Lyon; no share where the population is 0', () => {
    const { import: made, summary } = store.importOfficialFile(name, Buffer.from(evolStructPopFile()), reference);
    expect(summary).toMatchObject({ rows: 5, communesKept: 3, communesSkipped: 1, rowsSkipped: 1 });
    expect(summary.measures).toEqual([
      { indicator: 'population', period: 'insee-rp2021', formula: 'P21_POP', agreeing: 0, stored: 3, noValue: 0 },
      ...[
        ['foreign-residents-share', 'P21_POP_ETR / P21_POP × 100'],
        ['immigrants-share', 'P21_POP_IMM / P21_POP × 100'],
        ['under-30-share', '(P21_POP0014 + P21_POP1529) / P21_POP × 100'],
        ['over-65-share', 'P21_POP65P / P21_POP × 100'],
      ].map(([indicator, formula]) => ({
        indicator,
        period: 'insee-rp2021',
        formula,
        agreeing: 0,
        stored: 2,
        noValue: 1,
      })),
    ]);
    expect(made).toMatchObject({ kind: 'official', fileName: name, rowCount: 11 });
    expect(made!.sources).toEqual([
      {
        id: `import-${made!.id}-1`,
        title: `INSEE: ${name}, imported as published (insee-rp2021)`,
        licence: INSEE.licence,
      },
    ]);
    const stored = Object.fromEntries(
      store.read().values.map((v) => [`${v.indicatorId} ${v.communeCode}`, [v.period, v.value]]),
    );
    expect(stored).toEqual({
      'population 05023': ['insee-rp2021', 8000],
      'population 05079': ['insee-rp2021', 1200],
      'population 05027': ['insee-rp2021', 0],
      ...Object.fromEntries(
        Object.entries(expected).flatMap(([code, e]) => [
          [`foreign-residents-share ${code}`, ['insee-rp2021', e.foreign * 100]],
          [`immigrants-share ${code}`, ['insee-rp2021', e.immigrants * 100]],
          [`under-30-share ${code}`, ['insee-rp2021', e.under30 * 100]],
          [`over-65-share ${code}`, ['insee-rp2021', e.over65 * 100]],
        ]),
      ),
    });
  });

  it('the vintage comes from the prefix: the same counts under P22_ are census 2022, period insee-rp2022', () => {
    const p22 = evolStructPopFile().replace(/^[^\n]*/, (header) => header.replaceAll('P21_', 'P22_'));
    const { summary } = store.importOfficialFile('base-ic-evol-struct-pop-2022.csv', Buffer.from(p22), reference);
    expect(new Set(summary.measures.map((m) => m.period))).toEqual(new Set(['insee-rp2022']));
    expect(summary.variables).toContain('P22_POP_ETR');
    expect(new Set(store.read().values.map((v) => v.period))).toEqual(new Set(['insee-rp2022']));
  });

  it('65+ from P21_POP6579 + P21_POP80P where a file has no P21_POP65P, never from the 60–74 band', () => {
    const file = 'CODGEO;P21_POP;P21_POP6074;P21_POP6579;P21_POP80P\n05023;8000;1300;1200;540\n';
    const { summary } = store.importOfficialFile('ages.csv', Buffer.from(file), reference);
    expect(summary.measures.map((m) => m.formula)).toEqual(['P21_POP', '(P21_POP6579 + P21_POP80P) / P21_POP × 100']);
    expect(store.read().values.find((v) => v.indicatorId === 'over-65-share')!.value).toBe((1740 / 8000) * 100);
  });

  it('a value imported already is refused, naming its import; nothing stored the second time', () => {
    const file = Buffer.from(evolStructPopFile());
    const first = store.importOfficialFile(name, file, reference).import!;
    const before = store.read();
    expect(() => store.importOfficialFile(name, file, reference)).toThrow(
      `${name}, line 2, field "P21_POP": expected a value not imported already (import ${first.id} has population ` +
        'for 05023 in insee-rp2021; remove it first)',
    );
    expect(store.read()).toEqual(before);
  });
});

describe('a local database of the version before official files (2)', () => {
  it('is upgraded at open, keeps its imports and their numbers, and takes an official file', () => {
    const file = path.join(mkdtempSync(path.join(dir, 'v2-')), 'local.sqlite');
    const schema = readFileSync(path.join(PROJECT_ROOT, 'local-store/schema.sql'), 'utf8');
    const old = new Database(file);
    old.exec(schema.replace(", 'official'", ''));
    old.pragma(`application_id = ${LOCAL_APPLICATION_ID}`);
    old.pragma('user_version = 2');
    const add = old.prepare(
      "INSERT INTO imports (kind, file_name, imported_at, row_count, sha256) VALUES (?, ?, '2026-12-01', 1, 'x')",
    );
    add.run('flows', 'kept.csv');
    add.run('flows', 'removed.csv');
    old.exec('DELETE FROM imports WHERE id = 2');
    expect(() => add.run('official', 'x.csv')).toThrow(/CHECK constraint failed/);
    old.close();
    const upgraded = openLocalStore(file);
    try {
      const made = upgraded.importOfficialFile('fixture.csv', Buffer.from(evolStructPopFile()), reference).import!;
      expect(upgraded.list().map((i) => [i.id, i.kind])).toEqual([
        [1, 'flows'],
        [3, 'official'],
      ]);
      expect(made.id).toBe(3);
    } finally {
      upgraded.close();
    }
  });
});

describe('npm run import -- official (the command line)', () => {
  it('reads the mirror’s ANPR file as it is; stores a fixture file and lists it as official', async () => {
    const env = { ATLAS_LOCAL_DB: path.join(dir, 'cli.sqlite') };
    const anpr = await importCli(env, 'official', ANPR_FILE);
    expect(anpr.code, anpr.out).toBe(0);
    expect(anpr.out).toContain(`Recognised: ${OFFICIAL_LAYOUTS['anpr-residenti'].title} (comma-separated, UTF-8)`);
    expect(anpr.out).toContain('Rows: 38; atlas communes kept: 38; communes outside the atlas skipped: 0 (0 rows)');
    expect(anpr.out).toMatch(/population anpr-2026-01 = RESIDENTI: 38 agree with the reference data, 0 stored/);
    expect(anpr.out).toContain('Nothing stored: every value of the file is already in the atlas.');
    const fixture = path.join(dir, EVOL_STRUCT_POP_FIXTURE.name);
    writeFileSync(fixture, evolStructPopFile());
    const stored = await importCli(env, 'official', fixture);
    expect(stored.out).toMatch(/Imported 11 values as import 1 into /);
    expect(stored.out).toContain(`source import-1-1: INSEE: ${EVOL_STRUCT_POP_FIXTURE.name}, imported as published`);
    expect((await importCli(env, 'list')).out).toMatch(
      / {3}1 {2}official +11 rows .* base-ic-evol-struct-pop-2021\.CSV/,
    );
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'code;value\n05023;12\n');
    const refused = await importCli(env, 'official', bad);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/bad.csv, line 1: expected the header row of an official file as published: INSEE/);
    expect((await importCli(env, '--help')).out).toMatch(/npm run import -- official FILE.csv/);
  }, 60_000);
});
