import { parse } from 'csv-parse/sync';
import { InputError, type InputLocation } from '../vocabulary/input-error.ts';
import {
  ANPR_MEASURES,
  INSEE_MEASURES,
  OFFICIAL_LAYOUTS,
  OFFICIAL_PUBLISHERS,
  anprPeriod,
  inseePeriod,
  type OfficialLayout,
  type OfficialFormula,
  type OfficialMeasure,
  type OfficialSummary,
} from '../vocabulary/official-variables.ts';
import { computeOfficialValues, type OfficialGroup } from './official-measures.ts';
import type { ImportReference } from './reference.ts';
import { ImportRejected, Problems } from './rows.ts';

/**
 * The largest official file read: INSEE's national bases run from tens to a few hundred MB (base-cc-evol-struct-pop
 * about 250 MB), and a JavaScript string holds at most about 512 million characters. The API takes 5 MB, as for
 * every import: larger files go through the command line.
 */
export const OFFICIAL_MAX_FILE_BYTES = 500 * 1024 * 1024;

const INSEE_COMMUNE = /^\d[\dAB]\d{3}$/;
const INSEE_IRIS = /^\d[\dAB]\d{7}$/;
const ISTAT_COMUNE = /^\d{6}$/;
/** An INSEE census variable: P (principal) or C (complementary exploitation), the vintage's two digits, the name. */
const INSEE_VARIABLE = /^([PC])(\d{2})_(.+)$/;
const ANPR_COLUMNS = ['MESE', 'ANNO', 'COD_ISTAT_COMUNE', 'RESIDENTI'];

const EXPECTED_LAYOUTS =
  'the header row of an official file as published: ' +
  Object.values(OFFICIAL_LAYOUTS)
    .map((l) => l.title)
    .join('; or ');

/** A row's fields by column name: only the columns read. */
type Fields = Map<string, string>;

/** What a layout reads from a row: the commune it is about, its periods, and each period's variables. */
interface Plan {
  layout: OfficialLayout;
  /** The columns read, by name (upper case), key columns first; and of them, the variables. */
  columns: string[];
  variables: string[];
  /** The row's own key (commune, IRIS, or comune and month), checked for duplicates, what it is, and its commune. */
  key(fields: Fields): string;
  keyName: string;
  commune(fields: Fields): string;
  /** Checks the key fields of any row, atlas commune or not. */
  checkKey(fields: Fields, line: number, problems: Problems): void;
  /** The periods a kept row gives, each with the measures and the variable columns that give them. */
  periods(fields: Fields): { period: string; variables: Map<string, string> }[];
  /** The measures a period gives. */
  measuresOf(period: string): readonly OfficialMeasure[];
}

/**
 * Reads an official file as its publisher published it (INSEE base-cc or base-ic, ANPR residents), sums IRIS rows
 * to communes, computes the atlas indicators of the declared map (vocabulary/official-variables.ts) for the atlas
 * communes, and compares each with the reference data where it has one. Refused whole, naming every problem.
 */
export function readOfficialFile(file: string, bytes: Uint8Array, reference: ImportReference) {
  const { text, encoding } = decodeOfficial(file, bytes);
  const lines = text.split(/\r\n|\n|\r/);
  const separator: ';' | ',' = lines[0]!.includes(';') ? ';' : ',';
  const header = splitLine(file, 1, lines[0]!, separator).map((name) => name.trim());
  const plan = recognise(file, header);
  const indexes = plan.columns.map((name) => header.findIndex((h) => h.toUpperCase() === name));
  const problems = new Problems();
  const seen = new Map<string, number>();
  const groups = new Map<string, OfficialGroup>();
  const skipped = new Set<string>();
  let rows = 0;
  let rowsSkipped = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const line = i + 1;
    rows++;
    const cells = splitLine(file, line, lines[i]!, separator);
    if (cells.length !== header.length) {
      problems.add({ file, line }, `${header.length} fields as in the header`, `${cells.length} fields`);
      continue;
    }
    const fields: Fields = new Map(plan.columns.map((name, c) => [name, cells[indexes[c]!]!.trim()]));
    plan.checkKey(fields, line, problems);
    const key = plan.key(fields);
    if (seen.has(key)) {
      problems.add(
        { file, line, field: plan.columns[0] },
        `one row per ${plan.keyName} (line ${seen.get(key)} has ${key} already)`,
        key,
      );
      continue;
    }
    seen.set(key, line);
    const commune = plan.commune(fields);
    if (!reference.communes.has(commune)) {
      rowsSkipped++;
      skipped.add(commune);
      continue;
    }
    for (const { period, variables } of plan.periods(fields)) {
      const id = `${commune} ${period}`;
      if (!groups.has(id)) groups.set(id, { commune, period, line, sums: new Map(), columns: variables });
      const sums = groups.get(id)!.sums;
      for (const [variable, column] of variables) {
        const value = readCount(fields.get(column)!, separator, { file, line, field: column }, problems);
        const before = sums.has(variable) ? sums.get(variable)! : 0;
        sums.set(variable, before === null || value === null ? null : before + value);
      }
    }
  }
  if (rows === 0) throw new ImportRejected([new InputError({ file, line: 2 }, 'at least one data row')]);
  const computed = computeOfficialValues(file, [...groups.values()], plan.measuresOf, reference, problems);
  problems.throwIfAny();

  const { name: publisher, licence } = OFFICIAL_PUBLISHERS[OFFICIAL_LAYOUTS[plan.layout].publisher];
  const summary: OfficialSummary = {
    file,
    layout: plan.layout,
    layoutTitle: OFFICIAL_LAYOUTS[plan.layout].title,
    publisher,
    licence,
    separator,
    encoding,
    variables: plan.variables,
    rows,
    communesKept: new Set([...groups.values()].map((g) => g.commune)).size,
    communesSkipped: skipped.size,
    rowsSkipped,
    measures: computed.measures,
  };
  const periods = [...new Set(summary.measures.map((m) => m.period))].join(', ');
  const title = `${publisher}: ${file}, imported as published (${periods})`;
  return { values: computed.values, source: { title: title.slice(0, 300), licence }, summary };
}

/** Bytes to text: UTF-8 (a BOM dropped), or else Latin-1, in which INSEE has published some of its bases. */
function decodeOfficial(file: string, bytes: Uint8Array): { text: string; encoding: 'UTF-8' | 'Latin-1' } {
  if (bytes.length > OFFICIAL_MAX_FILE_BYTES)
    throw new ImportRejected([
      new InputError(
        { file },
        `a file of at most ${OFFICIAL_MAX_FILE_BYTES / 1024 / 1024} MB`,
        `${bytes.length} bytes`,
      ),
    ]);
  let decoded: { text: string; encoding: 'UTF-8' | 'Latin-1' };
  try {
    decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Only codes and numbers are read: names in Latin-1 (LIBCOM, LIBIRIS) need no more than to pass through.
    decoded = { text: new TextDecoder('latin1').decode(bytes).replace(/^\u00ef\u00bb\u00bf/, ''), encoding: 'Latin-1' };
  }
  if (decoded.text.trim() === '')
    throw new ImportRejected([new InputError({ file }, 'a file with a header row and data')]);
  return decoded;
}

/**
 * The fields of one line. Official files have no line break inside a field: a line without a quote is split on the
 * separator, one with quotes is read by csv-parse. A base of 321 columns and 35 000 communes (189 MB) is read in
 * 0.6 s so; csv-parse over the whole text took 7 s.
 */
function splitLine(file: string, line: number, text: string, separator: string): string[] {
  if (!text.includes('"')) return text.split(separator);
  try {
    return (parse(text, { delimiter: separator, relax_column_count: true }) as string[][])[0] ?? [];
  } catch {
    throw new ImportRejected([
      new InputError({ file, line }, 'quotes only around whole fields, closed on the same line (a quote inside is "")'),
    ]);
  }
}

/** A count as the publisher writes it (a decimal point, or a comma in a semicolon file); null where left empty. */
function readCount(text: string, separator: string, where: InputLocation, problems: Problems): number | null {
  if (text === '') return null;
  const written = separator === ';' ? text.replace(',', '.') : text;
  const value = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(written) ? Number(written) : Number.NaN;
  if (!Number.isFinite(value)) {
    problems.add(where, 'a number such as 1234 or 907.26, or nothing where the publisher gives none', text);
    return null;
  }
  if (value < 0) problems.add(where, 'a count of 0 or more', text);
  return value;
}

/** The layout a header is in, and how to read its rows; refused, naming the layouts, when it is none of them. */
function recognise(file: string, header: string[]): Plan {
  const names = header.map((h) => h.toUpperCase());
  const refuse = (expected: string): never => {
    throw new ImportRejected([new InputError({ file, line: 1 }, expected, header.join(' '))]);
  };
  if (ANPR_COLUMNS.every((c) => names.includes(c))) return anprPlan(file);
  const id = names.includes('CODGEO') ? 'CODGEO' : names.includes('IRIS') ? 'IRIS' : null;
  if (id === null || !names.some((n) => INSEE_VARIABLE.test(n))) return refuse(EXPECTED_LAYOUTS);
  const { measures, variables } = inseeMeasures(names);
  if (measures.size === 0)
    return refuse(
      'the variables of at least one atlas indicator, e.g. P21_POP (population), P21_POP_ETR and P21_POP ' +
        '(foreign residents), P21_RSECOCC and P21_LOG (secondary homes): see README, "Official files"',
    );
  const periods = [...measures.keys()].map((period) => {
    const prefix = `P${period.slice(-2)}_`;
    const own = variables.filter((c) => c.startsWith(prefix));
    return { period, variables: new Map(own.map((c) => [c.slice(prefix.length), c])) };
  });
  const common = { variables, periods: () => periods, measuresOf: (p: string) => measures.get(p) ?? [] };
  if (id === 'CODGEO')
    return {
      ...common,
      layout: 'insee-base-cc',
      columns: ['CODGEO', ...variables],
      key: (f) => f.get('CODGEO')!,
      keyName: 'commune',
      commune: (f) => f.get('CODGEO')!,
      checkKey: (f, line, problems) => {
        if (!INSEE_COMMUNE.test(f.get('CODGEO')!))
          problems.add({ file, line, field: 'CODGEO' }, 'an INSEE commune code of 5 characters', f.get('CODGEO'));
      },
    };
  const withCom = names.includes('COM');
  return {
    ...common,
    layout: 'insee-base-ic',
    columns: ['IRIS', ...(withCom ? ['COM'] : []), ...variables],
    key: (f) => f.get('IRIS')!,
    keyName: 'IRIS',
    // An IRIS code is its commune's code followed by four characters.
    commune: (f) => f.get('IRIS')!.slice(0, 5),
    checkKey: (f, line, problems) => {
      const iris = f.get('IRIS')!;
      if (!INSEE_IRIS.test(iris))
        problems.add({ file, line, field: 'IRIS' }, 'an IRIS code of 9 characters (commune code, then 4)', iris);
      else if (withCom && f.get('COM') !== iris.slice(0, 5))
        problems.add({ file, line, field: 'COM' }, `the commune of IRIS ${iris}: ${iris.slice(0, 5)}`, f.get('COM'));
    },
  };
}

/**
 * For each census vintage of the header (P21_ → insee-rp2021), each atlas indicator by the first of its formulas
 * whose variables the file has; and the variables they read.
 */
function inseeMeasures(names: string[]) {
  const byYear = new Map<number, Set<string>>();
  for (const name of names) {
    const match = INSEE_VARIABLE.exec(name);
    if (match?.[1] !== 'P') continue;
    const year = 2000 + Number(match[2]);
    if (!byYear.has(year)) byYear.set(year, new Set());
    byYear.get(year)!.add(match[3]!);
  }
  const measures = new Map<string, OfficialMeasure[]>();
  const variables = new Set<string>();
  for (const [year, stems] of [...byYear].sort((a, b) => b[0] - a[0])) {
    const found: OfficialMeasure[] = [];
    for (const measure of INSEE_MEASURES) {
      const formula = measure.formulas.find((f) => variablesOf(f).every((v) => stems.has(v)));
      if (!formula) continue;
      found.push({ indicator: measure.indicator, formulas: [formula] });
      for (const v of variablesOf(formula)) variables.add(`P${String(year % 100).padStart(2, '0')}_${v}`);
    }
    if (found.length) measures.set(inseePeriod(year), found);
  }
  return { measures, variables: [...variables] };
}

const variablesOf = (f: OfficialFormula) => [...f.numerator, ...(f.denominator === null ? [] : [f.denominator])];

/** ANPR: a row per comune and month; the month's period from ANNO and MESE. */
function anprPlan(file: string): Plan {
  return {
    layout: 'anpr-residenti',
    columns: ['COD_ISTAT_COMUNE', 'ANNO', 'MESE', 'RESIDENTI'],
    variables: ['RESIDENTI'],
    key: (f) => `${f.get('COD_ISTAT_COMUNE')} in ${f.get('ANNO')}-${f.get('MESE')}`,
    keyName: 'comune and month',
    commune: (f) => f.get('COD_ISTAT_COMUNE')!,
    checkKey: (f, line, problems) => {
      const code = f.get('COD_ISTAT_COMUNE')!;
      if (!ISTAT_COMUNE.test(code))
        problems.add({ file, line, field: 'COD_ISTAT_COMUNE' }, 'an ISTAT comune code of 6 digits', code);
      if (!/^\d{4}$/.test(f.get('ANNO')!)) problems.add({ file, line, field: 'ANNO' }, 'a year', f.get('ANNO'));
      const month = Number(f.get('MESE'));
      if (!/^\d{1,2}$/.test(f.get('MESE')!) || month < 1 || month > 12)
        problems.add({ file, line, field: 'MESE' }, 'a month from 1 to 12', f.get('MESE'));
    },
    periods: (f) => [
      {
        period: anprPeriod(Number(f.get('ANNO')), Number(f.get('MESE'))),
        variables: new Map([['RESIDENTI', 'RESIDENTI']]),
      },
    ],
    measuresOf: () => ANPR_MEASURES,
  };
}
