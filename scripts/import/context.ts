import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../vocabulary/input-error.ts';
import { parseCsv, type CsvRow } from '../../vocabulary/csv.ts';
import { resolveFile, resolvePackageFile, type Manifest, type ResolveOptions, type Source } from './sources.ts';

/** What every importer receives: the database being built, the sources, and the curated data folder. */
export interface BuildContext {
  db: Database.Database;
  manifest: Manifest;
  resolve: ResolveOptions;
  /** Folder of the team's curated files (territories.json, indicators.json, layers.json). */
  curatedDir: string;
  log: (line: string) => void;
}

export function sourceById(ctx: BuildContext, id: string): Source {
  const source = ctx.manifest.sources.find((s) => s.id === id);
  if (!source) throw new InputError({ file: ctx.manifest.file, field: 'id' }, `a source with id "${id}"`);
  return source;
}

/** The checked bytes of a source, labelled with the path they were read from for error messages. */
export async function sourceText(ctx: BuildContext, id: string): Promise<{ file: string; text: string }> {
  const { path: file, bytes } = await resolveFile(sourceById(ctx, id), ctx.resolve);
  return { file, text: bytes.toString('utf8') };
}

export async function sourceCsv(
  ctx: BuildContext,
  id: string,
  separator = ',',
): Promise<{ file: string; rows: CsvRow[] }> {
  const { file, text } = await sourceText(ctx, id);
  return { file, rows: parseCsv(text, file, separator) };
}

export interface RawFeature {
  index: number;
  properties: Record<string, unknown>;
  geometry: unknown;
}

export async function sourceFeatures(ctx: BuildContext, id: string): Promise<{ file: string; features: RawFeature[] }> {
  const { file, text } = await sourceText(ctx, id);
  return { file, features: parseFeatures(text, file) };
}

export function parseFeatures(text: string, file: string): RawFeature[] {
  const json = parseJson(text, file) as { type?: unknown; features?: unknown };
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new InputError(
      { file, field: 'type' },
      'a GeoJSON FeatureCollection with a features array',
      json?.type ?? null,
    );
  }
  return json.features.map((f: { type?: unknown; properties?: unknown; geometry?: unknown }, i) => {
    if (f?.type !== 'Feature')
      throw new InputError({ file, feature: i + 1, field: 'type' }, '"Feature"', f?.type ?? null);
    return { index: i + 1, properties: (f.properties ?? {}) as Record<string, unknown>, geometry: f.geometry };
  });
}

export function sourcePackageJson(ctx: BuildContext, id: string, file: string): unknown {
  return parseJson(resolvePackageFile(sourceById(ctx, id), file, ctx.resolve).toString('utf8'), file);
}

export function curatedJson<T>(ctx: BuildContext, name: string): { file: string; json: T } {
  const file = path.join(ctx.curatedDir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError({ file }, 'a curated data file in the data folder');
  }
  return { file, json: parseJson(text, file) as T };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new InputError({ file, line }, 'valid JSON', message);
  }
}
