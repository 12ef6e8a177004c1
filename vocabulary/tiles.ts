/**
 * The vector tiles the build makes and the map reads: one tileset per collection, named after it, holding one
 * layer of the same name whose features carry only their id property (the values come from the API, so a class
 * or a period changes colours without a new tile).
 */
export const TILESETS = {
  communes: { idProperty: 'code' },
  territories: { idProperty: 'territory' },
} as const;
export type TilesetId = keyof typeof TILESETS;

/** Tiles exist from the whole Alps (zoom 4) to zoom 10 (about 10 m per unit); the map overzooms beyond. */
export const TILE_ZOOMS = { min: 4, max: 10 } as const;

/** The URL of a tile, with MapLibre's {z}/{x}/{y} placeholders. */
export const tileUrl = (tileset: TilesetId, z: number | string, x: number | string, y: number | string) =>
  `/tiles/${tileset}/${z}/${x}/${y}.pbf`;

export const TILE_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';
