import type { Position } from 'geojson';
import { FieldReader } from './fields.ts';
import { bboxOf } from './geometry.ts';
import { sourceCsv, type BuildContext } from './context.ts';

const SOURCE = 'sncf-station-sequence';

/**
 * Draws each line as a straight path through its stations in kilometre-point order. No track geometry
 * is available offline, so every line is marked schematic.
 */
export async function importRailLines(ctx: BuildContext): Promise<string> {
  const { file, rows } = await sourceCsv(ctx, SOURCE);
  const station = ctx.db.prepare('SELECT id, name, lon, lat FROM rail_stations WHERE id = ?');
  const lines = new Map<string, { pk: number; id: string; name: string; position: Position }[]>();
  for (const { line, values } of rows) {
    const read = new FieldReader(values, { file, line });
    const code = read.code('code_ligne', /^\d{6}$/, 'a six-digit SNCF line code');
    const uic = read.code('uic', /^\d{8}$/, 'an eight-digit UIC station code');
    const found = station.get(`fr-${uic}`) as { id: string; name: string; lon: number; lat: number } | undefined;
    if (!found) read.fail('uic', 'a station of the SNCF station file');
    const stops = lines.get(code) ?? [];
    stops.push({ pk: read.number('pk_m'), id: found!.id, name: found!.name, position: [found!.lon, found!.lat] });
    lines.set(code, stops);
  }
  const insert = ctx.db.prepare(`INSERT INTO rail_lines VALUES
    (@id, @name, 'FR', @code, 1, @stationIds, @geometry, @minLon, @minLat, @maxLon, @maxLat, @source)`);
  for (const [code, unordered] of lines) {
    // A station listed twice at nearby kilometre points (two platforms) is one stop.
    const stops = unordered.sort((a, b) => a.pk - b.pk).filter((s, i, all) => i === 0 || all[i - 1]!.id !== s.id);
    if (stops.length < 2) {
      ctx.log(`  line ${code}: fewer than two distinct stations in ${file}; not drawn`);
      continue;
    }
    const geometry = { type: 'LineString' as const, coordinates: stops.map((s) => s.position) };
    const [minLon, minLat, maxLon, maxLat] = bboxOf(geometry);
    insert.run({
      id: `fr-${code}`,
      code,
      name: `${stops[0]!.name} – ${stops[stops.length - 1]!.name}`,
      stationIds: JSON.stringify(stops.map((s) => s.id)),
      geometry: JSON.stringify(geometry),
      minLon,
      minLat,
      maxLon,
      maxLat,
      source: SOURCE,
    });
  }
  return `${lines.size} schematic rail lines through ${rows.length} ordered stops`;
}
