import { describe, expect, it } from 'vitest';
import type { Feature, FeatureLayer, PropertyValue } from '../../server/layers/feature.ts';
import { featuresToCsv, toWkt } from '../../server/ogc/csv.ts';
import { escapeHtml, htmlPage } from '../../server/ogc/html.ts';

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

const EVIL = `"><script>alert('x')</script>`;
const EVIL_ESCAPED = '&#34;&#62;&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;';

const SAFE_TAGS = new Set([
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'body',
  'h1',
  'h2',
  'p',
  'dl',
  'dt',
  'dd',
  'pre',
  'a',
  'i',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
  'li',
]);

/** The element names and attribute names of real markup (escaped text has no "<", ">" or '"' left). */
function markupOf(html: string) {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const [, name, rest] of html.matchAll(/<\/?(!?[a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    tags.add(name!.toLowerCase());
    if (name!.startsWith('!')) continue;
    for (const [, attribute] of rest!.replace(/"[^"]*"/g, '""').matchAll(/\s([^\s=]+)/g))
      attributes.add(attribute!.toLowerCase());
  }
  return { tags, attributes };
}

describe('htmlPage', () => {
  it('renders a minimal page exactly', () => {
    expect(
      htmlPage({
        lang: 'fr',
        title: 'Titre',
        links: [{ href: 'https://example.org/a', rel: 'self', type: 'text/html', title: 'Ici' }],
      }),
    ).toBe(
      '<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Titre</title></head><body>' +
        '<h1>Titre</h1>' +
        '<h2>Links</h2><ul><li><a href="https://example.org/a" rel="self">Ici</a> (self, ' +
        'text/html)</li></ul></body></html>',
    );
  });

  it('uses the rel as the link text when a link has no title, and omits a missing type', () => {
    expect(htmlPage({ lang: 'en', title: 'T', links: [{ href: '/x', rel: 'next' }] })).toContain(
      '<li><a href="/x" rel="next">next</a> (next)</li>',
    );
  });

  it('escapes every value it is given: title, lang, description, fields, table, links', () => {
    const html = htmlPage({
      lang: EVIL,
      title: EVIL,
      description: EVIL,
      fields: { [EVIL]: EVIL, list: [EVIL, 'b'], object: { key: EVIL }, url: `https://example.org/?q=${EVIL}` },
      table: {
        columns: [EVIL, 'plain'],
        rows: [{ cells: { [EVIL]: EVIL, plain: EVIL }, href: `https://example.org/${EVIL}` }],
      },
      links: [{ href: `https://example.org/${EVIL}`, rel: EVIL, type: EVIL, title: EVIL }],
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain(`'x'`);
    expect(markupOf(html).tags).toEqual(
      new Set([
        '!doctype',
        'html',
        'head',
        'meta',
        'title',
        'body',
        'h1',
        'p',
        'dl',
        'dt',
        'dd',
        'pre',
        'a',
        'table',
        'thead',
        'tr',
        'th',
        'tbody',
        'td',
        'h2',
        'ul',
        'li',
      ]),
    );
    expect(html).toContain(`<html lang="${EVIL_ESCAPED}">`);
    expect(html).toContain(`<title>${EVIL_ESCAPED}</title>`);
    expect(html).toContain(`<h1>${EVIL_ESCAPED}</h1>`);
    expect(html).toContain(`<p>${EVIL_ESCAPED}</p>`);
    expect(html).toContain(`<dt>${EVIL_ESCAPED}</dt><dd>${EVIL_ESCAPED}</dd>`);
    expect(html).toContain(`<dt>list</dt><dd>${EVIL_ESCAPED}, b</dd>`);
    expect(html).toContain(
      `<dt>object</dt><dd><pre>{\n  &#34;key&#34;: ` +
        `&#34;\\&#34;&#62;&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#34;\n}</pre></dd>`,
    );
    expect(html).toContain(
      `<dt>url</dt><dd><a ` +
        `href="https://example.org/?q=${EVIL_ESCAPED}">https://example.org/?q=${EVIL_ESCAPED}</a></dd>`,
    );
    expect(html).toContain(`<th>${EVIL_ESCAPED}</th><th>plain</th>`);
    expect(html).toContain(
      `<tr><td><a href="https://example.org/${EVIL_ESCAPED}">${EVIL_ESCAPED}</a></td><td>${EVIL_ESCAPED}</td></tr>`,
    );
    expect(html).toContain(
      `<li><a href="https://example.org/${EVIL_ESCAPED}" rel="${EVIL_ESCAPED}">${EVIL_ESCAPED}</a> ` +
        `(${EVIL_ESCAPED}, ${EVIL_ESCAPED})</li>`,
    );
  });

  it('never emits script or style, nor event handler attributes, whatever the values', () => {
    const html = htmlPage({
      lang: 'en',
      title: '<style>body{}</style><img src=x onerror=alert(1)>',
      fields: {
        a: '<script src="https://evil.example/x.js"></script>',
        b: 'javascript:alert(1)',
        c: '" onmouseover="alert(1)',
      },
      table: { columns: ['c'], rows: [{ cells: { c: '<style>' }, href: '" onclick="alert(1)' }] },
      links: [{ href: '" onfocus="alert(1)', rel: 'self' }],
    });
    const { tags, attributes } = markupOf(html);
    expect([...tags].filter((tag) => !SAFE_TAGS.has(tag))).toEqual([]);
    expect([...attributes].sort()).toEqual(['charset', 'content', 'href', 'lang', 'name', 'rel']);
    expect(html).not.toMatch(/<script|<style|<img/i);
  });

  it('links only http and https values, not javascript: ones', () => {
    const html = htmlPage({
      lang: 'en',
      title: 'T',
      links: [],
      fields: { web: 'http://example.org', bad: 'javascript:alert(1)', ftp: 'ftp://example.org' },
    });
    expect(html).toContain('<dt>web</dt><dd><a href="http://example.org">http://example.org</a></dd>');
    expect(html).toContain('<dt>bad</dt><dd>javascript:alert(1)</dd>');
    expect(html).toContain('<dt>ftp</dt><dd>ftp://example.org</dd>');
  });

  it('shows null and missing values as "no data", and numbers and booleans as text', () => {
    const html = htmlPage({
      lang: 'en',
      title: 'T',
      links: [],
      fields: { none: null, zero: 0, no: false },
      table: { columns: ['id', 'missing'], rows: [{ cells: { id: 'x' } }] },
    });
    expect(html).toContain(
      '<dl><dt>none</dt><dd><i>no data</i></dd><dt>zero</dt><dd>0</dd><dt>no</dt><dd>false</dd></dl>',
    );
    expect(html).toContain('<tbody><tr><td>x</td><td><i>no data</i></td></tr></tbody>');
  });

  it('links the first cell of a row that has an href, and only that cell', () => {
    const html = htmlPage({
      lang: 'en',
      title: 'T',
      links: [],
      table: {
        columns: ['id', 'name'],
        rows: [{ cells: { id: 'a', name: 'A' }, href: '/items/a?f=html&lang=fr' }, { cells: { id: 'b', name: 'B' } }],
      },
    });
    expect(html).toContain(
      '<table><thead><tr><th>id</th><th>name</th></tr></thead><tbody>' +
        '<tr><td><a href="/items/a?f=html&#38;lang=fr">a</a></td><td>A</td></tr>' +
        '<tr><td>b</td><td>B</td></tr></tbody></table>',
    );
  });

  it('omits the description, fields and table when not given', () => {
    const html = htmlPage({ lang: 'en', title: 'T', links: [] });
    expect(html).not.toMatch(/<p>|<dl>|<table>/);
    expect(html).toContain('<h1>T</h1><h2>Links</h2><ul></ul></body></html>');
  });
});
