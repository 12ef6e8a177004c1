import type Database from 'better-sqlite3';
import type { LayerRecord, SourceRecord, Upstream } from '../vocabulary/api-records.ts';

/** Reads the catalogue of the atlas: its sources and layers. All SQL of these lists lives here. */
export function catalogue(db: Database.Database) {
  const sources = db.prepare('SELECT * FROM sources ORDER BY id');
  const layers = db.prepare(`SELECT l.*, json_group_array(s.source_id) AS source_ids
    FROM layers l JOIN layer_sources s ON s.layer_id = l.id GROUP BY l.id ORDER BY l.rowid`);
  return {
    sources(): SourceRecord[] {
      return (sources.all() as Record<string, string | null>[]).map((r) => {
        const titles = JSON.parse(r.titles!) as Record<string, string>;
        const upstreams = r.upstreams ? (JSON.parse(r.upstreams) as Omit<Upstream, 'title'>[]) : null;
        return {
          id: r.id!,
          title: titles.en!,
          titles,
          publisher: r.publisher!,
          licence: { name: r.licence_name!, url: r.licence_url! },
          url: r.url ?? null,
          vintage: r.vintage!,
          derivation: r.derivation ?? null,
          sha256: r.sha256 ?? null,
          package: r.package_name ? { name: r.package_name, version: r.package_version! } : null,
          upstreams: upstreams?.map((u) => ({ title: u.titles.en!, ...u })) ?? null,
        };
      });
    },
    layers(): LayerRecord[] {
      return (layers.all() as Record<string, string | number>[]).map((r) => ({
        id: r.id as string,
        titles: JSON.parse(r.titles as string),
        descriptions: JSON.parse(r.descriptions as string),
        geometryType: r.geometry_type as string,
        itemCount: r.item_count as number,
        sources: JSON.parse(r.source_ids as string),
      }));
    },
  };
}
