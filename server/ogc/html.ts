import type { Link } from './links.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function valueHtml(value: unknown): string {
  if (value === null || value === undefined) return '<i>no data</i>';
  if (Array.isArray(value)) return escapeHtml(value.join(', '));
  if (typeof value === 'object') return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
  const text = String(value);
  return /^https?:\/\//.test(text) ? `<a href="${escapeHtml(text)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

export interface HtmlPage {
  lang: string;
  title: string;
  description?: string;
  links: Link[];
  /** Key–value rows shown under the title (a resource's fields). */
  fields?: Record<string, unknown>;
  /** A table of rows (features, collections, routes); the first cell of a row with an href links to it. */
  table?: { columns: string[]; rows: { cells: Record<string, unknown>; href?: string }[] };
}

/** A plain HTML view of an API resource: no script and no inline style, so the strict CSP holds. */
export function htmlPage(page: HtmlPage): string {
  const parts = [
    `<!doctype html><html lang="${escapeHtml(page.lang)}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, ` +
      `initial-scale=1"><title>${escapeHtml(page.title)}</title></head><body>`,
    `<h1>${escapeHtml(page.title)}</h1>`,
  ];
  if (page.description) parts.push(`<p>${escapeHtml(page.description)}</p>`);
  if (page.fields) {
    parts.push('<dl>');
    for (const [name, value] of Object.entries(page.fields))
      parts.push(`<dt>${escapeHtml(name)}</dt><dd>${valueHtml(value)}</dd>`);
    parts.push('</dl>');
  }
  if (page.table) {
    const { columns, rows } = page.table;
    parts.push('<table><thead><tr>', ...columns.map((c) => `<th>${escapeHtml(c)}</th>`), '</tr></thead><tbody>');
    for (const { cells, href } of rows) {
      parts.push('<tr>');
      for (const column of columns) {
        const cell = valueHtml(cells[column]);
        parts.push(`<td>${column === columns[0] && href ? `<a href="${escapeHtml(href)}">${cell}</a>` : cell}</td>`);
      }
      parts.push('</tr>');
    }
    parts.push('</tbody></table>');
  }
  parts.push('<h2>Links</h2><ul>');
  for (const link of page.links) {
    parts.push(
      `<li><a href="${escapeHtml(link.href)}" ` +
        `rel="${escapeHtml(link.rel)}">${escapeHtml(link.title ?? link.rel)}</a> ` +
        `(${escapeHtml(link.rel)}${link.type ? `, ${escapeHtml(link.type)}` : ''})</li>`,
    );
  }
  parts.push('</ul></body></html>');
  return parts.join('');
}
