import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The communes layer, whole, in each format the items endpoint offers for download (GeoJSON, CSV, GeoPackage,
 * FlatGeobuf), side by side in one run: its size as sent plain and with brotli (as a browser asks), the time of a
 * first request (the server renders the file: one per language, each a cache miss), the time of a repeated one
 * (served from the response cache), and the same bytes as a static file (@fastify/static). Medians; the machine is
 * noisy, so read the ratios to GeoJSON.
 * Usage: npm run bench:formats [-- repeats]
 */
const repeats = Number(process.argv[2] ?? 40);
const FORMATS = ['json', 'csv', 'gpkg', 'fgb'] as const;
const NAMES = { json: 'GeoJSON', csv: 'CSV', gpkg: 'GeoPackage', fgb: 'FlatGeobuf' };
const url = (format: string, lang = 'en') => `/ogc/collections/communes/items?limit=10000&f=${format}&lang=${lang}`;
/** Languages whose answers the benchmark has not asked for yet: each first request renders the file. */
const COLD_LANGUAGES = ['fr', 'it', 'de', 'sl'];

const servers = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'servers.ts'),
    ...FORMATS.map((f) => url(f)),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = (await once(servers.stdout, 'data')) as [Buffer];
const { ours, reference, files } = JSON.parse(line.toString()) as {
  ours: string;
  reference: string;
  files: Record<string, string>;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Milliseconds from the request to the last byte of the body. */
async function timed(href: string, headers: Record<string, string> = {}) {
  const start = performance.now();
  const response = await fetch(href, { headers });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${href}: ${response.status}`);
  return { ms: performance.now() - start, bytes: body.byteLength, sent: response.headers.get('content-length') };
}

interface Measure {
  bytes: number;
  brotli: number;
  first: number;
  repeated: number;
  file: number;
}

const measures = {} as Record<(typeof FORMATS)[number], Measure>;
for (const format of FORMATS) {
  const plain = await timed(`${ours}${url(format)}`);
  const compressed = await timed(`${ours}${url(format)}`, { 'accept-encoding': 'br' });
  const first: number[] = [];
  for (const lang of COLD_LANGUAGES) first.push((await timed(`${ours}${url(format, lang)}`)).ms);
  const repeated: number[] = [];
  const file: number[] = [];
  // Alternate the two servers so that a noisy moment falls on both.
  for (let i = 0; i < repeats; i++) {
    repeated.push((await timed(`${ours}${url(format)}`)).ms);
    file.push((await timed(`${reference}/${files[url(format)]}`)).ms);
  }
  measures[format] = {
    bytes: plain.bytes,
    brotli: Number(compressed.sent),
    first: median(first),
    repeated: median(repeated),
    file: median(file),
  };
}

const json = measures.json;
console.log(
  `communes layer (all features, every property), loopback, medians: first request of ${COLD_LANGUAGES.length} ` +
    `(rendered), ${repeats} repeated`,
);
console.log(
  '\nformat | bytes | ÷ GeoJSON | brotli bytes | ÷ GeoJSON | first request ms | ÷ GeoJSON | repeated ms | ' +
    'static file ms | repeated ÷ static',
);
for (const format of FORMATS) {
  const m = measures[format];
  console.log(
    [
      NAMES[format],
      m.bytes,
      (m.bytes / json.bytes).toFixed(2),
      m.brotli,
      (m.brotli / json.brotli).toFixed(2),
      m.first.toFixed(1),
      (m.first / json.first).toFixed(2),
      m.repeated.toFixed(1),
      m.file.toFixed(1),
      (m.repeated / m.file).toFixed(2),
    ].join(' | '),
  );
}

servers.kill('SIGTERM');
await once(servers, 'exit');
