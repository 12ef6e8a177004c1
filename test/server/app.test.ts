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

  it(
    "states ANPR's licence as its repository does, and " + 'each upstream of the pilot boundaries with its own licence',
    async () => {
      const { sources } = (await real.app.inject('/api/sources')).json();
      const byId = (id: string) => sources.find((s: { id: string }) => s.id === id);
      expect(byId('anpr-residenti-2026-01').licence.name).toMatch(/^CC0-1\.0/);
      expect(byId('anpr-residenti-2026-01').licence.url).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
      const upstreams = byId('pluralps-pilot-boundaries').upstreams as { title: string; licence: { name: string } }[];
      expect(upstreams.map((u) => u.title.split(':')[0])).toEqual([
        'Les Belleville',
        'Budoia',
        'Gaschurn, Eisenkappel-Vellach',
        'Sattel, Lauterbrunnen, Engelberg',
      ]);
      expect(upstreams.map((u) => u.licence.name)).toEqual([
        'Licence Ouverte / Open Licence 2.0 (Etalab)',
        'CC BY 4.0 (ISTAT / Openpolis)',
        'CC BY 4.0 (Statistik Austria)',
        'FSO open-data terms (opendata.swiss: open use, source must be cited)',
      ]);
      const collection = (await real.app.inject('/ogc/collections/territories?f=json')).json();
      const licences = collection.links
        .filter((l: { rel: string }) => l.rel === 'license')
        .map((l: { href: string }) => l.href);
      expect(licences).toEqual(
        expect.arrayContaining([
          'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
          'https://www.bfs.admin.ch/bfs/en/home/fso/swiss-federal-statistical-office/terms-of-use.html',
        ]),
      );
    },
  );

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
    expect(layers.map((l: { id: string; itemCount: number }) => [l.id, l.itemCount])).toEqual([
      ['communes', 127],
      ['territories', 26],
      ['rail-stations', 84],
      ['rail-lines', 3],
      ['services', 280],
      ['flows', 127],
      ['initiatives', 13],
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
      communes: 127,
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
    const phones = (await real.app.inject('/ogc/collections/services/items?category=hospital&limit=1000'))
      .json()
      .features.filter(
        (f: { properties: { country: string; phone: string | null } }) =>
          f.properties.country === 'FR' && f.properties.phone !== null,
      )
      .map((f: { properties: { phone: string } }) => f.properties.phone);
    expect(phones.length).toBeGreaterThan(20);
    for (const phone of phones) expect(phone).toMatch(/^0[1-9]( \d{2}){4}$/);
  });
});
