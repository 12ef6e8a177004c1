import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../vocabulary/csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and the line each row starts on', () => {
    const text = 'code,name\r\n05023,Briançon\r\n"05093","Névache, ""la Clarée"""\r\n"05181","Villar-\nd\'Arêne"\n05027,Cervières\n';
    expect(parseCsv(text, 'f.csv')).toEqual([
      { line: 2, values: { code: '05023', name: 'Briançon' } },
      { line: 3, values: { code: '05093', name: 'Névache, "la Clarée"' } },
      { line: 4, values: { code: '05181', name: "Villar-\nd'Arêne" } },
      { line: 6, values: { code: '05027', name: 'Cervières' } },
    ]);
  });

  it('reads tab-separated files and strips a byte-order mark', () => {
    expect(parseCsv('\uFEFFa\tb\n1\t2', 'f.tsv', '\t')).toEqual([{ line: 2, values: { a: '1', b: '2' } }]);
  });

  it('names the line when a row has the wrong number of fields', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'f.csv')).toThrow('f.csv, line 3: expected 2 fields as in the header, got "1 fields"');
  });

  it('names the line where an unclosed quote opens', () => {
    expect(() => parseCsv('a,b\n1,2\n"3,4\n5,6\n', 'f.csv')).toThrow('f.csv, line 3: expected a closing quote');
  });

  it('refuses a missing header and duplicate column names', () => {
    expect(() => parseCsv('', 'f.csv')).toThrow('f.csv, line 1: expected a header row');
    expect(() => parseCsv('a,a\n1,2', 'f.csv')).toThrow('f.csv, line 1, field "a": expected unique column names');
  });
});
