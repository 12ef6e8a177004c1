import { InputError } from './input-error.ts';

/** One data row of a CSV file, with the 1-based line it starts on so errors can point at it. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). The first row is the header.
 * Every row must have as many fields as the header; a blank final line is allowed.
 */
export function parseCsv(text: string, file: string, separator = ','): CsvRow[] {
  const records = splitRecords(text.replace(/^\uFEFF/, ''), file, separator);
  const header = records.shift();
  if (!header || header.fields.every((f) => f === '')) {
    throw new InputError({ file, line: 1 }, 'a header row');
  }
  const names = header.fields.map((f) => f.trim());
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new InputError({ file, line: 1, field: duplicate }, 'unique column names');
  return records
    .filter((r) => !(r.fields.length === 1 && r.fields[0] === ''))
    .map(({ line, fields }) => {
      if (fields.length !== names.length) {
        throw new InputError({ file, line }, `${names.length} fields as in the header`, `${fields.length} fields`);
      }
      return { line, values: Object.fromEntries(names.map((n, i) => [n, fields[i] ?? ''])) };
    });
}

interface RawRecord {
  line: number;
  fields: string[];
}

function splitRecords(text: string, file: string, separator: string): RawRecord[] {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteStartLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteStartLine = line;
    } else if (c === separator) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new InputError({ file, line: quoteStartLine }, 'a closing quote for the field opened here');
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}
