import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS } from '../helpers/atlas-sql.ts';
import { BASE, ids, linksOf, pathOf, useOgcApi } from '../helpers/ogc-client.ts';

/** Items of the researchers' API: how many match, pages of them, and the links between pages. */

const { getItems, column, scalar, countOf, idsOf } = useOgcApi();

describe('items: counts, limits and paging', () => {
  it('matches every feature of the table and returns 100 by default', async () => {
    for (const id of COLLECTION_IDS) {
      const items = await getItems(`/ogc/collections/${id}/items`);
      const count = countOf(id);
      expect(items.type).toBe('FeatureCollection');
      expect(items.numberMatched, id).toBe(count);
      expect(items.numberReturned, id).toBe(Math.min(count, 100));
      expect(items.features, id).toHaveLength(items.numberReturned);
      expect(ids(items), id).toEqual(idsOf(id).slice(0, 100));
      expect(linksOf(items.links, 'next').length, id).toBe(count > 100 ? 1 : 0);
      expect(items.timeStamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });

  it('treats a limit above 10000 as 10000: every feature on one page', async () => {
    // Every municipality of the perimeter, fewer than 10000: one page. Without geometry, which is not at issue here.
    const items = await getItems('/ogc/collections/communes/items?limit=20000&skipGeometry=true&properties=name');
    expect(countOf('communes')).toBeLessThan(10_000);
    expect(items.numberMatched).toBe(countOf('communes'));
    expect(items.numberReturned).toBe(countOf('communes'));
    expect(ids(items)).toEqual(idsOf('communes'));
    expect(linksOf(items.links, 'next')).toEqual([]);
  });

  // Pages of 100 without geometry: every municipality of the perimeter in about 50 requests, the last one short.
  const PAGE = 100;
  const LIGHT = `skipGeometry=true&properties=name&limit=${PAGE}`;

  it('pages through every commune by next links, in order, with no duplicate', async () => {
    const count = countOf('communes');
    expect(count % PAGE, 'a last page shorter than the others').toBeGreaterThan(0);
    const seen: string[] = [];
    const problems: string[] = [];
    let url: string | undefined = `/ogc/collections/communes/items?${LIGHT}`;
    let pages = 0;
    while (url) {
      const page = await getItems(url);
      if (page.numberReturned > PAGE) problems.push(`${url}: ${page.numberReturned} features`);
      if (linksOf(page.links, 'prev').length !== (pages === 0 ? 0 : 1)) problems.push(`${url}: prev links`);
      seen.push(...ids(page));
      const next = linksOf(page.links, 'next');
      if (next.length > 1 || (next[0] && next[0].type !== 'application/geo+json')) problems.push(`${url}: next`);
      url = next[0] && pathOf(next[0].href);
      pages += 1;
      expect(pages, 'pages never end').toBeLessThanOrEqual(Math.ceil(count / PAGE));
    }
    expect(problems).toEqual([]);
    expect(seen).toEqual(idsOf('communes'));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(count / PAGE));
  });

  it('pages back by prev links to the first page', async () => {
    const count = countOf('communes');
    const lastOffset = Math.floor((count - 1) / PAGE) * PAGE;
    let url: string | undefined = `/ogc/collections/communes/items?${LIGHT}&offset=${lastOffset}`;
    const seen: string[][] = [];
    while (url) {
      const page = await getItems(url);
      seen.unshift(ids(page));
      const prev = linksOf(page.links, 'prev')[0];
      url = prev && pathOf(prev.href);
      expect(seen.length, 'pages never end').toBeLessThanOrEqual(Math.ceil(count / PAGE));
    }
    expect(seen.flat()).toEqual(idsOf('communes'));
  });

  it('points prev from past the end to the last page with features', async () => {
    const count = countOf('communes');
    const page = await getItems(`/ogc/collections/communes/items?limit=10&offset=${count + 100}`);
    expect(page.numberReturned).toBe(0);
    expect(linksOf(page.links, 'next')).toEqual([]);
    const last = await getItems(pathOf(linksOf(page.links, 'prev')[0]!.href));
    expect(ids(last)).toEqual(idsOf('communes').slice(count - 10));
  });

  it('keeps every other query parameter in next and prev links', async () => {
    const page = await getItems(
      '/ogc/collections/communes/items?country=FR&properties=name&skipGeometry=true&limit=10&offset=20&lang=de',
    );
    const params = (rel: string) => Object.fromEntries(new URL(linksOf(page.links, rel)[0]!.href).searchParams);
    const kept = { country: 'FR', properties: 'name', skipGeometry: 'true', limit: '10', lang: 'de' };
    expect(params('next')).toEqual({ ...kept, offset: '30' });
    expect(params('prev')).toEqual({ ...kept, offset: '10' });
    expect(new URL(linksOf(page.links, 'next')[0]!.href).pathname).toBe('/ogc/collections/communes/items');
    expect(ids(page)).toEqual(
      column("SELECT code FROM communes WHERE country = 'FR' ORDER BY code LIMIT 10 OFFSET 20"),
    );
  });

  it('has self, alternate and collection links', async () => {
    const page = await getItems('/ogc/collections/services/items?category=hospital&lang=fr');
    const items = `${BASE}/ogc/collections/services/items?category=hospital&lang=fr`;
    const title = JSON.parse(scalar<string>("SELECT titles FROM layers WHERE id = 'services'")).fr;
    expect(page.links.filter((l) => l.rel !== 'next' && l.rel !== 'prev')).toEqual([
      { href: `${items}&f=json`, rel: 'self', type: 'application/geo+json', title: 'This document as JSON' },
      { href: `${items}&f=csv`, rel: 'alternate', type: 'text/csv', title: 'This document as CSV' },
      { href: `${items}&f=html`, rel: 'alternate', type: 'text/html', title: 'This document as HTML' },
      {
        href: `${items}&f=gpkg`,
        rel: 'alternate',
        type: 'application/geopackage+sqlite3',
        title: 'This document as GeoPackage',
      },
      {
        href: `${items}&f=fgb`,
        rel: 'alternate',
        type: 'application/flatgeobuf',
        title: 'This document as FlatGeobuf',
      },
      { href: `${BASE}/ogc/collections/services`, rel: 'collection', type: 'application/json', title },
    ]);
  });
});
