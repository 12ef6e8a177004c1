import { InputError } from '../../vocabulary/input-error.ts';
import { curatedJson, sourceById, type BuildContext } from './context.ts';
import { missingLanguages } from '../../vocabulary/languages.ts';

interface LayerDefinition {
  id: string;
  geometryType: string;
  sourceColumns: string[];
  sources: string[];
  titles: Record<string, string>;
  descriptions: Record<string, string>;
}

/** Column names a layer may read its sources from; fixed so that no curated text becomes SQL. */
const SOURCE_COLUMNS = new Set(['source_id', 'boundary_source_id']);

/** Records the layers with their item counts and sources, after checking every row's source is listed. */
export function importLayers(ctx: BuildContext): string {
  const { file, json } = curatedJson<{ layers: LayerDefinition[] }>(ctx, 'layers.json');
  const insert = ctx.db.prepare('INSERT INTO layers VALUES (?, ?, ?, ?, ?)');
  const source = ctx.db.prepare('INSERT INTO layer_sources VALUES (?, ?)');
  const tables = new Set(
    ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  for (const layer of json.layers) {
    const fail = (field: string, expected: string, got?: unknown): never => {
      throw new InputError({ file, feature: layer.id, field }, expected, got);
    };
    const table = layer.id?.replaceAll('-', '_');
    if (!tables.has(table)) fail('id', 'the id of a layer table', layer.id);
    for (const field of ['titles', 'descriptions'] as const) {
      const missing = missingLanguages(layer[field]);
      if (missing) fail(field, missing);
    }
    if (!layer.sources?.length) fail('sources', 'at least one source id');
    layer.sources.forEach((s) => {
      sourceById(ctx, s);
    });
    for (const column of layer.sourceColumns ?? []) {
      if (!SOURCE_COLUMNS.has(column)) fail('sourceColumns', [...SOURCE_COLUMNS].join(' or '), column);
      const used = ctx.db
        .prepare(`SELECT DISTINCT ${column} FROM ${table} WHERE ${column} IS NOT NULL`)
        .pluck()
        .all() as string[];
      const unlisted = used.filter((s) => !layer.sources.includes(s));
      if (unlisted.length) fail('sources', `every source used by the ${table} table (missing ${unlisted.join(', ')})`);
    }
    const count = ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    insert.run(layer.id, JSON.stringify(layer.titles), JSON.stringify(layer.descriptions), layer.geometryType, count);
    layer.sources.forEach((s) => {
      source.run(layer.id, s);
    });
  }
  return `${json.layers.length} layers`;
}
