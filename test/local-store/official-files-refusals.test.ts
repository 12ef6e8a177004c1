import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ImportRejected, openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import { OFFICIAL_LAYOUTS } from '../../vocabulary/official-variables.ts';
import { anprFile, baseCcLogement, EVOL_STRUCT_POP_FIXTURE, evolStructPopFile } from '../helpers/official-files.ts';

/**
 * Official files refused whole, every problem named by file, line, field and what was expected, nothing stored. The
 * files are the real layouts of test/helpers/official-files.ts with one thing broken, or short fixtures.
 */

const atlasDb = new Database(inject('atlasDb'), { readonly: true });
const reference = importReference(atlasDb);
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-official-refused-'));
afterAll(() => {
  atlasDb.close();
  rmSync(dir, { recursive: true, force: true });
});

let store: LocalStore;
beforeEach(() => {
  store = openLocalStore(path.join(mkdtempSync(path.join(dir, 's-')), 'local.sqlite'));
  return () => store.close();
});

/** The problems of a refused file; fails unless it is refused with nothing stored. */
function refusal(name: string, text: string | Buffer): string[] {
  const before = JSON.stringify([store.list(), store.read()]);
  try {
    store.importOfficialFile(name, Buffer.isBuffer(text) ? text : Buffer.from(text), reference);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRejected);
    expect(JSON.stringify([store.list(), store.read()])).toBe(before);
    return (error as ImportRejected).errors.map((e) => e.message);
  }
  throw new Error(`${name} was imported`);
}

const LAYOUTS = Object.values(OFFICIAL_LAYOUTS)
  .map((l) => l.title)
  .join('; or ');
const fixtureRow = (i: number) => EVOL_STRUCT_POP_FIXTURE.rows[i]!;
const column = (name: string) => EVOL_STRUCT_POP_FIXTURE.header.indexOf(name);
const withCell = (row: string[], name: string, value: string) => row.map((c, i) => (i === column(name) ? value : c));

describe('a header that matches no layout is refused, naming the layouts expected', () => {
  it.each([
    ['a planner’s own table', 'code;value\n05023;12\n', 'code value'],
    ['an INSEE base without CODGEO or IRIS', 'CODE;P21_LOG;P21_RSECOCC\n05023;10;5\n', 'CODE P21_LOG P21_RSECOCC'],
    [
      'an ANPR table without RESIDENTI',
      'MESE,ANNO,COD_ISTAT_COMUNE,TOTALE\n1,2026,001022,2878\n',
      'MESE ANNO COD_ISTAT_COMUNE TOTALE',
    ],
  ])('%s', (_what, file, got) => {
    expect(refusal('table.csv', file)).toEqual([
      `table.csv, line 1: expected the header row of an official file as published: ${LAYOUTS}, got "${got}"`,
    ]);
  });

  it('an INSEE base of other variables only: refused, naming variables the map reads', () => {
    expect(refusal('base-cc-emploi-pop-active-2021.CSV', 'CODGEO;P21_ACT1564;C21_ACTOCC15P\n05023;10;9\n')).toEqual([
      'base-cc-emploi-pop-active-2021.CSV, line 1: expected the variables of at least one atlas indicator, e.g. ' +
        'P21_POP (population), P21_POP_ETR and P21_POP (foreign residents), P21_RSECOCC and P21_LOG (secondary ' +
        'homes): see README, "Official files", got "CODGEO P21_ACT1564 C21_ACTOCC15P"',
    ]);
  });
});

describe('bad rows', () => {
  const { name } = EVOL_STRUCT_POP_FIXTURE;

  it('a count that is not a number, and a negative one: line and field', () => {
    const rows = [withCell(fixtureRow(0), 'P21_POP', 'n.d.'), withCell(fixtureRow(2), 'P21_POP_ETR', '-3')];
    expect(refusal(name, evolStructPopFile(rows))).toEqual([
      `${name}, line 2, field "P21_POP": expected a number such as 1234 or 907.26, or nothing where the publisher ` +
        'gives none, got "n.d."',
      `${name}, line 3, field "P21_POP_ETR": expected a count of 0 or more, got "-3"`,
    ]);
  });

  it('a commune twice (base-cc), an IRIS twice (base-ic), a comune and month twice (ANPR)', () => {
    const cc = baseCcLogement();
    const briancon = cc.split('\n').find((l) => l.startsWith('05023;'))!;
    const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;
    expect(refusal('base-cc-logement-2021.CSV', `${cc}${briancon}\n`)).toEqual([
      `base-cc-logement-2021.CSV, line ${cc.split('\n').length}, field "CODGEO": expected one row per commune ` +
        `(line ${lineOf(cc, '05023;')} has 05023 already), got "05023"`,
    ]);
    expect(refusal(name, evolStructPopFile([fixtureRow(0), fixtureRow(0)]))).toEqual([
      `${name}, line 3, field "IRIS": expected one row per IRIS (line 2 has 050230101 already), got "050230101"`,
    ]);
    const anpr = anprFile().toString();
    expect(refusal('anpr.csv', `${anpr}${anpr.split('\n')[1]}\n`)).toEqual([
      `anpr.csv, line 40, field "COD_ISTAT_COMUNE": expected one row per comune and month (line 2 has 001022 in ` +
        '2026-1 already), got "001022 in 2026-1"',
    ]);
  });

  it('a COM that is not the commune of its IRIS, an IRIS code of the wrong length, a month 13', () => {
    const rows = [withCell(fixtureRow(0), 'COM', '05024'), withCell(fixtureRow(2), 'IRIS', '0507900')];
    expect(refusal(name, evolStructPopFile(rows))).toEqual([
      `${name}, line 2, field "COM": expected the commune of IRIS 050230101: 05023, got "05024"`,
      `${name}, line 3, field "IRIS": expected an IRIS code of 9 characters (commune code, then 4), got "0507900"`,
    ]);
    const anpr = anprFile().toString().replace('\n1,2026,PIEMONTE,TORINO,001022', '\n13,2026,PIEMONTE,TORINO,001022');
    expect(refusal('anpr.csv', anpr)).toEqual([
      'anpr.csv, line 2, field "MESE": expected a month from 1 to 12, got "13"',
    ]);
  });

  it('more foreigners than inhabitants', () => {
    const rows = [withCell(fixtureRow(2), 'P21_POP_ETR', '1300')];
    expect(refusal(name, evolStructPopFile(rows))).toEqual([
      `${name}, line 2, field "P21_POP_ETR": expected P21_POP_ETR at most P21_POP (1200) for 05079, got 1300`,
    ]);
  });

  it('a row with fewer fields than the header', () => {
    expect(refusal(name, evolStructPopFile([fixtureRow(1).slice(0, 10)]))).toEqual([
      `${name}, line 2: expected 19 fields as in the header, got "10 fields"`,
    ]);
  });
});

describe('a value that differs from the reference data refuses the whole file', () => {
  it('INSEE: one commune’s secondary homes changed; the message names the reference value', () => {
    const file = baseCcLogement((row) => {
      if (row.code === '05023') row.RSECOCC = String(Number(row.RSECOCC) + 100);
    });
    const line = file.split('\n').findIndex((l) => l.startsWith('05023;')) + 1;
    const [problem, ...others] = refusal('base-cc-logement-2021.CSV', file);
    expect(others).toEqual([]);
    const known = atlasDb
      .prepare(
        "SELECT value FROM indicator_values WHERE indicator_id = 'secondary-homes-share' AND period = 'insee-rp2021' " +
          "AND subject_id = '05023'",
      )
      .pluck()
      .get();
    expect(problem).toMatch(
      new RegExp(
        `^base-cc-logement-2021\\.CSV, line ${line}, field "P21_RSECOCC": expected ${known}, the atlas's reference ` +
          'value of secondary-homes-share for 05023 in insee-rp2021 ' +
          '\\(P21_RSECOCC / P21_LOG × 100, rounded to 1 decimal\\), got \\d+\\.\\d$',
      ),
    );
  });

  it('ANPR: one comune’s residents changed', () => {
    const anpr = anprFile().toString().replace(',BARDONECCHIA,2878', ',BARDONECCHIA,2879');
    expect(refusal('anpr.csv', anpr)).toEqual([
      'anpr.csv, line 2, field "RESIDENTI": expected 2878, the atlas\'s reference value of population for 001022 in ' +
        'anpr-2026-01 (RESIDENTI, rounded to 0 decimals), got 2879',
    ]);
  });
});
