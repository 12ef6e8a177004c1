/** The only module that knows the server's URLs. */

export interface Layer {
  id: string;
  titles: Record<string, string>;
  descriptions: Record<string, string>;
  geometryType: string;
  itemCount: number;
  sources: string[];
}

export interface Source {
  id: string;
  title: string;
  publisher: string;
  licence: { name: string; url: string };
  url: string;
  vintage: string;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

export const fetchLayers = () => getJson<{ layers: Layer[] }>('/api/layers').then((r) => r.layers);
export const fetchSources = () => getJson<{ sources: Source[] }>('/api/sources').then((r) => r.sources);
