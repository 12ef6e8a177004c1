/** The only module that knows the server's URLs. */

import type { LayerRecord as Layer, SourceRecord as Source } from '../../server/catalogue.ts';

export type { Layer, Source };

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export const fetchLayers = () => getJson<{ layers: Layer[] }>('/api/layers').then((r) => r.layers);
export const fetchSources = () => getJson<{ sources: Source[] }>('/api/sources').then((r) => r.sources);
