import Database from 'better-sqlite3';
import type { BBox, Feature } from '../layers/feature.ts';

/**
 * The bounding boxes of a layer's features in SQLite's R*Tree (an in-memory database per release, since the
 * layer merges the atlas's features with the planners' imports): a bbox query reads the features whose boxes
 * overlap instead of testing every feature of a layer 40 times the first territories' size.
 */
export class SpatialIndex {
  readonly #db = new Database(':memory:');
  readonly #features: Feature[];
  readonly #overlapping;

  constructor(features: Feature[]) {
    this.#features = features;
    this.#db.exec('CREATE VIRTUAL TABLE boxes USING rtree(position, min_lon, max_lon, min_lat, max_lat)');
    const insert = this.#db.prepare('INSERT INTO boxes VALUES (?, ?, ?, ?, ?)');
    this.#db.transaction(() => {
      features.forEach((f, position) => {
        if (f.bbox) insert.run(position, f.bbox[0], f.bbox[2], f.bbox[1], f.bbox[3]);
      });
    })();
    this.#overlapping = this.#db
      .prepare('SELECT position FROM boxes WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?')
      .pluck();
  }

  /** The features whose boxes overlap one of the boxes, in layer order. */
  candidates(boxes: BBox[]): Feature[] {
    const positions = new Set<number>();
    for (const [west, south, east, north] of boxes) {
      for (const position of this.#overlapping.all(west, east, south, north) as number[]) positions.add(position);
    }
    return [...positions].sort((a, b) => a - b).map((position) => this.#features[position]!);
  }
}
