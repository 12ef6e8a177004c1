import type { Atlas } from './atlas-db.ts';
import { readBasemap } from './basemap.ts';
import { catalogue, type LayerRecord, type SourceRecord } from './catalogue.ts';
import { readIndicators, type IndicatorStore } from './indicator-store.ts';
import type { FeatureLayer } from './layers/feature.ts';
import { readFeatureLayers } from './layers/read-layers.ts';

/** What the routes serve, read from the read-only database once at start: a few megabytes at most. */
export interface AtlasData {
  buildId: string;
  sources: SourceRecord[];
  layerRecords: LayerRecord[];
  indicators: IndicatorStore;
  featureLayers: FeatureLayer[];
  /** GeoJSON text of the map background. */
  basemap: string;
}

export function readAtlasData(atlas: Atlas): AtlasData {
  const read = catalogue(atlas.db);
  return {
    buildId: atlas.buildId,
    sources: read.sources(),
    layerRecords: read.layers(),
    indicators: readIndicators(atlas.db),
    featureLayers: readFeatureLayers(atlas.db),
    basemap: readBasemap(atlas.db),
  };
}
