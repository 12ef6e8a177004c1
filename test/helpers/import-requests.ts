import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ImportRecord } from '../../vocabulary/api-records.ts';
import { AUTH } from './import-app.ts';
import { PROJECT_ROOT } from './paths.ts';

/** The example files the planners import through the routes, and requests to the routes that import or show them. */

export const INDICATOR_FILE = 'indicator-population-dgcl.csv';
export const FLOWS_FILE = 'flows-nearest-hospital-as-other.csv';
export const SERVICES_FILE = 'services-gisco-outside-area.geojson';
export const DGCL_PERIOD = 'dgcl-epci-6.0.0';
export const DGCL_SOURCE = {
  title: 'DGCL, population municipale of EPCI member communes, as published in @etalab/decoupage-administratif 6.0.0',
  licence: 'Licence Ouverte 2.0',
};

export const example = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'examples', name));
/** The data rows of an example CSV, split on commas: the leading fields used here are never quoted. */
export const exampleRows = (name: string) =>
  example(name)
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

interface Period {
  period: string;
  labels: Record<string, string>;
  referenceDate: string | null;
  importId?: number;
}
interface Indicator {
  id: string;
  periods: Period[];
  sources: string[];
}
export interface Source {
  id: string;
  title: string;
  titles: Record<string, string>;
  licence: { name: string; url: string | null };
  derivation: string;
  sha256: string;
  importId?: number;
}
export interface Feature {
  id: string;
  geometry: { type: string; coordinates: number[] } | null;
  properties: Record<string, unknown>;
}
export interface FeatureCollection {
  numberMatched: number;
  features: Feature[];
}

const contentTypeOf = (name: string) => (name.endsWith('.csv') ? 'text/csv' : 'application/geo+json');

export function post(
  app: FastifyInstance,
  kind: string,
  name: string,
  body: string | Buffer,
  headers: Record<string, string> = AUTH,
) {
  return app.inject({
    method: 'POST',
    url: `/api/imports/${kind}?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': contentTypeOf(name), ...headers },
    payload: body,
  });
}

/** Imports an example file with the token; fails the test unless it is stored. */
export async function importExample(app: FastifyInstance, kind: string, name: string): Promise<ImportRecord> {
  const response = await post(app, kind, name, example(name));
  expect(response.statusCode, response.body.slice(0, 500)).toBe(201);
  return (response.json() as { import: ImportRecord }).import;
}

export const remove = (app: FastifyInstance, id: number | string, headers: Record<string, string> = AUTH) =>
  app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers });

export async function getJson<T>(app: FastifyInstance, url: string): Promise<T> {
  const response = await app.inject(url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json() as T;
}

export const listImports = async (app: FastifyInstance) =>
  (await getJson<{ imports: ImportRecord[] }>(app, '/api/imports')).imports;
export const indicator = async (app: FastifyInstance, id: string) =>
  (await getJson<{ indicators: Indicator[] }>(app, '/api/indicators')).indicators.find((i) => i.id === id)!;
export const importedFlows = (app: FastifyInstance) =>
  getJson<FeatureCollection>(app, '/ogc/collections/flows/items?kind=other&limit=1000');
export const importedServices = async (app: FastifyInstance) =>
  (await getJson<FeatureCollection>(app, '/ogc/collections/services/items?limit=10000')).features.filter(
    (f) => f.properties.import_id !== null,
  );

/** The example's values of the DGCL period, as /api/indicators/population answers them for that period. */
export function dgclValues(sourceId: string) {
  return Object.fromEntries(
    exampleRows(INDICATOR_FILE).map(([, commune, period, value]) => [
      commune!,
      { value: Number(value), period, source: sourceId },
    ]),
  );
}
