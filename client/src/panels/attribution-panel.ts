import type { Source } from '../api.ts';
import { attributionLines } from '../attribution.ts';
import { t, type Lang } from '../i18n/index.ts';
import { el, sourceLink, licenceLink } from './dom.ts';

/** Every source of what the map shows, with publisher and licence: the map's attribution. */
export function renderAttribution(
  container: HTMLElement,
  ids: string[],
  sources: Map<string, Source>,
  lang: Lang,
): void {
  const items = attributionLines(ids, sources).map((line) =>
    el(
      'li',
      {},
      `${line.publisher}: `,
      ...line.sources.flatMap((s, i) => [i > 0 ? '; ' : '', sourceLink(s, lang)]),
      ` (${t(lang, 'legend.licence')}: `,
      licenceLink(line.licence),
      ').',
    ),
  );
  container.replaceChildren(el('h2', {}, t(lang, 'attribution.heading')), el('ul', { class: 'sources' }, ...items));
}
