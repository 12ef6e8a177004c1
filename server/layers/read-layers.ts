import type Database from 'better-sqlite3';
import type { FeatureLayer } from './feature.ts';
import { readCommunes } from './communes.ts';
import { readTerritories } from './territories.ts';
import { readRailStations } from './rail-stations.ts';
import { readRailLines } from './rail-lines.ts';
import { readServices } from './services.ts';

/** Every feature layer of the atlas, read once at start, in the order the API lists them. */
export function readFeatureLayers(db: Database.Database): FeatureLayer[] {
  return [readCommunes(db), readTerritories(db), readRailStations(db), readRailLines(db), readServices(db)];
}
