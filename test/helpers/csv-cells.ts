import { expect } from 'vitest';
import { parseCsv } from '../../vocabulary/csv.ts';

/**
 * A CSV answer of the API as rows of cells, its header first, read by the project's parser. The parser keys a
 * row's cells by the header's names; numbered names (c0, c1…) put in front of the header keep every row,
 * the header too, in column order. The answer must end with CRLF and hold at least one data row.
 */
export function csvCells(text: string, file = 'the CSV answer'): string[][] {
  expect(text.endsWith('\r\n'), 'the CSV ends with CRLF').toBe(true);
  const [first] = parseCsv(text, file);
  expect(first, 'the CSV has a data row').toBeDefined();
  const numbered = Object.keys(first!.values).map((_, i) => `c${i}`);
  return parseCsv(`${numbered.join(',')}\r\n${text}`, file).map((row) => Object.values(row.values));
}
