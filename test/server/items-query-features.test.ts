import { describe, expect, it } from 'vitest';
import { pointGeometry, type BBox, type Feature } from '../../server/layers/feature.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, selectFeatures, type Filter } from '../../server/ogc/items-query.ts';
import { SpatialIndex } from '../../server/ogc/spatial-index.ts';

describe('limits', () => {
  it('pages hold 100 features by default and at most 10 000', () => {
    expect(DEFAULT_LIMIT).toBe(100);
    expect(MAX_LIMIT).toBe(10_000);
  });
});

const indexed = (features: Feature[]) => ({ features, index: new SpatialIndex(features) });

/** Made-up features around a unit square; none of this is real data. */
function madeUpFeature(
  id: string,
  geometry: object | null,
  bbox: BBox | null,
  properties: Feature['properties'] = {},
): Feature {
  return { id, geometry: geometry === null ? null : JSON.stringify(geometry), bbox, properties };
}

describe('selectFeatures', () => {
  const unitSquare = madeUpFeature(
    'unit-square',
    {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
    },
    [0, 0, 1, 1],
    { kind: 'square', tags: ['x', 'y'] },
  );
  // Its bounding box is the unit square, its area only the half below the diagonal x + y = 1.
  const triangle = madeUpFeature(
    'triangle',
    {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [0, 1],
          [0, 0],
        ],
      ],
    },
    [0, 0, 1, 1],
    { kind: 'triangle', tags: ['y', 'z'] },
  );
  const diagonalLine = madeUpFeature(
    'diagonal-line',
    {
      type: 'LineString',
      coordinates: [
        [2, 2],
        [3, 3],
      ],
    },
    [2, 2, 3, 3],
    { kind: 'line', tags: [] },
  );
  const point = madeUpFeature('point', JSON.parse(pointGeometry(0.5, 0.5)), [0.5, 0.5, 0.5, 0.5], {
    kind: 'point',
    tags: ['x'],
  });
  const noGeometry = madeUpFeature('no-geometry', null, null, { kind: 'square', tags: ['x'] });
  const list = [unitSquare, triangle, diagonalLine, point, noGeometry];
  const features = indexed(list);
  const ids = (selected: Feature[]) => selected.map((f) => f.id);

  it('returns every feature, in layer order, without bbox or filters', () => {
    expect(ids(selectFeatures(features, undefined, []))).toEqual([
      'unit-square',
      'triangle',
      'diagonal-line',
      'point',
      'no-geometry',
    ]);
  });

  it('keeps features whose geometry intersects the bbox', () => {
    expect(ids(selectFeatures(features, [0.4, 0.4, 0.6, 0.6], []))).toEqual(['unit-square', 'triangle', 'point']);
    expect(ids(selectFeatures(features, [2.5, 2.4, 2.6, 2.6], []))).toEqual(['diagonal-line']);
    expect(ids(selectFeatures(features, [-10, -10, 10, 10], []))).toEqual([
      'unit-square',
      'triangle',
      'diagonal-line',
      'point',
    ]);
  });

  it('tests the geometry itself, not only its bounding box', () => {
    // Inside the bbox of the triangle and of the line, but off both shapes.
    expect(ids(selectFeatures(features, [0.8, 0.8, 0.9, 0.9], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [2.6, 2.1, 2.9, 2.4], []))).toEqual([]);
  });

  it('counts touching the boundary as intersecting', () => {
    expect(ids(selectFeatures(features, [1, 0.2, 1.5, 0.3], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [0.5, 0.5, 0.5, 0.5], []))).toEqual(['unit-square', 'triangle', 'point']);
  });

  it('gives the same answer when asked twice (geometries parsed once, kept)', () => {
    expect(ids(selectFeatures(features, [0.8, 0.8, 0.9, 0.9], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [0.8, 0.8, 0.9, 0.9], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [0, 0, 0.1, 0.1], []))).toEqual(['unit-square', 'triangle']);
  });

  it('never matches a feature without geometry when a bbox is given', () => {
    expect(ids(selectFeatures(indexed([noGeometry]), [-180, -90, 180, 90], []))).toEqual([]);
  });

  it('splits a bbox across the antimeridian into its two halves', () => {
    const east = madeUpFeature('east-of-180', JSON.parse(pointGeometry(179.5, 0)), [179.5, 0, 179.5, 0]);
    const west = madeUpFeature('west-of-180', JSON.parse(pointGeometry(-179.5, 0)), [-179.5, 0, -179.5, 0]);
    const greenwich = madeUpFeature('greenwich', JSON.parse(pointGeometry(0, 0)), [0, 0, 0, 0]);
    const far = madeUpFeature('east-of-180-north', JSON.parse(pointGeometry(179.5, 20)), [179.5, 20, 179.5, 20]);
    const points = indexed([east, west, greenwich, far]);
    expect(ids(selectFeatures(points, [170, -10, -170, 10], []))).toEqual(['east-of-180', 'west-of-180']);
    expect(ids(selectFeatures(points, [179.6, -10, -179.6, 10], []))).toEqual([]);
    expect(ids(selectFeatures(points, [-10, -10, 10, 10], []))).toEqual(['greenwich']);
  });

  const filter = (property: string, value: string): Filter => ({
    queryable: { name: property, property, description: 'made up' },
    value,
  });

  it('filters by equality of a string property', () => {
    expect(ids(selectFeatures(features, undefined, [filter('kind', 'square')]))).toEqual([
      'unit-square',
      'no-geometry',
    ]);
    expect(ids(selectFeatures(features, undefined, [filter('kind', 'Square')]))).toEqual([]);
    expect(ids(selectFeatures(features, undefined, [filter('kind', 'squ')]))).toEqual([]);
  });

  it('filters a list property by membership, not by equality of the whole list', () => {
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'x')]))).toEqual([
      'unit-square',
      'point',
      'no-geometry',
    ]);
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'z')]))).toEqual(['triangle']);
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'x,y')]))).toEqual([]);
    expect(ids(selectFeatures(features, undefined, [filter('tags', '')]))).toEqual([]);
  });

  it('matches nothing on a property features lack', () => {
    expect(ids(selectFeatures(features, undefined, [filter('missing', 'square')]))).toEqual([]);
  });

  it('requires every filter and the bbox to match', () => {
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'x'), filter('kind', 'square')]))).toEqual([
      'unit-square',
      'no-geometry',
    ]);
    expect(ids(selectFeatures(features, [0.4, 0.4, 0.6, 0.6], [filter('tags', 'y')]))).toEqual([
      'unit-square',
      'triangle',
    ]);
    expect(
      ids(selectFeatures(features, [0.4, 0.4, 0.6, 0.6], [filter('tags', 'y'), filter('kind', 'triangle')])),
    ).toEqual(['triangle']);
  });
});
