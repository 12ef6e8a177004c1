import { CsvError, parse } from 'csv-parse/sync';
import { InputError } from './input-error.ts';

/** One data row of a CSV file, with the 1-based line it starts on so errors can point at it. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** A parsed CSV file: its column names (trimmed, as in the header row) and its data rows. */
export interface CsvTable {
  columns: string[];
  rows: CsvRow[];
}

interface RawRecord {
  line: number;
  fields: string[];
}

/** Files come from spreadsheets and editors on every system: any of the three line endings, even mixed. */
const LINE_ENDINGS = ['\r\n', '\n', '\r'];

/** What the file should have held where csv-parse stopped, in words a planner can act on. */
const EXPECTED: Partial<Record<CsvError['code'], string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a closing quote for the field opened here',
  CSV_INVALID_CLOSING_QUOTE:
    'a separator or the end of the line after a closing quote (a quote inside a quoted field is written "")',
  INVALID_OPENING_QUOTE: 'a quote only around a whole field (a field holding a quote is quoted, its quotes written "")',
};

/** The rows of an RFC 4180 CSV file: see {@link readCsv}. */
export function parseCsv(text: string, file: string, separator = ','): CsvRow[] {
  return readCsv(text, file, separator).rows;
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF, LF or CR, a byte-order mark) with csv-parse. The first
 * row is the header. Every row must have as many fields as the header; blank lines are skipped. Malformed quoting is
 * refused, naming the line.
 */
export function readCsv(text: string, file: string, separator = ','): CsvTable {
  const records = parseRecords(text, file, separator);
  const header = records.shift();
  // The parser skips empty lines, a leading one too: the header must still be line 1.
  if (header?.line !== 1 || header.fields.every((f) => f === '')) {
    throw new InputError({ file, line: 1 }, 'a header row');
  }
  const columns = header.fields.map((f) => f.trim());
  const duplicate = columns.find((n, i) => columns.indexOf(n) !== i);
  if (duplicate !== undefined) throw new InputError({ file, line: 1, field: duplicate }, 'unique column names');
  const rows = records
    // A line of just "" is blank too.
    .filter((r) => !(r.fields.length === 1 && r.fields[0] === ''))
    .map(({ line, fields }) => {
      if (fields.length !== columns.length) {
        throw new InputError({ file, line }, `${columns.length} fields as in the header`, `${fields.length} fields`);
      }
      return { line, values: Object.fromEntries(columns.map((n, i) => [n, fields[i] ?? ''])) };
    });
  return { columns, rows };
}

/** Every record with the line it starts on. */
function parseRecords(text: string, file: string, separator: string): RawRecord[] {
  const records: RawRecord[] = [];
  let end = 0;
  let emptyLines = 0;
  // The line after the one the previous record ended on, past the empty lines skipped since.
  const startOf = (info: { empty_lines: number }) => end + 1 + info.empty_lines - emptyLines;
  try {
    parse(text, {
      bom: true,
      delimiter: separator,
      record_delimiter: LINE_ENDINGS,
      // csv-parse is slow on empty records (a 5 MB upload of blank lines took minutes): skipped by the parser.
      skip_empty_lines: true,
      // readCsv refuses rows of the wrong length itself, naming the line they start on.
      relax_column_count: true,
      // Kept here rather than returned, so the records read before an error still give the line it is in.
      on_record: (fields, info) => {
        records.push({ line: startOf(info), fields });
        end = info.lines;
        emptyLines = info.empty_lines;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // csv-parse copies its info onto its errors: the line it stopped on, the empty lines skipped, the field index.
    const info = error as CsvError & { lines: number; empty_lines: number; column: number };
    const column = records[0]?.fields[info.column]?.trim();
    // An unclosed quote is only noticed at the end of the file: name the line where its record starts.
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? startOf(info) : info.lines;
    const expected = EXPECTED[error.code];
    throw new InputError(
      { file, line, ...(column ? { field: column } : {}) },
      expected ?? 'valid CSV',
      expected ? undefined : error.message,
    );
  }
  return records;
}
