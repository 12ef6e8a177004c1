import type Database from 'better-sqlite3';
import type { FeatureLayer } from './feature.ts';
import type { LocalSnapshot } from '../../local-store/local-snapshot.ts';
import { readCommunes } from './communes.ts';
import { readTerritories } from './territories.ts';
import { readRailStations } from './rail-stations.ts';
import { readRailLines } from './rail-lines.ts';
import { readServices } from './services.ts';
import { readFlows } from './flows.ts';
import { readInitiatives } from './initiatives.ts';

/** Every feature layer of the atlas in the order the API lists them, with what planners imported. */
export function readFeatureLayers(db: Database.Database, local: LocalSnapshot): FeatureLayer[] {
  return [
    readCommunes(db),
    readTerritories(db),
    readRailStations(db),
    readRailLines(db),
    readServices(db, local.services),
    readFlows(db, local.flows),
    readInitiatives(db, local.initiatives),
  ];
}
