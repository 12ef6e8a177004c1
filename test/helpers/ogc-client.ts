import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { atlasSql } from './atlas-sql.ts';
import { useRealApp } from './real-app.ts';

/**
 * Requests to the researchers' API under /ogc (OGC API – Features) of the real app, as sent to one host, and
 * what their answers hold. Expected figures come from `atlasSql`; hand-written strings in the tests are the
 * API's own wording or bad input.
 */

export const HOST = 'real.atlas.test';
export const BASE = `http://${HOST}`;

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}
export interface FeatureJson {
  type: string;
  id: string;
  geometry: unknown;
  properties: Record<string, unknown>;
  links?: Link[];
}
export interface FeatureCollectionJson {
  type: string;
  numberMatched: number;
  numberReturned: number;
  timeStamp: string;
  links: Link[];
  features: FeatureJson[];
}
export interface CollectionJson {
  id: string;
  title: string;
  description: string;
  extent: { spatial?: { bbox: number[][]; crs: string }; temporal?: { interval: string[][]; trs: string } };
  links: Link[];
}
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  schema: { type: string; enum?: string[]; minimum?: number };
}

/** The path and query of an absolute link of the API, checking it points at the requested host. */
export function pathOf(href: string): string {
  const url = new URL(href);
  expect(url.origin).toBe(BASE);
  return url.pathname + url.search;
}

export const linksOf = (links: Link[], rel: string) => links.filter((l) => l.rel === rel);
export const ids = (collection: FeatureCollectionJson) => collection.features.map((f) => f.id);

/**
 * The real app, opened before a file's tests and closed after (useRealApp), with `get` and `getItems` as from
 * HOST and the SQL of `atlasSql` on its database.
 */
export function useOgcApi() {
  const real = useRealApp();

  function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return real.app.inject({ url, headers: { host: HOST, ...headers } });
  }

  async function getItems(url: string, headers: Record<string, string> = {}): Promise<FeatureCollectionJson> {
    const response = await get(url, headers);
    expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
    return response.json() as FeatureCollectionJson;
  }

  return { real, get, getItems, ...atlasSql(real) };
}
