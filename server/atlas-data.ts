import { createHash } from 'node:crypto';
import type { Atlas } from './atlas-db.ts';
import { readBasemap } from './basemap.ts';
import { catalogue } from './catalogue.ts';
import { readIndicators, type IndicatorStore } from './indicator-store.ts';
import type { FeatureLayer } from './layers/feature.ts';
import { readFeatureLayers } from './layers/read-layers.ts';
import type { ImportSummary, LocalSnapshot } from '../local-store/local-snapshot.ts';
import { LANGUAGES } from '../vocabulary/languages.ts';
import { readHospitalDefinitions, readRegionalAccess } from './regional-context.ts';
import type { HospitalDefinition, LayerRecord, RegionalAccess, SourceRecord } from '../vocabulary/api-records.ts';

/**
 * What the routes serve: the read-only reference database read once, merged with what planners imported
 * into the local database. A few megabytes at most; read again whenever the local data changes.
 */
export interface AtlasData {
  /** The data release in every ETag: the reference build, and the imports when there are any. */
  buildId: string;
  sources: SourceRecord[];
  layerRecords: LayerRecord[];
  indicators: IndicatorStore;
  featureLayers: FeatureLayer[];
  /** GeoJSON text of the map background. */
  basemap: string;
  regionalAccess: RegionalAccess[];
  /** What a general acute hospital is in each country's records (the access indicators measure to them). */
  hospitalDefinitions: HospitalDefinition[];
  imports: ImportSummary[];
}

export function readAtlasData(atlas: Atlas, local: LocalSnapshot): AtlasData {
  const read = catalogue(atlas.db);
  const featureLayers = readFeatureLayers(atlas.db, local);
  const imported: SourceRecord[] = local.sources.map((s) => {
    const from = local.imports.find((i) => i.id === s.importId)!;
    // The planner named the source in one language: that text is its title in every language.
    const titles = Object.fromEntries(LANGUAGES.map((l) => [l, s.title]));
    return {
      id: s.id,
      title: s.title,
      titles,
      publisher: s.title,
      licence: { name: s.licence, url: null },
      url: null,
      vintage: `imported ${from.importedAt.slice(0, 10)}`,
      derivation: `imported by a planner from ${from.fileName} (import ${from.id})`,
      sha256: from.sha256,
      package: null,
      upstreams: null,
      importId: from.id,
    };
  });
  const layerRecords = read.layers().map((record) => {
    const layer = featureLayers.find((l) => l.id === record.id);
    if (!layer) return record;
    const used = new Set(
      layer.features.map((f) => f.properties.source).filter((s): s is string => typeof s === 'string'),
    );
    return {
      ...record,
      itemCount: layer.features.length,
      sources: [...record.sources, ...imported.map((s) => s.id).filter((id) => used.has(id))],
    };
  });
  const release =
    local.imports.length === 0
      ? atlas.buildId
      : `${atlas.buildId}-${createHash('sha256')
          .update(local.imports.map((i) => JSON.stringify([i.id, i.sha256, i.fileName, i.importedAt])).join('\n'))
          .digest('hex')
          .slice(0, 8)}`;
  return {
    buildId: release,
    sources: [...read.sources(), ...imported],
    layerRecords,
    indicators: readIndicators(atlas.db, local.values),
    featureLayers,
    basemap: readBasemap(atlas.db),
    regionalAccess: readRegionalAccess(atlas.db),
    hospitalDefinitions: readHospitalDefinitions(atlas.db),
    imports: local.imports,
  };
}
