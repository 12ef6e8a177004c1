import type { Layer, Source } from './api.ts';

/** Builds list items with text nodes only, so no data can inject markup. */
function item(...children: (Node | string)[]): HTMLLIElement {
  const li = document.createElement('li');
  li.append(...children);
  return li;
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.rel = 'noopener';
  return a;
}

export function layerItems(layers: Layer[], lang: string): HTMLLIElement[] {
  return layers.map((layer) => {
    const title = document.createElement('strong');
    title.textContent = layer.titles[lang] ?? layer.titles.en ?? layer.id;
    return item(title, ` (${layer.itemCount} features): ${layer.descriptions[lang] ?? layer.descriptions.en ?? ''} Sources: ${layer.sources.join(', ')}.`);
  });
}

export function sourceItems(sources: Source[]): HTMLLIElement[] {
  return sources.map((s) => {
    const id = document.createElement('code');
    id.textContent = s.id;
    return item(id, ` ${s.title}. ${s.publisher}, ${s.vintage}. Licence: `, link(s.licence.url, s.licence.name), '. ', link(s.url, 'Upstream'));
  });
}
