import type { Layer, Source } from './api.ts';
import type { AtlasState, LayerId } from './state.ts';

/** The atlas layer a map layer draws: the one of the same id; the labels write the communes' names. */
const atlasLayer = (id: LayerId) => (id === 'labels' ? 'communes' : id);

/** The sources of what the map shows now: the basemap, and the layers switched on. */
export function shownSources(state: AtlasState, basemapSources: string[], layers: Layer[]): string[] {
  const shown = new Set<string>(state.layers.map(atlasLayer));
  // Commune boundaries are part of the basemap, drawn whatever the overlays.
  shown.add('communes');
  return [...new Set([...basemapSources, ...layers.filter((l) => shown.has(l.id)).flatMap((l) => l.sources)])];
}

/** Sources grouped by publisher and licence, so a publisher with several datasets is named once. */
export function attributionLines(
  ids: string[],
  sources: Map<string, Source>,
): { publisher: string; licence: Source['licence']; sources: Source[] }[] {
  const lines = new Map<string, { publisher: string; licence: Source['licence']; sources: Source[] }>();
  for (const id of ids) {
    const s = sources.get(id);
    if (!s) continue;
    const key = `${s.publisher}\u0000${s.licence.name}`;
    const line = lines.get(key) ?? { publisher: s.publisher, licence: s.licence, sources: [] };
    line.sources.push(s);
    lines.set(key, line);
  }
  return [...lines.values()];
}
