import { InputError, type InputLocation } from '../vocabulary/input-error.ts';
import { readCsv, type CsvRow, type CsvTable } from '../vocabulary/csv.ts';

/** The largest file an import accepts. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Problems reported at most per file: enough to fix a file in one pass, not a flood. */
const MAX_PROBLEMS = 50;

/** A file refused: every problem found, each naming the file, line or feature, field and what was expected. */
export class ImportRejected extends Error {
  constructor(readonly errors: InputError[]) {
    super(`the file was not imported (nothing was stored):\n  ${errors.map((e) => e.message).join('\n  ')}`);
    this.name = 'ImportRejected';
  }
}

/** Collects the problems of a file, so a planner sees them all at once rather than one per attempt. */
export class Problems {
  readonly list: InputError[] = [];

  add(location: InputLocation, expected: string, got?: unknown): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(new InputError(location, expected, got));
  }

  throwIfAny(): void {
    if (this.list.length) throw new ImportRejected(this.list);
  }
}

/** Bytes to text: at most 5 MB, UTF-8 (the decoder drops a BOM), not empty. */
export function decodeFile(file: string, bytes: Uint8Array): string {
  if (bytes.length > MAX_FILE_BYTES)
    throw new ImportRejected([
      new InputError({ file }, `a file of at most ${MAX_FILE_BYTES / 1024 / 1024} MB`, `${bytes.length} bytes`),
    ]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportRejected([new InputError({ file }, 'a UTF-8 file (save it as "CSV UTF-8" or UTF-8 text)')]);
  }
  if (text.trim() === '') throw new ImportRejected([new InputError({ file }, 'a file with a header row and data')]);
  return text;
}

/** A CSV file whose header has exactly the documented columns, in any order. */
export function readCsvTable(file: string, text: string, columns: readonly string[]): CsvRow[] {
  let table: CsvTable;
  try {
    table = readCsv(text, file);
  } catch (error) {
    if (error instanceof InputError) throw new ImportRejected([error]);
    throw error;
  }
  const { columns: header, rows } = table;
  const problems = new Problems();
  for (const name of header)
    if (!columns.includes(name)) problems.add({ file, line: 1, field: name }, `only the columns ${columns.join(', ')}`);
  for (const name of columns)
    if (!header.includes(name))
      problems.add({ file, line: 1, field: name }, `a column "${name}" (columns: ${columns.join(', ')})`);
  problems.throwIfAny();
  if (rows.length === 0) throw new ImportRejected([new InputError({ file, line: 2 }, 'at least one data row')]);
  return rows;
}

/** Period ids: a letter or digit, then letters, digits, dots, underscores or hyphens; 40 characters at most. */
export const PERIOD_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** A number written with a decimal point; null when the text is not one (no NaN, no Infinity, no "1,5"). */
export function parseNumber(text: string): number | null {
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text.trim())) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function numberExpectation(text: string): string {
  return /^-?\d+,\d+$/.test(text.trim())
    ? 'a number with a decimal point, not a comma (1.5, not 1,5)'
    : 'a finite number such as 12 or 3.75';
}

/** The source and licence every row must name; their distinct pairs become the sources of the import. */
export class SourceKeys {
  readonly pairs = new Map<string, { title: string; licence: string }>();

  read(fields: Record<string, unknown>, where: InputLocation, problems: Problems): string {
    const text = (name: string, max: number) => {
      const value = fields[name];
      const trimmed = typeof value === 'string' ? value.trim() : '';
      if (trimmed === '' || trimmed.length > max)
        problems.add(
          { ...where, field: name },
          `a non-empty ${name} of at most ${max} characters (who published the figures, under which licence)`,
          value ?? null,
        );
      return trimmed;
    };
    const title = text('source', 300);
    const licence = text('licence', 200);
    const key = JSON.stringify([title, licence]);
    if (!this.pairs.has(key)) this.pairs.set(key, { title, licence });
    return key;
  }
}
