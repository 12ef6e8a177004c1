import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { boundsOf, labelPoint } from '../../client/src/geometry.ts';

/** Hand-written shapes in plain coordinates. */
const square = (x: number, y: number, size: number): number[][] => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
const UNIT_SQUARE: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 1)] };

describe('boundsOf', () => {
  it('gives [[west, south], [east, north]] of a polygon', () => {
    expect(boundsOf([{ type: 'Polygon', coordinates: [[[6, 44], [7.5, 44.2], [6.8, 45.1], [6, 44]]] }])).toEqual([[6, 44], [7.5, 45.1]]);
  });

  it('covers every part of a multipolygon, holes included', () => {
    const mp: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(10, -5, 2), square(10.5, -4.5, 0.5)]] };
    expect(boundsOf([mp])).toEqual([[0, -5], [12, 1]]);
  });

  it('gives a zero-size box for a point', () => {
    expect(boundsOf([{ type: 'Point', coordinates: [6.64, 44.9] }])).toEqual([[6.64, 44.9], [6.64, 44.9]]);
  });

  it('combines several geometries of different types', () => {
    const geometries: Geometry[] = [UNIT_SQUARE, { type: 'Point', coordinates: [-3, 4] }, { type: 'LineString', coordinates: [[2, 2], [5, -1]] }];
    expect(boundsOf(geometries)).toEqual([[-3, -1], [5, 4]]);
  });

  it('returns null without any position', () => {
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([{ type: 'GeometryCollection', geometries: [] }])).toBeNull();
  });
});

describe('labelPoint', () => {
  it('is [0.5, 0.5] for the unit square', () => {
    expect(labelPoint(UNIT_SQUARE)).toEqual([0.5, 0.5]);
  });

  it('does not depend on the winding order', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [[...square(0, 0, 1)].reverse()] })).toEqual([0.5, 0.5]);
  });

  it('is the area centroid, not the vertex mean: right triangle (0,0) (3,0) (0,3) → (1, 1)', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [3, 0], [0, 3], [0, 0]]] })).toEqual([1, 1]);
    // A square with an extra vertex in the middle of one side: vertex mean is off-centre, the centroid is not.
    const [x, y] = labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] })!;
    expect(x).toBeCloseTo(1, 12);
    expect(y).toBeCloseTo(1, 12);
  });

  it('uses the outer ring of a polygon, ignoring holes', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [square(0, 0, 4), square(0.5, 0.5, 1)] })).toEqual([2, 2]);
  });

  it('uses the largest ring of a multipolygon, wherever it comes in the list', () => {
    const small = [square(0, 0, 1)];
    const large = [square(10, 10, 4)];
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [small, large] })).toEqual([12, 12]);
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [large, small] })).toEqual([12, 12]);
  });

  it('returns null for geometries without area', () => {
    expect(labelPoint({ type: 'Point', coordinates: [1, 2] })).toBeNull();
    expect(labelPoint({ type: 'LineString', coordinates: [[0, 0], [1, 1]] })).toBeNull();
    expect(labelPoint({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] })).toBeNull();
  });
});
