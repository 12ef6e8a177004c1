import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest, type ResolveOptions } from './sources.ts';
import type { BuildContext } from './context.ts';
import { importSources } from './sources-table.ts';
import { importCommunes } from './communes.ts';
import { importReferencePoints } from './reference-points.ts';
import { importRegions } from './regions.ts';
import { importHealthcareAccess } from './healthcare-access.ts';
import { importSeasonalProxies } from './seasonal.ts';
import { importTerritories } from './territories.ts';
import { importIndicators } from './indicators.ts';
import { importPopulation } from './population.ts';
import { importRailStations } from './rail-stations.ts';
import { importRailLines } from './rail-lines.ts';
import { importHealthFacilities } from './health-facilities.ts';
import { importServices } from './services.ts';
import { importInitiatives } from './initiatives.ts';
import { importLayers } from './layers.ts';
import { importBasemap } from './basemap.ts';
import { importTiles } from './tiles.ts';
import { runChecks } from './checks.ts';

const IMPORT_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The shared vocabulary the importers use (input errors, rounding, languages): part of what a build is made from. */
const VOCABULARY_DIR = path.join(IMPORT_DIR, '../../vocabulary');

export interface BuildOptions extends Omit<ResolveOptions, 'log'> {
  dbPath: string;
  manifestPath: string;
  curatedDir: string;
  log?: (line: string) => void;
}

/** In dependency order: communes before the territories and values that refer to them. */
const STEPS: [string, (ctx: BuildContext) => Promise<string> | string][] = [
  ['sources', importSources],
  ['communes', importCommunes],
  ['reference points', importReferencePoints],
  ['regions', importRegions],
  ['territories', importTerritories],
  ['indicators', importIndicators],
  ['population', importPopulation],
  ['rail stations', importRailStations],
  ['rail lines', importRailLines],
  ['health facilities', importHealthFacilities],
  ['services', importServices],
  ['healthcare access', importHealthcareAccess],
  ['seasonal proxies', importSeasonalProxies],
  ['initiatives', importInitiatives],
  ['layers', importLayers],
  ['basemap', importBasemap],
  ['tiles', importTiles],
];

/**
 * Builds the atlas into a temporary file beside the target and renames it over the target only when
 * every step and check passed, so a failed or killed build never touches the database being served.
 */
export async function buildAtlas(options: BuildOptions): Promise<{ buildId: string; seconds: number }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  removeStaleTemporaryFiles(options.dbPath);
  const temporary = `${options.dbPath}.tmp-${process.pid}`;
  const db = new Database(temporary);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(readFileSync(path.join(IMPORT_DIR, 'schema.sql'), 'utf8'));
    const ctx: BuildContext = {
      db,
      manifest: readManifest(options.manifestPath),
      resolve: { ...options, log },
      curatedDir: options.curatedDir,
      log,
    };
    db.exec('BEGIN');
    for (const [name, step] of STEPS) {
      const t = performance.now();
      const summary = await step(ctx);
      log(`✓ ${name}: ${summary} (${seconds(t)} s)`);
    }
    const t = performance.now();
    const problems = runChecks(db);
    if (problems.length) throw new Error(`the built database failed its checks:\n  ${problems.join('\n  ')}`);
    const buildId = inputsHash(options);
    const meta = db.prepare('INSERT INTO meta VALUES (?, ?)');
    meta.run('build_id', buildId);
    meta.run('built_at', new Date().toISOString());
    db.exec('COMMIT');
    log(`✓ checks: foreign keys, sources, values, coverage (${seconds(t)} s)`);
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
    db.close();
    renameSync(temporary, options.dbPath);
    return { buildId, seconds: Number(seconds(started)) };
  } catch (error) {
    if (db.open) db.close();
    rmSync(temporary, { force: true });
    throw error;
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

/**
 * Identifies what a database was built from: the manifest, the curated files and the importers.
 * The server uses it as the data release in ETags; `npm start` rebuilds when it changes.
 */
export function inputsHash(options: Pick<BuildOptions, 'manifestPath' | 'curatedDir'>): string {
  const hash = createHash('sha256');
  const curated = readdirSync(options.curatedDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(options.curatedDir, f));
  const code = [IMPORT_DIR, VOCABULARY_DIR].flatMap((dir) =>
    readdirSync(dir)
      .sort()
      .map((f) => path.join(dir, f)),
  );
  for (const file of [options.manifestPath, ...curated, ...code])
    hash.update(file.split(path.sep).slice(-2).join('/')).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** A build killed mid-way leaves its temporary file; remove those whose process is gone. */
function removeStaleTemporaryFiles(dbPath: string): void {
  const dir = path.dirname(dbPath);
  if (!existsSync(dir)) return;
  const prefix = `${path.basename(dbPath)}.tmp-`;
  for (const name of readdirSync(dir).filter((n) => n.startsWith(prefix))) {
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || !isRunning(pid)) rmSync(path.join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
