import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAtlas } from '../../server/atlas-db.ts';
import { readManifest } from '../../scripts/import/sources.ts';
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
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(response.body)![1]!;
    const asset = await real.app.inject(script);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves nothing outside the client folder', async () => {
    for (const url of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json', '/.git/config']) {
      const response = await real.app.inject(url);
      expect([403, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toContain('alpine-territories-atlas');
    }
  });
});

describe('/api/sources', () => {
  it('lists every source of the manifest with publisher, licence, vintage and checksum', async () => {
    const response = await real.app.inject('/api/sources');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const { sources } = response.json();
    const manifest = readManifest(realOptions.manifestPath).sources;
    expect(sources.map((s: { id: string }) => s.id)).toEqual(manifest.map((s) => s.id).sort());
    expect(sources.find((s: { id: string }) => s.id === 'gisco-healthcare-2020')).toEqual({
      id: 'gisco-healthcare-2020',
      title: 'Healthcare services in Europe: hospitals and clinics',
      publisher: 'Eurostat GISCO (eurostat/basic-services)',
      licence: { name: '© EuroGeographics / Eurostat, reuse with attribution', url: 'https://ec.europa.eu/eurostat/web/gisco/geodata/basic-services' },
      url: 'https://raw.githubusercontent.com/eurostat/basic-services/44955c0c78e3ab52157f17fa1e21d80991fde102/data/healthcare/csv/all.csv',
      vintage: '2019/2020 reference',
      derivation: 'derived: clipped to lon 5.8–7.8, lat 44.35–45.65',
      sha256: '7bdff5799bc25484c6e0658cf5095f58801bcec492414ae330897e0f378c1ec2',
      package: null,
    });
  });

  it('answers 304 with an empty body to a matching If-None-Match, and revalidates after 5 minutes', async () => {
    const first = await real.app.inject('/api/sources');
    expect(first.headers.etag).toBe(`W/"${real.atlas.buildId}-sources"`);
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const again = await real.app.inject({ url: '/api/sources', headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await real.app.inject({ url: '/api/sources', headers: { 'if-none-match': '"other"' } });
    expect(other.statusCode).toBe(200);
  });
});

describe('/api/layers', () => {
  it('lists the five layers with titles in five languages, counts and sources', async () => {
    const { layers } = (await real.app.inject('/api/layers')).json();
    expect(layers.map((l: { id: string; itemCount: number }) => [l.id, l.itemCount])).toEqual([
      ['communes', 127],
      ['territories', 26],
      ['rail-stations', 84],
      ['rail-lines', 3],
      ['services', 158],
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
    expect((await real.app.inject('/healthz')).json()).toEqual({ status: 'ready', build: real.atlas.buildId, communes: 127 });
  });

  it('opens the database read-only', () => {
    expect(() => real.atlas.db.prepare("DELETE FROM communes WHERE code = '05023'").run()).toThrow(/readonly/);
  });

  it('refuses to start on a missing database with a message that says what to run', () => {
    expect(() => openAtlas('/nonexistent/atlas.sqlite')).toThrow('cannot open the atlas database /nonexistent/atlas.sqlite');
    expect(() => openAtlas('/nonexistent/atlas.sqlite')).toThrow('run npm run build:data first');
  });
});
