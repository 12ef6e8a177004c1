import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../vocabulary/csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and the line each row starts on', () => {
    const text =
      'code,name\r\n05023,Briançon\r\n"05093","Névache, ""la ' +
      'Clarée"""\r\n"05181","Villar-\nd\'Arêne"\n05027,Cervières\n';
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

  it('skips blank lines and still names the line each row or unclosed quote starts on', () => {
    expect(parseCsv('a,b\n\n1,2\r\n\r\n\r\n3,4\n\n', 'f.csv')).toEqual([
      { line: 3, values: { a: '1', b: '2' } },
      { line: 6, values: { a: '3', b: '4' } },
    ]);
    expect(() => parseCsv('a,b\n1,2\n\n\n"3,4\n5,6\n', 'f.csv')).toThrow(
      'f.csv, line 5, field "a": expected a closing quote',
    );
    expect(() => parseCsv('\na,b\n1,2\n', 'f.csv')).toThrow('f.csv, line 1: expected a header row');
  });

  it('names the line when a row has the wrong number of fields', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', 'f.csv')).toThrow(
      'f.csv, line 3: expected 2 fields as in the header, got "1 fields"',
    );
  });

  it('names the line and field where an unclosed quote opens', () => {
    expect(() => parseCsv('a,b\n1,2\n"3,4\n5,6\n', 'f.csv')).toThrow(
      'f.csv, line 3, field "a": expected a closing quote for the field opened here',
    );
  });

  it('refuses text after a closing quote instead of gluing it to the field, naming the line and field', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"x"y\n', 'f.csv')).toThrow(
      'f.csv, line 3, field "b": expected a separator or the end of the line after a closing quote',
    );
  });

  it('refuses a quote inside an unquoted field', () => {
    expect(() => parseCsv('a,b\n1,x"y\n', 'f.csv')).toThrow(
      'f.csv, line 2, field "b": expected a quote only around a whole field',
    );
  });

  it("gives the header's column names even without data rows", () => {
    expect(readCsv(' a ,"b"\n', 'f.csv')).toEqual({ columns: ['a', 'b'], rows: [] });
  });

  it('refuses a missing header and duplicate column names', () => {
    expect(() => parseCsv('', 'f.csv')).toThrow('f.csv, line 1: expected a header row');
    expect(() => parseCsv('a,a\n1,2', 'f.csv')).toThrow('f.csv, line 1, field "a": expected unique column names');
  });
});
