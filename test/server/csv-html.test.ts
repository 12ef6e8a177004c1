import { describe, expect, it } from 'vitest';
import type { Feature, FeatureLayer, PropertyValue } from '../../server/layers/feature.ts';
import { featuresToCsv, toWkt } from '../../server/ogc/csv.ts';
import { escapeHtml } from '../../server/ogc/html.ts';

describe('toWkt', () => {
  it('writes a Point', () => {
    expect(toWkt('{"type":"Point","coordinates":[6.6412,44.8986]}')).toBe('POINT (6.6412 44.8986)');
  });

  it('writes a LineString', () => {
    expect(toWkt('{"type":"LineString","coordinates":[[0,0],[1.5,-2],[3,4.25]]}')).toBe(
      'LINESTRING (0 0, 1.5 -2, 3 4.25)',
    );
  });

  it('writes a MultiLineString', () => {
    expect(toWkt('{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3],[4,2]]]}')).toBe(
      'MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))',
    );
  });

  it('writes a Polygon with its hole', () => {
    expect(toWkt('{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[1,1]]]}')).toBe(
      'POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 1 1))',
    );
  });

  it('writes a MultiPolygon', () => {
    expect(
      toWkt(
        '{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],' +
          '[[[5,5],[9,5],[9,9],[5,5]],[[6,6],[7,6],[7,7],[6,6]]]]}',
      ),
    ).toBe('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 9 5, 9 9, 5 5), (6 6, 7 6, 7 7, 6 6)))');
  });

  it('keeps the decimals of the coordinates', () => {
    expect(toWkt('{"type":"Point","coordinates":[6.123456789,-44.000001]}')).toBe('POINT (6.123456789 -44.000001)');
  });
});

/** Made-up layers and features for the CSV writer: not real data. */
function madeUpLayer(geometryType: FeatureLayer['geometryType']): FeatureLayer {
  return { id: 'made-up', geometryType, subject: null, properties: [], queryables: [], features: [] };
}
const row = (geometry: string | null, properties: Record<string, PropertyValue>) => ({
  feature: { id: 'f', geometry, bbox: null, properties: {} } satisfies Feature,
  properties,
});

describe('featuresToCsv', () => {
  it('writes a header of the id, the properties, then lon and lat for a point layer, CRLF line ends', () => {
    const csv = featuresToCsv(
      madeUpLayer('Point'),
      [
        row('{"type":"Point","coordinates":[6.5,45.25]}', { name: 'Alpha', count: 3 }),
        row('{"type":"Point","coordinates":[-1,0]}', { name: 'Beta', count: 0.5 }),
      ],
      ['name', 'count'],
    );
    expect(csv).toBe('id,name,count,lon,lat\r\nf,Alpha,3,6.5,45.25\r\nf,Beta,0.5,-1,0\r\n');
  });

  it('writes a wkt column for the other layers', () => {
    const csv = featuresToCsv(
      madeUpLayer('Polygon'),
      [row('{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}', { name: 'Unit triangle' })],
      ['name'],
    );
    expect(csv).toBe('id,name,wkt\r\nf,Unit triangle,"POLYGON ((0 0, 1 0, 1 1, 0 0))"\r\n');
  });

  it('writes only the header when there is no row', () => {
    expect(featuresToCsv(madeUpLayer('LineString'), [], ['a', 'b'])).toBe('id,a,b,wkt\r\n');
    expect(featuresToCsv(madeUpLayer('Point'), [], [])).toBe('id,lon,lat\r\n');
  });

  it('quotes cells with commas, quotes, line breaks or surrounding spaces, doubling quotes (RFC 4180)', () => {
    const csv = featuresToCsv(
      madeUpLayer('Point'),
      [
        row(null, { v: 'a,b' }),
        row(null, { v: 'say "hi"' }),
        row(null, { v: 'two\nlines' }),
        row(null, { v: 'cr\rhere' }),
        row(null, { v: ' leading' }),
        row(null, { v: 'trailing\t' }),
        row(null, { v: 'inner space; semicolon' }),
        row(null, { v: '"' }),
      ],
      ['v'],
    );
    expect(csv.split('\r\n')).toEqual([
      'id,v,lon,lat',
      'f,"a,b",,',
      'f,"say ""hi""",,',
      'f,"two\nlines",,',
      'f,"cr\rhere",,',
      'f," leading",,',
      'f,"trailing\t",,',
      'f,inner space; semicolon,,',
      'f,"""",,',
      '',
    ]);
  });

  it('joins lists with ";" and quotes the result when needed', () => {
    const csv = featuresToCsv(
      madeUpLayer('Polygon'),
      [
        row(null, { tags: ['x', 'y', 'z'] }),
        row(null, { tags: ['one'] }),
        row(null, { tags: [] }),
        row(null, { tags: ['a,b', 'c'] }),
      ],
      ['tags'],
    );
    expect(csv).toBe('id,tags,wkt\r\nf,x;y;z,\r\nf,one,\r\nf,,\r\nf,"a,b;c",\r\n');
  });

  it('writes null and missing values as empty cells, and booleans and numbers as text', () => {
    const csv = featuresToCsv(
      madeUpLayer('Point'),
      [row('{"type":"Point","coordinates":[1,2]}', { a: null, c: true, d: false, e: 0, f: -12.75 })],
      ['a', 'b', 'c', 'd', 'e', 'f'],
    );
    expect(csv).toBe('id,a,b,c,d,e,f,lon,lat\r\nf,,,true,false,0,-12.75,1,2\r\n');
  });

  it('leaves lon, lat or wkt empty for a feature without geometry', () => {
    expect(featuresToCsv(madeUpLayer('Point'), [row(null, { n: 'x' })], ['n'])).toBe('id,n,lon,lat\r\nf,x,,\r\n');
    expect(featuresToCsv(madeUpLayer('LineString'), [row(null, { n: 'x' })], ['n'])).toBe('id,n,wkt\r\nf,x,\r\n');
  });

  it('quotes a header name that needs it', () => {
    expect(featuresToCsv(madeUpLayer('Point'), [], ['a,b', 'c"d'])).toBe('id,"a,b","c""d",lon,lat\r\n');
  });

  it('writes a single-point LineString wkt unquoted (no comma in it)', () => {
    expect(featuresToCsv(madeUpLayer('LineString'), [row('{"type":"LineString","coordinates":[[1,2]]}', {})], [])).toBe(
      'id,wkt\r\nf,LINESTRING (1 2)\r\n',
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter as numeric references', () => {
    expect(escapeHtml(`<script>alert("x" + 'y') & more</script>`)).toBe(
      '&#60;script&#62;alert(&#34;x&#34; + &#39;y&#39;) &#38; more&#60;/script&#62;',
    );
  });

  it('leaves other text alone, accents and all', () => {
    expect(escapeHtml('Briançon – Serre-Chevalier 1 400 m')).toBe('Briançon – Serre-Chevalier 1 400 m');
    expect(escapeHtml('')).toBe('');
  });

  it('escapes an ampersand once, not an existing reference again and again', () => {
    expect(escapeHtml('&amp;')).toBe('&#38;amp;');
  });
});
