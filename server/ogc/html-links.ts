import { escapeHtml as esc } from '../escape-html.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../vocabulary/languages.ts';
import { type HtmlMessages, say } from './html-messages.ts';
import { type Link, MEDIA } from './links.ts';

/** What a format is called, by its media type, and the tooltip saying what it is for. */
const FORMATS: Record<string, { name: string; tip?: keyof HtmlMessages }> = {
  [MEDIA.geojson]: { name: 'GeoJSON', tip: 'tip_geojson' },
  [MEDIA.json]: { name: 'JSON', tip: 'tip_json' },
  [MEDIA.csv]: { name: 'CSV', tip: 'tip_csv' },
  [MEDIA.gpkg]: { name: 'GeoPackage', tip: 'tip_gpkg' },
  [MEDIA.fgb]: { name: 'FlatGeobuf', tip: 'tip_fgb' },
  [MEDIA.html]: { name: 'HTML', tip: 'tip_html' },
  [MEDIA.openapi]: { name: 'OpenAPI' },
  [MEDIA.schema]: { name: 'JSON Schema' },
};

/** The name of a link's format: a known media type's name, else the type itself. */
export const formatName = (type: string | undefined): string => (type ? (FORMATS[type]?.name ?? type) : '');

const SAME_RESOURCE = new Set(['self', 'alternate']);

/** The links shown as rows of formats: the resource's own (self, alternate) and, on a collection, its items. */
export const isFormatLink = (link: Link) => SAME_RESOURCE.has(link.rel) || link.rel === 'items';

/**
 * Rows of formats, "Download: GeoJSON · CSV · GeoPackage · FlatGeobuf · HTML", one for the resource itself and
 * one for the items of a collection; the HTML form of the resource is this page.
 */
export function formatRows(links: Link[], lang: Language, ownLabel: 'download' | 'thisPageAs'): string {
  const row = (label: string, chosen: Link[]) => {
    if (chosen.length === 0) return '';
    const entries = chosen.map((link) => {
      const tip = FORMATS[link.type ?? '']?.tip;
      const current = SAME_RESOURCE.has(link.rel) && link.type === MEDIA.html ? ' aria-current="page"' : '';
      return (
        `<li><a href="${esc(link.href)}" rel="${esc(link.rel)}"${link.type ? ` type="${esc(link.type)}"` : ''}` +
        `${tip ? ` title="${esc(say(lang, tip))}"` : ''}${current}>${esc(formatName(link.type) || link.rel)}</a></li>`
      );
    });
    return `<div class="formats"><span class="label">${esc(label)}:</span><ul>${entries.join('')}</ul></div>`;
  };
  return (
    row(
      say(lang, ownLabel),
      links.filter((l) => SAME_RESOURCE.has(l.rel)),
    ) +
    row(
      say(lang, 'features'),
      links.filter((l) => l.rel === 'items'),
    )
  );
}

const QUERYABLES = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';
const SCHEMA = 'http://www.opengis.net/def/rel/ogc/1.0/schema';

/** What a link is called on a page: by its relation where the atlas names it, else by its own title. */
function linkLabel(link: Link, lang: Language): string {
  const rel = link.rel.toLowerCase();
  if (rel === 'service-desc') return say(lang, 'apiDocument');
  if (rel === 'service-doc') return say(lang, 'apiDocumentation');
  if (rel === 'conformance') return say(lang, 'conformance');
  if (rel === 'data') return say(lang, 'collections');
  if (rel === QUERYABLES) return say(lang, 'queryables');
  if (rel === SCHEMA || (rel === 'describedby' && link.type === MEDIA.schema)) return say(lang, 'schema');
  if (rel === 'describedby' && /\/api\/sources$/.test(link.href)) return say(lang, 'everySource');
  if (rel === 'prev') return say(lang, 'previousPage');
  if (rel === 'next') return say(lang, 'nextPage');
  return link.title ?? link.rel;
}

/** The list of links not shown elsewhere on the page, each once, with its relation and media type. */
export function linkList(links: Link[], lang: Language): string {
  const seen = new Set<string>();
  const items = links.flatMap((link) => {
    if (seen.has(link.href)) return [];
    seen.add(link.href);
    const type = link.type ? `, ${esc(formatName(link.type))}` : '';
    return [
      `<li><a href="${esc(link.href)}" rel="${esc(link.rel)}">${esc(linkLabel(link, lang))}</a> ` +
        `<span class="rel">(${esc(link.rel)}${type})</span></li>`,
    ];
  });
  return items.length === 0
    ? ''
    : `<section class="links"><h2>${say(lang, 'links')}</h2><ul>${items.join('')}</ul></section>`;
}

/** Previous and next pages of items. */
export function pager(links: Link[], lang: Language): string {
  const step = (rel: 'prev' | 'next', text: string) =>
    links
      .filter((l) => l.rel === rel)
      .map((l) => `<a href="${esc(l.href)}" rel="${rel}">${esc(text)}</a>`)
      .join('');
  const steps = step('prev', `← ${say(lang, 'previousPage')}`) + step('next', `${say(lang, 'nextPage')} →`);
  return steps ? `<nav class="pager" aria-label="${esc(say(lang, 'pages'))}">${steps}</nav>` : '';
}

/** The same page in the other languages, from the address of its HTML form; none when the links lack it. */
export function languageLinks(links: Link[], lang: Language): string {
  const html = links.find((l) => SAME_RESOURCE.has(l.rel) && l.type === MEDIA.html);
  if (!html) return '';
  const entries = LANGUAGES.filter((l) => l !== lang).map((other) => {
    const url = new URL(html.href);
    url.searchParams.set('lang', other);
    return `<li><a href="${esc(url.href)}" hreflang="${other}" lang="${other}">${LANGUAGE_NAMES[other]}</a></li>`;
  });
  return `<nav class="languages" aria-label="${esc(say(lang, 'languages'))}"><ul>${entries.join('')}</ul></nav>`;
}
