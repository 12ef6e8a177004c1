import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openAtlas } from '../../server/atlas-db.ts';
import { readManifest } from '../../scripts/import/sources.ts';
import { BASEMAP_BBOX } from '../../scripts/import/basemap.ts';
import { CLIENT_DIR, realOptions } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

const real = useRealApp();
const count = (sql: string) => real.atlas.db.prepare(sql).pluck().get() as number;

describe('the page', () => {
  it('serves the built client at / with a strict Content-Security-Policy', async () => {
    const response = await real.app.inject('/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8'));
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).not.toMatch(/unsafe-(eval|inline)/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(response.body)![1]!;
    const asset = await real.app.inject(script);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('sends the bundle compressed as the build wrote it (brotli, else gzip), never the inputs-hash stamp', async () => {
    const page = await real.app.inject('/');
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
    const plain = readFileSync(path.join(CLIENT_DIR, script));
    const br = await real.app.inject({ url: script, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).equals(plain)).toBe(true);
    const gz = await real.app.inject({ url: script, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(plain)).toBe(true);
    expect([403, 404]).toContain((await real.app.inject('/.inputs-hash')).statusCode);
  });

  it('serves nothing outside the client folder', async () => {
    for (const url of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/.git/config',
    ]) {
      const response = await real.app.inject(url);
      expect([403, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toContain('alpine-territories-atlas');
    }
  });
});

describe('/api/basemap', () => {
  it(
    'is one GeoJSON document of land, countries, borders, rivers and lake shores inside the basemap box, each ' +
      'feature with a listed source',
    async () => {
      const response = await real.app.inject('/api/basemap');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/geo+json');
      expect(response.headers.etag).toMatch(/^W\//);
      const { type, features } = response.json() as {
        type: string;
        features: { properties: { layer: string; source: string }; geometry: { coordinates: unknown } }[];
      };
      expect(type).toBe('FeatureCollection');
      const counts = Object.fromEntries(
        ['land', 'countries', 'borders', 'rivers', 'lake-shores'].map((l) => [
          l,
          features.filter((f) => f.properties.layer === l).length,
        ]),
      );
      // Borders, rivers and lake shores: every line of the GSHHG files of the mirror, each naming its file's source.
      for (const source of readManifest(realOptions.manifestPath).sources) {
        if (!source.mirrorPath?.startsWith('basemap/')) continue;
        const mirrored = JSON.parse(readFileSync(path.join(realOptions.mirror, source.mirrorPath), 'utf8'));
        expect(features.filter((f) => f.properties.source === source.id).length, source.id).toBe(
          mirrored.features.length,
        );
      }
      expect(counts.land).toBeGreaterThan(0);
      // France, Italy, Switzerland, Austria, Germany, Slovenia, Liechtenstein at least.
      expect(counts.countries).toBeGreaterThanOrEqual(7);
      const sources = new Set((await real.app.inject('/api/sources')).json().sources.map((s: { id: string }) => s.id));
      for (const f of features) expect(sources.has(f.properties.source), f.properties.source).toBe(true);
      const positions = features.flatMap((f) => (f.geometry.coordinates as unknown[]).flat(3) as number[]);
      const lons = positions.filter((_, i) => i % 2 === 0);
      const lats = positions.filter((_, i) => i % 2 === 1);
      expect(Math.min(...lons)).toBeGreaterThanOrEqual(BASEMAP_BBOX[0]);
      expect(Math.min(...lats)).toBeGreaterThanOrEqual(BASEMAP_BBOX[1]);
      expect(Math.max(...lons)).toBeLessThanOrEqual(BASEMAP_BBOX[2]);
      expect(Math.max(...lats)).toBeLessThanOrEqual(BASEMAP_BBOX[3]);
    },
  );
});

describe('/api/sources', () => {
  it('lists every source of the manifest with publisher, licence, vintage and checksum', async () => {
    const response = await real.app.inject('/api/sources');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const { sources } = response.json();
    const manifest = readManifest(realOptions.manifestPath).sources;
    expect(sources.map((s: { id: string }) => s.id)).toEqual(manifest.map((s) => s.id).sort());
    // A mirrored file's record is its manifest entry, and its checksum is that of the file in the mirror.
    const entry = JSON.parse(readFileSync(realOptions.manifestPath, 'utf8')).sources.find(
      (s: { id: string }) => s.id === 'gisco-healthcare-2020',
    );
    expect(sources.find((s: { id: string }) => s.id === 'gisco-healthcare-2020')).toEqual({
      id: 'gisco-healthcare-2020',
      title: entry.titles.en,
      titles: entry.titles,
      publisher: entry.publisher,
      licence: entry.licence,
      url: entry.url,
      vintage: entry.vintage,
      derivation: entry.derivation,
      sha256: createHash('sha256')
        .update(readFileSync(path.join(realOptions.mirror, entry.mirrorPath)))
        .digest('hex'),
      package: null,
      upstreams: null,
    });
  });

  it("states ANPR's licence as its repository does, and each country's boundaries with their own licence", async () => {
    const { sources } = (await real.app.inject('/api/sources')).json() as {
      sources: { id: string; licence: { name: string; url: string } }[];
    };
    const byId = (id: string) => sources.find((s) => s.id === id)!;
    for (const id of ['anpr-residenti-2026-01', 'anpr-residenti-2026-01-alpconv']) {
      expect(byId(id).licence.name, id).toMatch(/^CC0[ -]1\.0/);
      expect(byId(id).licence.url, id).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    }
    // Each country's boundary file is a source of its own, with the licence of the manifest.
    const manifest = readManifest(realOptions.manifestPath).sources;
    const boundaries = real.atlas.db
      .prepare('SELECT DISTINCT country, boundary_source_id AS source FROM communes ORDER BY country, source')
      .all() as { country: string; source: string }[];
    expect([...new Set(boundaries.map((b) => b.country))]).toEqual(['AT', 'CH', 'DE', 'FR', 'IT', 'SI']);
    for (const { source } of boundaries) {
      expect(byId(source).licence, source).toEqual(manifest.find((s) => s.id === source)!.licence);
    }
    const licences = (await real.app.inject('/ogc/collections/communes?f=json'))
      .json()
      .links.filter((l: { rel: string }) => l.rel === 'license')
      .map((l: { href: string }) => l.href);
    expect(licences).toEqual(expect.arrayContaining([...new Set(boundaries.map((b) => byId(b.source).licence.url))]));
    expect(licences).toEqual(
      expect.arrayContaining([
        'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
        'https://www.bfs.admin.ch/bfs/en/home/fso/swiss-federal-statistical-office/terms-of-use.html',
        'https://www.govdata.de/dl-de/by-2-0',
        'https://creativecommons.org/licenses/by/4.0/',
      ]),
    );
  });

  it('answers 304 with an empty body to a matching If-None-Match, and has it revalidated before each use', async () => {
    const first = await real.app.inject('/api/sources');
    expect(first.headers.etag).toBe(`W/"${real.atlas.buildId}-sources"`);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const again = await real.app.inject({
      url: '/api/sources',
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await real.app.inject({ url: '/api/sources', headers: { 'if-none-match': '"other"' } });
    expect(other.statusCode).toBe(200);
  });
});

describe('/api/layers', () => {
  it('lists the seven layers with titles in five languages, counts and sources', async () => {
    const { layers } = (await real.app.inject('/api/layers')).json();
    // The counts of the README's "What the database holds", as the tables hold them.
    const expected: [string, string, number][] = [
      ['communes', 'communes', 5276],
      ['territories', 'territories', 35],
      ['rail-stations', 'rail_stations', 84],
      ['rail-lines', 'rail_lines', 3],
      ['services', 'services', 3356],
      ['flows', 'flows', 3311],
      ['initiatives', 'initiatives', 13],
    ];
    const counted = expected.map(([id, table]) => [id, count(`SELECT count(*) FROM ${table}`)]);
    expect(counted).toEqual(expected.map(([id, , n]) => [id, n]));
    expect(layers.map((l: { id: string; itemCount: number }) => [l.id, l.itemCount])).toEqual(counted);
    // Every municipality of the perimeter: FR 1 670, IT 1 643, AT 1 010, CH 603, DE 295, SI 55.
    expect(
      real.atlas.db.prepare('SELECT country, count(*) AS n FROM communes GROUP BY country ORDER BY country').all(),
    ).toEqual([
      { country: 'AT', n: 1010 },
      { country: 'CH', n: 603 },
      { country: 'DE', n: 295 },
      { country: 'FR', n: 1670 },
      { country: 'IT', n: 1643 },
      { country: 'SI', n: 55 },
    ]);
    for (const layer of layers) {
      expect(Object.keys(layer.titles).sort(), layer.id).toEqual(['de', 'en', 'fr', 'it', 'sl']);
      expect(layer.sources.length, layer.id).toBeGreaterThan(0);
    }
    expect(layers[3].titles.en).toBe('Rail lines (schematic)');
  });
});

describe('/healthz and the database', () => {
  it('reports ready with the data build', async () => {
    expect((await real.app.inject('/healthz')).json()).toEqual({
      status: 'ready',
      build: real.atlas.buildId,
      communes: count('SELECT count(*) FROM communes'),
    });
  });

  it('opens the database read-only', () => {
    expect(() => real.atlas.db.prepare("DELETE FROM communes WHERE code = '05023'").run()).toThrow(/readonly/);
  });

  it('refuses to start on a missing database with a message that says what to run', () => {
    expect(() => openAtlas('/nonexistent/atlas.sqlite')).toThrow(
      'cannot open the atlas database /nonexistent/atlas.sqlite',
    );
    expect(() => openAtlas('/nonexistent/atlas.sqlite')).toThrow('run npm run build:data first');
  });
});

describe('services layer', () => {
  it('gives each GISCO record its class and a French phone number as dialled', async () => {
    const briancon = (await real.app.inject('/ogc/collections/services/items/gisco-FR_50000231')).json();
    expect(briancon.properties).toMatchObject({
      name: 'CENTRE HOSPITALIER DES ESCARTONS DE BRIANCON',
      category: 'hospital',
      facility_type: 'Centre Hospitalier (C.H.)',
      facility_class: 'general-acute-hospital',
      phone: '04 92 25 21 00',
    });
    const antenna = (await real.app.inject('/ogc/collections/services/items/gisco-FR_730010477')).json();
    expect(antenna.properties).toMatchObject({
      name: 'ANTENNE SMUR MODANE',
      category: 'health-facility',
      facility_class: 'emergency-antenna',
    });
    // Every French hospital of the layer (the hospitals of the Alps are more than a default page).
    const url = '/ogc/collections/services/items?category=hospital&country=FR&limit=10000&skipGeometry=true';
    const { features } = (await real.app.inject(`${url}&properties=country,phone`)).json() as {
      features: { properties: { country: string; phone: string | null } }[];
    };
    expect(features.length).toBe(count("SELECT count(*) FROM services WHERE category = 'hospital' AND country = 'FR'"));
    const phones = features.flatMap((f) => (f.properties.phone === null ? [] : [f.properties.phone]));
    expect(phones.length).toBeGreaterThan(20);
    expect(phones.filter((phone) => !/^0[1-9]( \d{2}){4}$/.test(phone))).toEqual([]);
  });
});
