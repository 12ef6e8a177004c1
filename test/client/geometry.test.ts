import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { boundsOf } from '../../client/src/geometry.ts';

/** Hand-written shapes in plain coordinates. */
const square = (x: number, y: number, size: number): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const UNIT_SQUARE: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 1)] };

describe('boundsOf', () => {
  it('gives [[west, south], [east, north]] of a polygon', () => {
    expect(
      boundsOf([
        {
          type: 'Polygon',
          coordinates: [
            [
              [6, 44],
              [7.5, 44.2],
              [6.8, 45.1],
              [6, 44],
            ],
          ],
        },
      ]),
    ).toEqual([
      [6, 44],
      [7.5, 45.1],
    ]);
  });

  it('covers every part of a multipolygon, holes included', () => {
    const mp: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1)], [square(10, -5, 2), square(10.5, -4.5, 0.5)]],
    };
    expect(boundsOf([mp])).toEqual([
      [0, -5],
      [12, 1],
    ]);
  });

  it('gives a zero-size box for a point', () => {
    expect(boundsOf([{ type: 'Point', coordinates: [6.64, 44.9] }])).toEqual([
      [6.64, 44.9],
      [6.64, 44.9],
    ]);
  });

  it('combines several geometries of different types', () => {
    const geometries: Geometry[] = [
      UNIT_SQUARE,
      { type: 'Point', coordinates: [-3, 4] },
      {
        type: 'LineString',
        coordinates: [
          [2, 2],
          [5, -1],
        ],
      },
    ];
    expect(boundsOf(geometries)).toEqual([
      [-3, -1],
      [5, 4],
    ]);
  });

  it('returns null without any position', () => {
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([{ type: 'GeometryCollection', geometries: [] }])).toBeNull();
  });
});
