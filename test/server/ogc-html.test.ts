import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { COLLECTION_IDS } from '../helpers/atlas-sql.ts';
import { BASE, type FeatureCollectionJson, useOgcApi } from '../helpers/ogc-client.ts';

/**
 * The HTML pages of /ogc as a person reads them: the atlas's stylesheet, no script and no inline style (the strict
 * CSP), maps of the features shown, the texts of the language asked for, links to every format of the query.
 */

const { get, getItems, idsOf, countOf } = useOgcApi();

const html = async (url: string, headers: Record<string, string> = {}) => {
  const response = await get(url, headers);
  expect(response.statusCode, url).toBe(200);
  expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
  return response.body;
};
const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
const itemPage = (collection: string, id: string, lang = 'en') =>
  `${BASE}/ogc/collections/${collection}/items/${encodeURIComponent(id)}?f=html&lang=${lang}`;

/** The page's map: its size, and each linked shape's class, link and feature id, in drawing order. */
function mapOf(page: string) {
  const svg = /<svg class="feature-map" viewBox="0 0 (\d+) (\d+)".*?<\/svg>/s.exec(page);
  if (!svg) return null;
  const shapes = [...svg[0].matchAll(/<a class="(\w+)" href="([^"]*)" data-id="([^"]*)">/g)].map(
    ([, kind, href, id]) => ({ kind: kind!, href: unescapeHtml(href!), id: unescapeHtml(id!) }),
  );
  // Every x and y drawn of the features, not of the backdrop (communes cut at the edge): path positions, then discs.
  const drawn = svg[0].replace(/<g class="backdrop".*?<\/g>/gs, '');
  const backdrop = [...svg[0].matchAll(/<g class="backdrop" data-id="([^"]*)">/g)].map(([, id]) => unescapeHtml(id!));
  const positions = [
    ...[...drawn.matchAll(/ d="([^"]*)"/g)].flatMap(([, d]) =>
      [...d!.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map(([, x, y]) => [Number(x), Number(y)]),
    ),
    ...[...drawn.matchAll(/cx="([\d.-]+)" cy="([\d.-]+)"/g)].map(([, x, y]) => [Number(x), Number(y)]),
  ];
  return { width: Number(svg[1]), height: Number(svg[2]), shapes, positions, backdrop };
}

/** The ids of the features of a JSON answer that have a geometry to draw. */
const drawnIds = (json: FeatureCollectionJson) => json.features.filter((f) => f.geometry !== null).map((f) => f.id);

describe('/ogc HTML pages', () => {
  const pages = (id: string, first: string) => [
    `/ogc/collections/${id}?f=html`,
    `/ogc/collections/${id}/queryables?f=html`,
    `/ogc/collections/${id}/schema?f=html`,
    `/ogc/collections/${id}/items?f=html`,
    `/ogc/collections/${id}/items/${encodeURIComponent(first)}?f=html`,
  ];

  it('answer 200 with the stylesheet, the header and breadcrumbs, and no script or inline style', async () => {
    const urls = [
      '/ogc?f=html',
      '/ogc/conformance?f=html',
      '/ogc/api?f=html',
      '/ogc/collections?f=html',
      ...COLLECTION_IDS.flatMap((id) => pages(id, idsOf(id)[0]!)),
    ];
    for (const url of urls) {
      const page = await html(url);
      expect(page, url).toContain(`<link rel="stylesheet" href="${BASE}/ogc/ogc.css">`);
      expect(page, url).toContain(`<header class="site"><a class="atlas" href="${BASE}/?lang=en">`);
      expect(page, url).toContain(`<nav class="breadcrumbs" aria-label="You are here"><ol>`);
      expect(page, url).not.toMatch(/<script|\sstyle=|<style|\son[a-z]+=/i);
    }
  });

  it('serve their stylesheet as text/css with an ETag, and 304 to a request that has it', async () => {
    const response = await get('/ogc/ogc.css');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response.body).toContain('body.ogc');
    const etag = response.headers.etag as string;
    expect(etag).toMatch(/^W\/"ogc-css-[0-9a-f]{16}"$/);
    const again = await get('/ogc/ogc.css', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('the maps of the pages', () => {
  it('draw on an items page one linked shape per feature shown, each to its page, inside the view box', async () => {
    for (const id of COLLECTION_IDS) {
      for (const query of ['', '&limit=7&offset=2']) {
        const json = await getItems(`/ogc/collections/${id}/items?f=json${query}`);
        const map = mapOf(await html(`/ogc/collections/${id}/items?f=html${query}`))!;
        expect(map, id).not.toBeNull();
        expect(
          map.shapes.map((s) => s.id),
          `${id}${query}`,
        ).toEqual(drawnIds(json));
        expect(map.shapes.every((s) => s.kind === 'feature' && s.href === itemPage(id, s.id))).toBe(true);
        expect(map.positions.length).toBeGreaterThan(0);
        for (const [x, y] of map.positions) {
          expect(x, id).toBeGreaterThanOrEqual(0);
          expect(x, id).toBeLessThanOrEqual(map.width);
          expect(y, id).toBeGreaterThanOrEqual(0);
          expect(y, id).toBeLessThanOrEqual(map.height);
        }
      }
    }
  });

  it('draw the communes, unlinked, under the points and lines of a collection, and under no areas', async () => {
    const stations = mapOf(await html('/ogc/collections/rail-stations/items?f=html&commune=05023'))!;
    expect(stations.shapes.length).toBeGreaterThan(0);
    expect(stations.backdrop).toContain('05023');
    const lines = mapOf(await html('/ogc/collections/rail-lines?f=html'))!;
    expect(lines.backdrop.length).toBeGreaterThan(50);
    expect(mapOf(await html('/ogc/collections/territories?f=html'))!.backdrop).toEqual([]);
    expect(mapOf(await html('/ogc/collections/communes/items?f=html'))!.backdrop).toEqual([]);
  });

  it('draw on a collection page every feature of the collection', async () => {
    for (const id of COLLECTION_IDS) {
      const json = await getItems(`/ogc/collections/${id}/items?f=json&limit=10000`);
      expect(json.numberMatched).toBe(countOf(id));
      const map = mapOf(await html(`/ogc/collections/${id}?f=html`))!;
      expect(map.shapes.map((s) => s.id).sort(), id).toEqual(drawnIds(json).sort());
    }
  });

  it("draw on a feature's page the feature among its collection's others in grey, each to its page", async () => {
    const map = mapOf(await html('/ogc/collections/communes/items/05023?f=html&lang=it'))!;
    const [feature, ...others] = [...map.shapes].reverse();
    expect(feature).toEqual({ kind: 'feature', id: '05023', href: itemPage('communes', '05023', 'it') });
    expect(others.length).toBeGreaterThan(3);
    for (const other of others)
      expect(other).toEqual({ ...other, kind: 'around', href: itemPage('communes', other.id, 'it') });
    expect(new Set(others.map((o) => o.id)).size).toBe(others.length);
    expect(others.map((o) => o.id)).not.toContain('05023');
    // Its neighbour Montgenèvre (05085) is around it; a commune of the upper Maurienne (73290) is far off.
    expect(others.map((o) => o.id)).toContain('05085');
    expect(others.map((o) => o.id)).not.toContain('73290');
  });
});

describe('the pages in the language asked for', () => {
  const MAP: Record<(typeof LANGUAGES)[number], string> = {
    en: 'Map',
    fr: 'Carte',
    it: 'Mappa',
    de: 'Karte',
    sl: 'Zemljevid',
  };

  it('head the map and describe the page in each language, by ?lang= or by Accept-Language', async () => {
    for (const lang of LANGUAGES) {
      for (const [url, headers] of [
        [`/ogc/collections/communes/items?f=html&limit=3&lang=${lang}`, {}],
        ['/ogc/collections/communes/items?f=html&limit=3', { 'accept-language': `${lang};q=0.9` }],
      ] as const) {
        const page = await html(url, headers);
        expect(page, url).toMatch(new RegExp(`^<!doctype html><html lang="${lang}">`));
        expect(page, url).toContain(`<section class="map"><h2>${MAP[lang]}</h2>`);
      }
    }
  });

  it('give the German texts for lang=de: breadcrumbs, count of features, formats, pages', async () => {
    const page = await html('/ogc/collections/communes/items?f=html&lang=de&limit=10&offset=10');
    expect(page).toContain(`<li><a href="${BASE}/ogc/collections?f=html&#38;lang=de">Sammlungen</a></li>`);
    expect(page).toContain(
      `<p class="summary">${countOf('communes')} Objekte entsprechen; 10 angezeigt ab Position 11.`,
    );
    expect(page).toContain('<span class="label">Herunterladen:</span>');
    expect(page).toContain('rel="prev">← Vorherige Seite</a>');
    expect(page).toContain('rel="next">Nächste Seite →</a>');
    expect(page).toContain('<th scope="col">Objekt</th><th scope="col">code</th>');
    expect(page).not.toMatch(/>(Map|Features|Download|Next page|no data)</);
  });

  it('link the same page in the other languages', async () => {
    const page = await html('/ogc/collections/services?f=html&lang=sl');
    for (const lang of LANGUAGES.filter((l) => l !== 'sl'))
      expect(page).toContain(`href="${BASE}/ogc/collections/services?f=html&#38;lang=${lang}" hreflang="${lang}"`);
  });
});

describe('the links to every format of the same query', () => {
  it('are the ones of the JSON answer, named by format, on items and feature pages', async () => {
    for (const path of [
      '/ogc/collections/communes/items?limit=5&offset=5&bbox=6.5,44.8,6.8,45',
      '/ogc/collections/communes/items/05023?',
    ]) {
      const json = (await get(`${path}&f=json&lang=fr`)).json() as {
        links: { href: string; rel: string; type: string }[];
      };
      const page = await html(`${path}&f=html&lang=fr`);
      const row = /<span class="label">Télécharger:<\/span><ul>(.*?)<\/ul>/.exec(page)![1]!;
      const links = [...row.matchAll(/<a href="([^"]*)" rel="(\w+)" type="([^"]*)"[^>]*>([^<]*)<\/a>/g)];
      const own = json.links.filter((l) => l.rel === 'self' || l.rel === 'alternate');
      expect(links.map(([, href]) => unescapeHtml(href!))).toEqual(own.map((l) => l.href));
      expect(links.map(([, , , type]) => unescapeHtml(type!))).toEqual(own.map((l) => l.type));
      const names = links.map(([, , , , name]) => name);
      expect(names).toEqual(expect.arrayContaining(['GeoJSON', 'CSV', 'HTML', 'GeoPackage', 'FlatGeobuf']));
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
