import { IMPORTED_FLOW_KINDS } from '../vocabulary/flow-kinds.ts';
import {
  PERIOD_PATTERN,
  Problems,
  SourceKeys,
  decodeFile,
  numberExpectation,
  parseNumber,
  readCsvTable,
} from './rows.ts';
import type { ImportReference } from './reference.ts';

export const FLOW_COLUMNS = ['origin', 'destination', 'kind', 'period', 'value', 'source', 'licence'] as const;

export interface FlowRow {
  line: number;
  originCode: string;
  destinationCode: string | null;
  destinationCountry: string;
  kind: string;
  period: string;
  value: number;
  sourceKey: string;
}

/** Checks a flows file whole: origin an atlas commune; destination an atlas commune or a country code. */
export function readFlowsFile(file: string, bytes: Uint8Array, reference: ImportReference) {
  const rows = readCsvTable(file, decodeFile(file, bytes), FLOW_COLUMNS);
  const problems = new Problems();
  const sources = new SourceKeys();
  const seen = new Map<string, number>();
  const out: FlowRow[] = [];
  for (const { line, values: v } of rows) {
    const at = (field: string) => ({ file, line, field });
    if (!reference.communes.has(v.origin!))
      problems.add(at('origin'), 'the code of an atlas commune (INSEE or ISTAT, e.g. 05023 or 001022)', v.origin);
    const commune = reference.communes.get(v.destination!);
    if (!commune && !/^[A-Z]{2}$/.test(v.destination!))
      problems.add(
        at('destination'),
        'the code of an atlas commune, or an ISO 3166-1 country code in capitals (FR, IT, CH…)',
        v.destination,
      );
    if (!(IMPORTED_FLOW_KINDS as readonly string[]).includes(v.kind!))
      problems.add(at('kind'), `one of ${IMPORTED_FLOW_KINDS.join(', ')}`, v.kind);
    if (!PERIOD_PATTERN.test(v.period!))
      problems.add(
        at('period'),
        'a period id of letters, digits, dots, underscores or hyphens (at most 40), e.g. 2021',
        v.period,
      );
    const value = parseNumber(v.value!);
    if (value === null) problems.add(at('value'), numberExpectation(v.value!), v.value);
    else if (value < 0) problems.add(at('value'), 'a number of people, 0 or more', v.value);
    const key = `${v.origin} ${v.destination} ${v.kind} ${v.period}`;
    if (seen.has(key))
      problems.add(
        at('destination'),
        `one flow per origin, destination, kind and period (line ${seen.get(key)} has the same)`,
        v.destination,
      );
    seen.set(key, line);
    const sourceKey = sources.read(v, { file, line }, problems);
    out.push({
      line,
      originCode: v.origin!,
      destinationCode: commune ? v.destination! : null,
      destinationCountry: commune?.country ?? v.destination!,
      kind: v.kind!,
      period: v.period!,
      value: value ?? NaN,
      sourceKey,
    });
  }
  problems.throwIfAny();
  return { rows: out, sources: sources.pairs };
}
