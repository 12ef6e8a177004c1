import type Database from 'better-sqlite3';

/**
 * The map's background as one GeoJSON FeatureCollection: every feature names its layer (land, countries,
 * borders, rivers, lake-shores) and its source, so the page can draw and attribute it without any
 * remote tile. The geometry text is spliced in as stored, never re-serialised.
 */
export function readBasemap(db: Database.Database): string {
  const rows = db.prepare('SELECT id, layer, name, source_id, geometry FROM basemap ORDER BY id').all() as {
    id: number;
    layer: string;
    name: string | null;
    source_id: string;
    geometry: string;
  }[];
  const features = rows.map(
    (r) =>
      `{"type":"Feature","id":${r.id},` +
      `"properties":${JSON.stringify({ layer: r.layer, name: r.name, source: r.source_id })},"geometry":${r.geometry}}`,
  );
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
}
