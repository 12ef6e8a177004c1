import { describe, expect, it } from 'vitest';
import type { Feature } from '../../server/layers/feature.ts';
import { htmlPage, type HtmlPage } from '../../server/ogc/html.ts';

/** The pages' own rendering, on made-up values (not real data): the app's pages are in ogc-html.test.ts. */

const BASE = 'https://atlas.example';
const page = (changes: Partial<HtmlPage> = {}): string =>
  htmlPage({ lang: 'en', base: BASE, place: { page: 'landing' }, title: 'T', links: [], ...changes });

const EVIL = `"><script>alert('x')</script>`;
const EVIL_ESCAPED = '&#34;&#62;&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;';

/** Elements a page may hold: the page's structure, its table and lists, its map (svg). */
const SAFE_TAGS = new Set(
  [
    '!doctype html head meta title link body header nav ol ul li a span main h1 h2 p div dl dt dd pre table thead',
    'tbody tr th td section figure figcaption footer svg rect path circle g',
  ]
    .join(' ')
    .split(' '),
);

/** The element names and attribute names of real markup (escaped text has no "<", ">" or '"' left). */
function markupOf(html: string) {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const [, name, rest] of html.matchAll(/<\/?(!?[a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    tags.add(name!.toLowerCase());
    if (name!.startsWith('!')) continue;
    for (const [, attribute] of rest!.replace(/"[^"]*"/g, '""').matchAll(/\s([^\s=/]+)/g))
      attributes.add(attribute!.toLowerCase());
  }
  return { tags, attributes };
}

/** A made-up square of 0.1° at a corner, a line and a point, with ids and names. */
const feature = (id: string, geometry: object | null, name?: string): Feature => ({
  id,
  geometry: geometry && JSON.stringify(geometry),
  bbox: null,
  properties: name ? { name } : {},
});
const square = (lon: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + 0.1, lat],
      [lon + 0.1, lat + 0.1],
      [lon, lat + 0.1],
      [lon, lat],
    ],
  ],
});

describe('htmlPage', () => {
  it('has the stylesheet, the header to the map and the landing page, no script and no inline style', () => {
    const html = page({ lang: 'fr', description: 'D' });
    expect(html).toMatch(/^<!doctype html><html lang="fr"><head><meta charset="utf-8">/);
    expect(html).toContain('<title>T – Atlas des territoires alpins</title>');
    expect(html).toContain(`<link rel="stylesheet" href="${BASE}/ogc/ogc.css"></head><body class="ogc">`);
    expect(html).toContain(
      `<header class="site"><a class="atlas" href="${BASE}/?lang=fr">Atlas des territoires alpins</a>` +
        `<nav class="site-nav"><a href="${BASE}/?lang=fr">Ouvrir la carte</a>` +
        `<a href="${BASE}/ogc?f=html&#38;lang=fr">API de données</a></nav></header>`,
    );
    expect(html).toContain('<ol><li aria-current="page">API de données</li></ol>');
    expect(html).toContain('<main><h1>T</h1><p class="lead">D</p></main>');
    expect(html).toContain(`<a href="${BASE}/api/sources">Toutes les sources : producteur,`);
    expect(html).not.toMatch(/<script|style=/i);
  });

  it('leads back from a feature to the landing page through its collection and its features', () => {
    const html = page({ lang: 'de', place: { page: 'item', collection: { id: 'c', title: 'Cs' }, id: 'x<1' } });
    const href = (path: string) => `${BASE}${path}?f=html&#38;lang=de`;
    expect(html).toContain(
      '<nav class="breadcrumbs" aria-label="Sie sind hier"><ol>' +
        `<li><a href="${href('/ogc')}">Daten-API</a></li>` +
        `<li><a href="${href('/ogc/collections')}">Sammlungen</a></li>` +
        `<li><a href="${href('/ogc/collections/c')}">Cs</a></li>` +
        `<li><a href="${href('/ogc/collections/c/items')}">Objekte</a></li>` +
        '<li aria-current="page">x&#60;1</li></ol></nav>',
    );
  });

  it('shows the formats as one row of names, by media type, the unknown ones by their type', () => {
    const link = (type: string, rel = 'alternate') => ({ href: `${BASE}/i?f=${type.length}`, rel, type });
    const types = ['application/geo+json', 'text/csv', 'application/geopackage+sqlite3', 'application/flatgeobuf'];
    const html = page({
      place: { page: 'items', collection: { id: 'c', title: 'Cs' } },
      links: [...types.map((t) => link(t)), link('text/html', 'self'), link('application/x-made-up')],
    });
    const names = [...html.matchAll(/<div class="formats"><span class="label">(.*?):<\/span><ul>(.*?)<\/ul>/g)];
    expect(
      names.map(([, label, row]) => [
        label,
        row!
          .replace(/<[^>]+>/g, ' ')
          .trim()
          .split(/\s+/),
      ]),
    ).toEqual([['Download', ['GeoJSON', 'CSV', 'GeoPackage', 'FlatGeobuf', 'HTML', 'application/x-made-up']]]);
    expect(html).toContain('rel="self" type="text/html" title="HTML, this page" aria-current="page">HTML</a>');
    expect(html).not.toContain('<section class="links">');
  });

  it('names links by their relation in the language of the page, each once, and lists sources in the footer', () => {
    const html = page({
      lang: 'it',
      links: [
        { href: `${BASE}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance' },
        { href: `${BASE}/s`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/schema', type: 'application/schema+json' },
        { href: `${BASE}/s`, rel: 'describedBy', type: 'application/schema+json' },
        { href: `${BASE}/l`, rel: 'license', title: 'Licence L' },
        { href: `${BASE}/next`, rel: 'next', title: 'Next page' },
      ],
      provenance: {
        sources: [{ href: `${BASE}/api/sources/a`, title: 'Fonte A' }],
        licences: [{ href: `${BASE}/l`, title: 'Licence L' }],
        indicators: [],
      },
    });
    expect(html).toContain(
      '<section class="links"><h2>Collegamenti</h2><ul>' +
        `<li><a href="${BASE}/ogc/conformance" rel="conformance">Classi di conformità</a> ` +
        '<span class="rel">(conformance, JSON)</span></li>' +
        `<li><a href="${BASE}/s" rel="http://www.opengis.net/def/rel/ogc/1.0/schema">Schema degli elementi</a> ` +
        '<span class="rel">(http://www.opengis.net/def/rel/ogc/1.0/schema, JSON Schema)</span></li></ul></section>',
    );
    expect(html).toContain(`<nav class="pager" aria-label="Pagine"><a href="${BASE}/next" rel="next">`);
    expect(html).toContain('Pagina successiva →</a></nav>');
    expect(html).toContain(
      `<footer><section class="sources"><h2>Fonti</h2><ul><li><a href="${BASE}/api/sources/a">Fonte A</a></li>` +
        `</ul></section><section class="licences"><h2>Licenze</h2><ul><li><a href="${BASE}/l">Licence L</a></li>`,
    );
  });

  it('escapes every value it is given: title, description, summary, fields, table, links, map, sources', () => {
    const html = page({
      title: EVIL,
      description: EVIL,
      summary: EVIL,
      place: { page: 'item', collection: { id: 'c', title: EVIL }, id: EVIL },
      fields: { [EVIL]: EVIL, list: [EVIL, 'b'], object: { key: EVIL }, url: `https://example.org/?q=${EVIL}` },
      table: {
        columns: [EVIL, 'plain'],
        labels: { plain: EVIL },
        rows: [{ cells: { [EVIL]: EVIL, plain: EVIL }, href: `https://example.org/${EVIL}` }],
      },
      links: [
        { href: `https://example.org/${EVIL}`, rel: EVIL, type: EVIL, title: EVIL },
        { href: `https://example.org/h?${EVIL}`, rel: 'alternate', type: 'text/html' },
      ],
      map: { features: [feature(EVIL, square(6, 45), EVIL)], href: () => `https://example.org/${EVIL}` },
      provenance: { sources: [{ href: EVIL, title: EVIL }], licences: [], indicators: [] },
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain(`'x'`);
    expect([...markupOf(html).tags].filter((tag) => !SAFE_TAGS.has(tag))).toEqual([]);
    for (const wrapped of [
      `<title>${EVIL_ESCAPED} – Alpine Territories Atlas</title>`,
      `<h1>${EVIL_ESCAPED}</h1>`,
      `<p class="lead">${EVIL_ESCAPED}</p><p class="summary">${EVIL_ESCAPED}</p>`,
      `<dt>${EVIL_ESCAPED}</dt><dd>${EVIL_ESCAPED}</dd><dt>list</dt><dd>${EVIL_ESCAPED}, b</dd>`,
      `<th scope="col">${EVIL_ESCAPED}</th><th scope="col">${EVIL_ESCAPED}</th>`,
      `<tr><td><a href="https://example.org/${EVIL_ESCAPED}">${EVIL_ESCAPED}</a></td><td>${EVIL_ESCAPED}</td></tr>`,
      `<li aria-current="page">${EVIL_ESCAPED}</li>`,
      `<a class="feature" href="https://example.org/${EVIL_ESCAPED}" data-id="${EVIL_ESCAPED}">` +
        `<title>${EVIL_ESCAPED}</title>`,
      `<li><a href="${EVIL_ESCAPED}">${EVIL_ESCAPED}</a></li>`,
      `hreflang="fr" lang="fr">Français</a>`,
    ])
      expect(html).toContain(wrapped);
  });

  it('never emits script or style, nor event handler attributes, whatever the values', () => {
    const html = page({
      title: '<style>body{}</style><img src=x onerror=alert(1)>',
      fields: { a: '<script src="https://evil.example/x.js"></script>', b: 'javascript:alert(1)' },
      table: { columns: ['c'], rows: [{ cells: { c: '<style>' }, href: '" onclick="alert(1)' }] },
      links: [{ href: '" onfocus="alert(1)', rel: 'self' }],
      map: { features: [feature('" onmouseover="alert(1)', square(6, 45))], href: () => 'javascript:alert(1)' },
    });
    const { tags, attributes } = markupOf(html);
    expect([...tags].filter((tag) => !SAFE_TAGS.has(tag))).toEqual([]);
    expect([...attributes].filter((a) => a.startsWith('on') || a === 'style')).toEqual([]);
    expect(html).not.toMatch(/<script|<style|<img/i);
  });

  it('links only http and https values, not javascript: ones', () => {
    const html = page({ fields: { web: 'http://example.org', bad: 'javascript:alert(1)', ftp: 'ftp://example.org' } });
    expect(html).toContain('<dt>web</dt><dd><a href="http://example.org">http://example.org</a></dd>');
    expect(html).toContain('<dt>bad</dt><dd>javascript:alert(1)</dd>');
    expect(html).toContain('<dt>ftp</dt><dd>ftp://example.org</dd>');
  });

  it('shows null and missing values as "no data" in the language of the page, numbers aligned as numbers', () => {
    const html = page({
      lang: 'sl',
      fields: { none: null, zero: 0, no: false },
      table: { columns: ['id', 'missing', 'n'], rows: [{ cells: { id: 'x', n: 2.5 } }] },
    });
    const noData = '<span class="no-data">ni podatkov</span>';
    expect(html).toContain(`<dl class="fields"><dt>none</dt><dd>${noData}</dd><dt>zero</dt><dd>0</dd>`);
    expect(html).toContain(`<tbody><tr><td>x</td><td>${noData}</td><td class="number">2.5</td></tr></tbody>`);
  });

  it('links the first cell of a row that has an href, and only that cell', () => {
    const html = page({
      table: {
        columns: ['id', 'name'],
        rows: [{ cells: { id: 'a', name: 'A' }, href: '/items/a?f=html&lang=fr' }, { cells: { id: 'b', name: 'B' } }],
      },
    });
    expect(html).toContain(
      '<tbody><tr><td><a href="/items/a?f=html&#38;lang=fr">a</a></td><td>A</td></tr>' +
        '<tr><td>b</td><td>B</td></tr></tbody>',
    );
  });

  it('draws a map with one link per feature that has a geometry: areas, lines and points', () => {
    const features = [
      feature('a', square(6, 45), 'Alpha'),
      feature('b', {
        type: 'LineString',
        coordinates: [
          [6.2, 45.2],
          [6.4, 45.3],
        ],
      }),
      feature('c', { type: 'Point', coordinates: [6.5, 45.5] }),
      feature('none', null),
    ];
    const html = page({ lang: 'fr', map: { features, href: (f) => `/items/${f.id}` } });
    const links = [...html.matchAll(/<a class="feature" href="([^"]*)" data-id="([^"]*)"><title>([^<]*)<\/title>/g)];
    expect(links.map((m) => m.slice(1))).toEqual([
      ['/items/a', 'a', 'a: Alpha'],
      ['/items/b', 'b', 'b'],
      ['/items/c', 'c', 'c'],
    ]);
    expect(html).toContain('<section class="map"><h2>Carte</h2><figure><svg class="feature-map" viewBox="0 0 640 ');
    expect(html).toContain('<figcaption>Chaque forme mène à son entité.</figcaption></figure></section>');
    expect(html).toMatch(/<path d="M[^"]*Z" fill="#1f4e9a"/);
    expect(html).toMatch(/<path d="M[^"Z]*" fill="none"/);
    expect(html).toMatch(/<circle cx="[\d.]+" cy="[\d.]+" r="4"/);
  });

  it('has no map when no feature has a geometry', () => {
    expect(page({ map: { features: [feature('none', null)], href: () => '/x' } })).not.toContain('<svg');
  });
});
