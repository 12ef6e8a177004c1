import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../vocabulary/csv.ts';
import { MIRROR } from './paths.ts';

/**
 * Official files for the tests of `npm run import -- official`, in the layouts their publishers use.
 *
 * Real: the mirror's ANPR file as it is, and INSEE base-cc and base-ic files written here from the real census 2021
 * dwelling counts of the mirror (tourism/fr_logements_rp2021_05_73.csv). Only the IRIS split of those counts is made
 * up (a commune's count is cut in two IRIS rows that add up exactly); every commune total is INSEE's.
 *
 * Fixture values: the population, age and nationality counts of `EVOL_STRUCT_POP_FIXTURE` are hand-made numbers in
 * the published layout, to test the formulas and storing: no reference value exists for them.
 */

export const ANPR_FILE = path.join(MIRROR, 'population/it_anpr_residenti_2026-01_torino_subset.csv');
export const anprFile = () => readFileSync(ANPR_FILE);

/** The census 2021 dwellings of the mirror, as INSEE published them (strings, to keep every digit). */
export function dwellings2021() {
  const file = path.join(MIRROR, 'tourism/fr_logements_rp2021_05_73.csv');
  return parseCsv(readFileSync(file, 'utf8'), file).map(({ values: v }) => ({
    code: v.insee!,
    name: v.nom!,
    LOG: v.P21_LOG!,
    RP: v.P21_RP!,
    RSECOCC: v.P21_RSECOCC!,
    LOGVAC: v.P21_LOGVAC!,
  }));
}

const VARIABLES = ['LOG', 'RP', 'RSECOCC', 'LOGVAC'] as const;

/** base-cc-logement-2021 as INSEE publishes it: semicolons, CODGEO, P21_ variables; with a UTF-8 BOM. */
export function baseCcLogement(edit: (row: ReturnType<typeof dwellings2021>[number]) => void = () => {}): string {
  const rows = dwellings2021().map((row) => {
    edit(row);
    return [row.code, ...VARIABLES.map((v) => row[v])].join(';');
  });
  return `\uFEFF${['CODGEO', ...VARIABLES.map((v) => `P21_${v}`)].join(';')}\n${rows.join('\n')}\n`;
}

/**
 * A count cut in two parts that add up to it exactly in floating point: three quarters, then the rest (Sterbenz:
 * x − a is exact when a lies between x/2 and 2x, so a + (x − a) gives x back).
 */
export function splitExactly(text: string): [string, string] {
  const x = Number(text);
  const a = x * 0.75;
  return [String(a), String(x - a)];
}

/**
 * base-ic-logement-2021 in INSEE's IRIS layout (IRIS, COM, names, then P21_ variables), comma-separated, in
 * Latin-1 as INSEE has published IRIS bases: communes of more than 1 000 dwellings in two IRIS (…0101, …0102),
 * the others one IRIS (…0000, as INSEE codes a commune without IRIS).
 */
export function baseIcLogementLatin1(): Buffer {
  const header = ['IRIS', 'COM', 'LIBCOM', 'LIBIRIS', 'TYP_IRIS', ...VARIABLES.map((v) => `P21_${v}`)];
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = dwellings2021().flatMap((row) => {
    const name = quote(row.name);
    if (Number(row.LOG) <= 1000)
      return [[`${row.code}0000`, row.code, name, name, 'Z', ...VARIABLES.map((v) => row[v])]];
    const parts = VARIABLES.map((v) => splitExactly(row[v]));
    return [0, 1].map((i) => [
      `${row.code}010${i + 1}`,
      row.code,
      name,
      quote(`${row.name} ${i + 1}`),
      'H',
      ...parts.map((p) => p[i]!),
    ]);
  });
  return Buffer.from(`${[header, ...lines].map((l) => l.join(',')).join('\r\n')}\r\n`, 'latin1');
}

/**
 * FIXTURE VALUES, not INSEE's: a base-ic-evol-struct-pop-2021 file in the published IRIS layout (its first
 * columns and the variables the atlas reads, in INSEE's order) with hand-made counts: two IRIS of Briançon (05023),
 * Le Monêtier-les-Bains (05079), Cervières (05027) with a population of 0, and Lyon (69123), outside the atlas.
 */
export const EVOL_STRUCT_POP_FIXTURE = {
  name: 'base-ic-evol-struct-pop-2021.CSV',
  header: ['IRIS', 'COM', 'TYP_IRIS', 'LAB_IRIS', 'P21_POP', 'P21_POP0014', 'P21_POP1529', 'P21_POP3044'].concat(
    ['P21_POP4559', 'P21_POP6074', 'P21_POP75P', 'P21_POP0019', 'P21_POP2064', 'P21_POP65P'],
    ['P21_POP_FR', 'P21_POP_ETR', 'P21_POP_IMM', 'P21_PMEN', 'P21_PHORMEN'],
  ),
  // IRIS;COM;TYP_IRIS;LAB_IRIS;POP;0014;1529;3044;4559;6074;75P;0019;2064;65P;POP_FR;POP_ETR;POP_IMM;PMEN;PHORMEN
  rows: [
    '050230101;05023;H;1;5000;700;800;900;1100;900;600;950;2950;1100;4600;400;500;4900;100',
    '050230102;05023;H;1;3000;400;500;500;700;550;350;560;1800;640;2800;200;300;2950;50',
    '050790000;05079;Z;1;1200;180;150;200;300;250;120;240;720;240;1140;60;90;1190;10',
    '050270000;05027;Z;1;0;0;0;0;0;0;0;0;0;0;0;0;0;0;0',
    '691230101;69123;H;1;9000;1500;2000;1800;1700;1200;800;2000;5500;1500;8100;900;1100;8800;200',
  ].map((row) => row.split(';')),
  /** The shares the atlas must store, by commune: the formulas of the declared map over the fixture counts. */
  expected: {
    '05023': {
      population: 8000,
      foreign: 600 / 8000,
      immigrants: 800 / 8000,
      under30: 2400 / 8000,
      over65: 1740 / 8000,
    },
    '05079': { population: 1200, foreign: 60 / 1200, immigrants: 90 / 1200, under30: 330 / 1200, over65: 240 / 1200 },
  },
};

export const evolStructPopFile = (rows = EVOL_STRUCT_POP_FIXTURE.rows) =>
  [EVOL_STRUCT_POP_FIXTURE.header, ...rows].map((r) => r.join(';')).join('\n');
