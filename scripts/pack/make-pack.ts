import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pageDataUrls } from '../../client/src/api.ts';
import { STATIC_DATA_DIR, staticFile } from '../../client/src/static-paths.ts';
import type { LocalStore } from '../../local-store/local-store.ts';
import { buildApp } from '../../server/app.ts';
import type { Atlas } from '../../server/atlas-db.ts';
import { PROJECT_ROOT } from '../../vocabulary/project-root.ts';
import { SECURITY_HEADERS } from '../../vocabulary/security-headers.ts';
import { tileUrl, type TilesetId } from '../../vocabulary/tiles.ts';
import { exportsProfile } from '../../vocabulary/commune-ids.ts';
import { LiveData } from '../../server/live-data.ts';
import { writeProfiles } from './profiles.ts';
import { zip } from './zip.ts';
import type { IndicatorRecord } from '../../vocabulary/api-records.ts';

export interface PackOptions {
  atlas: Atlas;
  store: LocalStore;
  /** The built client (index.html and assets). */
  clientDir: string;
  /** The pack's folder, replaced whole; `${out}.zip` is written beside it. */
  out: string;
  log: (line: string) => void;
}

/**
 * The offline workshop pack, and the static export of the atlas. out/site/ holds the built page and every
 * API answer it reads (layers, indicators with every period, sources, each commune's answer, regional
 * context, the slides of the local database) as files named by client/src/static-paths.ts, and every
 * profile in five languages of the communes of the atlas's own territories (site/profile/: commune-ids.ts
 * exportsProfile), and every vector tile (site/data/tiles/); out/serve.js
 * serves it with Node alone and no network; out.zip is the same, to copy to the presenter's laptop.
 * out/site/ is also a static site for any static file host or CDN. The answers are the server's own, read
 * through the app.
 */
export async function makePack({
  atlas,
  store,
  clientDir,
  out,
  log,
}: PackOptions): Promise<{ files: number; answers: number; slides: number }> {
  const site = path.join(out, 'site');
  const app = await buildApp({ atlas, clientDir, local: { store, writeToken: null } });
  const answer = async (url: string): Promise<Buffer> => {
    const response = await app.inject({ url });
    if (response.statusCode !== 200)
      throw new Error(`${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    return response.rawPayload;
  };
  try {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(site, { recursive: true });
    log(`Packing the atlas (data build ${atlas.buildId}) into ${out}`);

    // 1. The page, marked as a static export so it reads files instead of the API.
    cpSync(clientDir, site, { recursive: true, filter: (file) => !file.endsWith('.inputs-hash') });
    for (const stale of ['index.html.br', 'index.html.gz']) rmSync(path.join(site, stale), { force: true });
    const index = readFileSync(path.join(site, 'index.html'), 'utf8');
    if (!index.includes('<meta charset="utf-8" />'))
      throw new Error(`${clientDir}/index.html has no <meta charset="utf-8" /> to mark as a static export`);
    writeFileSync(
      path.join(site, 'index.html'),
      index.replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta name="atlas-static-export" content="${atlas.buildId}" />`,
      ),
    );

    // 2. Every answer the page may read.
    const indicators = JSON.parse((await answer('/api/indicators')).toString()) as { indicators: IndicatorRecord[] };
    const sources = JSON.parse((await answer('/api/sources')).toString()) as { sources: { id: string }[] };
    const communeItems = '/ogc/collections/communes/items?limit=10000&properties=territories&skipGeometry=true&f=json';
    const communes = JSON.parse((await answer(communeItems)).toString()) as {
      features: { id: string; properties: { territories: string[] } }[];
    };
    const codes = communes.features.map((f) => f.id);
    const profiled = communes.features.filter((f) => exportsProfile(f.properties.territories)).map((f) => f.id);
    const urls = pageDataUrls(
      indicators.indicators,
      sources.sources.map((s) => s.id),
      codes,
    );
    let bytes = 0;
    for (const [i, url] of urls.entries()) {
      const body = await answer(url);
      const file = path.join(site, staticFile(url));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, body);
      bytes += body.length;
      if ((i + 1) % 50 === 0 || i === urls.length - 1)
        log(`  ${i + 1}/${urls.length} answers saved (${(bytes / 1e6).toFixed(1)} MB)`);
    }
    const tiles = await writeTiles(atlas, site, answer);
    log(`  ${tiles.count} vector tiles written (${(tiles.bytes / 1e6).toFixed(1)} MB)`);
    const slides = store.slides.list().length;
    const profiles = writeProfiles(site, new LiveData(atlas, store).current, profiled);
    log(
      `  ${profiles} commune profiles written (${profiled.length} communes of the atlas's own territories × ` +
        `${profiles / profiled.length} languages)`,
    );

    // 3. The launcher and its instructions.
    cpSync(path.join(PROJECT_ROOT, 'scripts/pack/serve.js'), path.join(out, 'serve.js'));
    // serve.js answers with the server's own security headers, read from this file.
    writeFileSync(path.join(out, 'security-headers.json'), `${JSON.stringify(SECURITY_HEADERS, null, 2)}\n`);
    writeFileSync(
      path.join(out, 'README.txt'),
      [
        'Alpine Territories Atlas: workshop pack',
        `Data build ${atlas.buildId}, packed ${new Date().toISOString().slice(0, 10)}; ${slides} slides.`,
        '',
        'Offline: install Node.js 18 or later, then in this folder run',
        '  node serve.js',
        'and open the address it prints. No network is needed. HOST=0.0.0.0 node serve.js lets the room connect.',
        '',
        'Static hosting: upload the folder site/ to any static file host or CDN; open its index.html.',
        'Sources and licences of every layer are listed on the page ("Map data") and in site/data/api/sources.json.',
        '',
      ].join('\n'),
    );

    // 4. One file to carry.
    const files = listFiles(out);
    writeFileSync(
      `${out}.zip`,
      zip(
        files.map((file) => ({
          name: `${path.basename(out)}/${path.relative(out, file).split(path.sep).join('/')}`,
          data: readFileSync(file),
        })),
      ),
    );
    log(
      `Packed ${files.length} files, ${urls.length} API answers, ${slides} slides: ${out} and ${out}.zip ` +
        `(${(statSync(`${out}.zip`).size / 1e6).toFixed(1)} MB).`,
    );
    return { files: files.length, answers: urls.length, slides };
  } finally {
    await app.close();
  }
}

/** Every vector tile, as the server answers it, at the path the page reads in a static export (api.ts tileTemplate). */
async function writeTiles(
  atlas: Atlas,
  site: string,
  answer: (url: string) => Promise<Buffer>,
): Promise<{ count: number; bytes: number }> {
  const tiles = atlas.db
    .prepare('SELECT tileset, zoom_level AS z, tile_column AS x, (1 << zoom_level) - 1 - tile_row AS y FROM tiles')
    .all() as { tileset: TilesetId; z: number; x: number; y: number }[];
  let bytes = 0;
  for (const { tileset, z, x, y } of tiles) {
    const url = tileUrl(tileset, z, x, y);
    const body = await answer(url);
    const file = path.join(site, STATIC_DATA_DIR, url);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
    bytes += body.length;
  }
  return { count: tiles.length, bytes };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? listFiles(full) : [full];
    })
    .sort();
}
