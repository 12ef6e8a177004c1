import path from 'node:path';
import { escapeHtml as esc } from '../escape-html.ts';
import type { Language } from '../../vocabulary/languages.ts';
import { formatRows, isFormatLink, languageLinks, linkList, pager } from './html-links.ts';
import { mapSection, type PageMap } from './html-map.ts';
import { say } from './html-messages.ts';
import type { Link } from './links.ts';

export { escapeHtml } from '../escape-html.ts';

/** The pages' stylesheet: this file, served at this path below the atlas's base address (ogc-style-routes.ts). */
export const OGC_STYLESHEET = path.join(import.meta.dirname, 'ogc.css');
export const STYLESHEET_PATH = '/ogc/ogc.css';

/** The HTML page of a path of the API, in a language. */
export const pageHref = (base: string, path: string, lang: Language) => `${base}${path}?f=html&lang=${lang}`;

/** Where a page sits in the API: its breadcrumbs lead back from it to the landing page. */
export type Place =
  | { page: 'landing' | 'conformance' | 'api' | 'collections' }
  | { page: 'collection' | 'items' | 'queryables' | 'schema'; collection: { id: string; title: string } }
  | { page: 'item'; collection: { id: string; title: string }; id: string };

/** A link to a document the data comes from or is licensed under. */
export interface Reference {
  href: string;
  title: string;
}

/** Where a collection's data comes from, shown in the footer of its pages. */
export interface Provenance {
  sources: Reference[];
  licences: Reference[];
  indicators: Reference[];
}

export interface HtmlPage {
  lang: Language;
  /** The atlas's address (scheme, host and base path): the stylesheet, header and breadcrumbs start from it. */
  base: string;
  place: Place;
  title: string;
  description?: string;
  /** A line under the description: how many features match and which are shown. */
  summary?: string;
  links: Link[];
  /** Key–value rows shown under the title (a resource's fields). */
  fields?: Record<string, unknown>;
  /**
   * A table of rows (features, collections, routes); the first cell of a row with an href links to it. Columns
   * are headed by their label, else by their name (a feature's property).
   */
  table?: {
    columns: string[];
    labels?: Record<string, string>;
    rows: { cells: Record<string, unknown>; href?: string }[];
  };
  /** The features to draw on a small map, each linking to its page. */
  map?: PageMap;
  provenance?: Provenance;
}

function valueHtml(value: unknown, lang: Language): string {
  if (value === null || value === undefined) return `<span class="no-data">${esc(say(lang, 'noData'))}</span>`;
  if (Array.isArray(value)) return esc(value.join(', '));
  if (typeof value === 'object') return `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`;
  const text = String(value);
  return /^https?:\/\//.test(text) ? `<a href="${esc(text)}">${esc(text)}</a>` : esc(text);
}

/** The trail of pages from the landing page to this one, the last being this page. */
function breadcrumbs({ place, base, lang }: HtmlPage): string {
  const href = (path: string) => pageHref(base, path, lang);
  const trail: [string, string][] = [[say(lang, 'dataApi'), href('/ogc')]];
  if (place.page === 'conformance') trail.push([say(lang, 'conformance'), '']);
  if (place.page === 'api') trail.push([say(lang, 'api'), '']);
  if (place.page !== 'landing' && place.page !== 'conformance' && place.page !== 'api')
    trail.push([say(lang, 'collections'), href('/ogc/collections')]);
  if ('collection' in place) {
    const collection = `/ogc/collections/${encodeURIComponent(place.collection.id)}`;
    trail.push([place.collection.title, href(collection)]);
    if (place.page === 'queryables' || place.page === 'schema') trail.push([say(lang, place.page), '']);
    if (place.page === 'items' || place.page === 'item')
      trail.push([say(lang, 'features'), href(`${collection}/items`)]);
    if (place.page === 'item') trail.push([place.id, '']);
  }
  const last = trail.length - 1;
  const items = trail.map(([text, link], i) =>
    i === last ? `<li aria-current="page">${esc(text)}</li>` : `<li><a href="${esc(link)}">${esc(text)}</a></li>`,
  );
  return `<nav class="breadcrumbs" aria-label="${esc(say(lang, 'breadcrumbs'))}"><ol>${items.join('')}</ol></nav>`;
}

function header(page: HtmlPage): string {
  const { base, lang } = page;
  const atlas = `${base}/?lang=${lang}`;
  return (
    `<header class="site"><a class="atlas" href="${esc(atlas)}">${esc(say(lang, 'atlas'))}</a>` +
    `<nav class="site-nav"><a href="${esc(atlas)}">${esc(say(lang, 'openMap'))}</a>` +
    `<a href="${esc(pageHref(base, '/ogc', lang))}">${esc(say(lang, 'dataApi'))}</a></nav>` +
    `${languageLinks(page.links, lang)}</header>`
  );
}

function fieldsHtml(fields: Record<string, unknown>, lang: Language): string {
  const rows = Object.entries(fields).map(([name, value]) => `<dt>${esc(name)}</dt><dd>${valueHtml(value, lang)}</dd>`);
  return `<dl class="fields">${rows.join('')}</dl>`;
}

function tableHtml({ columns, labels = {}, rows }: NonNullable<HtmlPage['table']>, lang: Language): string {
  const head = columns.map((c) => `<th scope="col">${esc(labels[c] ?? c)}</th>`).join('');
  const body = rows.map(({ cells, href }) => {
    const tds = columns.map((column, i) => {
      const value = cells[column];
      const cell = valueHtml(value, lang);
      const number = typeof value === 'number' ? ' class="number"' : '';
      return `<td${number}>${i === 0 && href ? `<a href="${esc(href)}">${cell}</a>` : cell}</td>`;
    });
    return `<tr>${tds.join('')}</tr>`;
  });
  return (
    `<div class="table-scroll"><table><thead><tr>${head}</tr></thead>` + `<tbody>${body.join('')}</tbody></table></div>`
  );
}

function footer({ provenance, base, lang }: HtmlPage): string {
  const list = (key: 'sources' | 'licences' | 'indicators', references: Reference[]) =>
    references.length === 0
      ? ''
      : `<section class="${key}"><h2>${esc(say(lang, key))}</h2><ul>` +
        references.map((r) => `<li><a href="${esc(r.href)}">${esc(r.title)}</a></li>`).join('') +
        '</ul></section>';
  const lists = provenance
    ? list('sources', provenance.sources) +
      list('licences', provenance.licences) +
      list('indicators', provenance.indicators)
    : '';
  const every = `<a href="${esc(`${base}/api/sources`)}">${esc(say(lang, 'everySource'))}</a>`;
  return `<footer>${lists}<p class="every-source">${every}</p></footer>`;
}

/** Links the page shows in their own places (formats, pager, footer) are left out of its list of links. */
function otherLinks({ links, provenance }: HtmlPage): Link[] {
  const shown = new Set(
    provenance ? [...provenance.sources, ...provenance.licences, ...provenance.indicators].map((r) => r.href) : [],
  );
  return links.filter((l) => !isFormatLink(l) && l.rel !== 'next' && l.rel !== 'prev' && !shown.has(l.href));
}

/**
 * An API resource as a page a person reads: the atlas's header, breadcrumbs, the resource's formats, a map of its
 * features, its fields and table, its links, and the sources and licences of its data. No script and no inline
 * style: the strict CSP holds (the stylesheet and the SVG's presentation attributes give the look).
 */
export function htmlPage(page: HtmlPage): string {
  const { lang, base, title } = page;
  const own = page.place.page === 'items' || page.place.page === 'item' ? 'download' : 'thisPageAs';
  return [
    `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">',
    `<title>${esc(title)} – ${esc(say(lang, 'atlas'))}</title>`,
    `<link rel="stylesheet" href="${esc(`${base}${STYLESHEET_PATH}`)}"></head><body class="ogc">`,
    header(page),
    breadcrumbs(page),
    `<main><h1>${esc(title)}</h1>`,
    page.description ? `<p class="lead">${esc(page.description)}</p>` : '',
    page.summary ? `<p class="summary">${esc(page.summary)}</p>` : '',
    formatRows(page.links, lang, own),
    page.map ? mapSection(page.map, lang, title) : '',
    page.fields ? fieldsHtml(page.fields, lang) : '',
    page.table ? tableHtml(page.table, lang) : '',
    pager(page.links, lang),
    linkList(otherLinks(page), lang),
    `</main>${footer(page)}</body></html>`,
  ].join('');
}
