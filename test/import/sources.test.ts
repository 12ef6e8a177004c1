import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, resolveFile, resolvePackageFile, type Source } from '../../scripts/import/sources.ts';
import { MIRROR, PROJECT_ROOT, realOptions } from '../helpers/paths.ts';

const manifest = readManifest(realOptions.manifestPath);
const byId = (id: string) => manifest.sources.find((s) => s.id === id)!;
const empty = () => mkdtempSync(path.join(tmpdir(), 'atlas-resolve-'));
const quiet = { log: () => {}, packageRoot: PROJECT_ROOT };

describe('the source manifest', () => {
  it('gives every source a licence, a pinned upstream and a checksum or package version', () => {
    for (const s of manifest.sources.filter((source) => !source.curatedPath)) {
      expect(s.licence.name, s.id).not.toBe('');
      expect(s.licence.url, s.id).toMatch(/^https:\/\//);
      expect(s.url, s.id).toMatch(/^https:\/\//);
      if (s.package) expect(s.package.version, s.id).toMatch(/^\d+\.\d+\.\d+$/);
      else expect(s.sha256, s.id).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('names the curated files of the data folder, which have no upstream URL and a licence', () => {
    const curated = manifest.sources.filter((s) => s.curatedPath);
    expect(curated.map((s) => [s.id, s.curatedPath, s.url, s.sha256])).toEqual([
      ['atlas-initiatives', 'initiatives.json', null, undefined],
      ['atlas-pilot-members', 'pilot-members.json', null, undefined],
    ]);
    for (const s of curated) {
      expect(existsSync(path.join(PROJECT_ROOT, 'data', s.curatedPath!)), s.id).toBe(true);
      expect(s.licence.url, s.id).toMatch(/^https:\/\//);
    }
  });

  it('pins verbatim GitHub files to a commit', () => {
    const verbatim = manifest.sources.filter((s) => s.derivation === 'verbatim');
    expect(verbatim.map((s) => s.id)).toEqual([
      'ign-communes-05-2018',
      'ign-communes-73-2018',
      'openpolis-comuni-torino-2023',
    ]);
    for (const s of verbatim) expect(s.url).toMatch(/\/[0-9a-f]{40}\//);
  });
});

describe('resolveFile', () => {
  it('reads a mirrored file and checks its checksum', async () => {
    const source = byId('ign-communes-05-2018');
    const { path: found, bytes } = await resolveFile(source, { ...quiet, mirror: MIRROR, cache: empty() });
    expect(found).toBe(path.join(MIRROR, source.mirrorPath!));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(source.sha256);
  });

  it('refuses a mirrored file whose checksum differs, naming the dataset and what to do', async () => {
    const source: Source = { ...byId('ign-communes-05-2018'), sha256: '0'.repeat(64) };
    await expect(resolveFile(source, { ...quiet, mirror: MIRROR, cache: empty() })).rejects.toThrow(
      /source ign-communes-05-2018: .*_ign2018\.geojson has sha256 afd3147d.*records 0000.*update the manifest/,
    );
  });

  it('explains that a derived file cannot be downloaded when the mirror lacks it', async () => {
    await expect(
      resolveFile(byId('gisco-healthcare-2020'), { ...quiet, mirror: empty(), cache: empty() }),
    ).rejects.toThrow(
      new RegExp(
        'source gisco-healthcare-2020: alps/services/healthcare_gisco2020_alpconv2025_bbox50km\\.geojson ' +
          'is not in the mirror .* cannot be downloaded .*Set ATLAS_MIRROR',
      ),
    );
  });

  describe('without a mirror, a verbatim file is downloaded over HTTP', () => {
    let server: Server;
    let base: string;
    const requests: string[] = [];
    const real = byId('ign-communes-05-2018');
    const bytes = readFileSync(path.join(MIRROR, real.mirrorPath!));

    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push(req.url!);
        if (req.url === '/good.geojson') res.end(bytes);
        else if (req.url === '/altered.geojson') res.end(Buffer.concat([bytes, Buffer.from(' ')]));
        else res.writeHead(404).end();
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('stores the download in the cache after checking it, and reads the cache next time', async () => {
      const cache = empty();
      const source = { ...real, url: `${base}/good.geojson` };
      const first = await resolveFile(source, { ...quiet, mirror: empty(), cache });
      expect(first.path).toBe(path.join(cache, real.id));
      expect(first.bytes.equals(bytes)).toBe(true);
      const before = requests.length;
      await resolveFile(source, { ...quiet, mirror: empty(), cache });
      expect(requests.length).toBe(before);
    });

    it('keeps nothing when the downloaded bytes do not match the checksum', async () => {
      const cache = empty();
      await expect(
        resolveFile({ ...real, url: `${base}/altered.geojson` }, { ...quiet, mirror: empty(), cache }),
      ).rejects.toThrow(/source ign-communes-05-2018: http:\/\/127\.0\.0\.1:\d+\/altered\.geojson has sha256/);
      expect(existsSync(path.join(cache, real.id))).toBe(false);
    });

    it('reports an HTTP error with the URL', async () => {
      await expect(
        resolveFile({ ...real, url: `${base}/moved.geojson` }, { ...quiet, mirror: empty(), cache: empty() }),
      ).rejects.toThrow(/downloading http:\/\/127\.0\.0\.1:\d+\/moved\.geojson answered HTTP 404/);
    });
  });
});

describe('readManifest', () => {
  const write = (json: unknown) => {
    const file = path.join(empty(), 'sources.json');
    writeFileSync(file, JSON.stringify(json));
    return file;
  };

  it('refuses a dataset without a licence, naming the file, the dataset and the field', () => {
    const broken = JSON.parse(readFileSync(realOptions.manifestPath, 'utf8'));
    delete broken.sources[2].licence;
    const file = write(broken);
    expect(() => readManifest(file)).toThrow(
      `${file}, feature openpolis-comuni-torino-2023, field "licence.name": expected a non-empty text`,
    );
  });

  it('refuses a curated path that leaves the data folder', () => {
    const broken = JSON.parse(readFileSync(realOptions.manifestPath, 'utf8'));
    broken.sources.find((s: { id: string }) => s.id === 'atlas-initiatives').curatedPath = '../sources.json';
    expect(() => readManifest(write(broken))).toThrow(
      'feature atlas-initiatives, field "curatedPath": expected the name of a curated JSON file of the data folder, ' +
        'got "../sources.json"',
    );
  });

  it('refuses a mirror path that leaves the mirror', () => {
    const broken = JSON.parse(readFileSync(realOptions.manifestPath, 'utf8'));
    broken.sources[0].mirrorPath = '../../etc/passwd';
    expect(() => readManifest(write(broken))).toThrow('field "mirrorPath": expected a relative path inside the mirror');
  });
});

describe('resolvePackageFile', () => {
  it('reads package data after checking the installed version and checksum', () => {
    const source = byId('etalab-decoupage-administratif');
    const epci = JSON.parse(resolvePackageFile(source, 'data/epci.json', quiet).toString());
    expect(epci.find((e: { code: string }) => e.code === '240500439').nom).toBe('CC du Briançonnais');
  });

  it('refuses another version of the package than the manifest records', () => {
    const source = byId('etalab-decoupage-administratif');
    const other = { ...source, package: { ...source.package!, version: '5.3.0' } };
    expect(() => resolvePackageFile(other, 'data/epci.json', quiet)).toThrow(
      `source etalab-decoupage-administratif: @etalab/decoupage-administratif 6.0.0 is installed, but ` +
        `${realOptions.manifestPath} records 5.3.0`,
    );
  });
});
