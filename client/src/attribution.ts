import type { Layer, Source } from './api.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The map's attribution line: every source of the basemap and of the layers, as publisher and licence.
 * MapLibre writes it as HTML, so every text is escaped.
 */
export function attributionHtml(basemapSources: string[], layers: Layer[], sources: Map<string, Source>): string {
  const ids = [...new Set([...basemapSources, ...layers.flatMap((l) => l.sources)])];
  return ids.flatMap((id) => {
    const s = sources.get(id);
    return s ? [`${escape(s.publisher)} (${escape(s.licence.name)})`] : [];
  }).filter((text, i, all) => all.indexOf(text) === i).join(' · ');
}
