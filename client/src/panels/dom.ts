import { sourcePageUrl } from '../api.ts';
import { pick, type Lang } from '../i18n/index.ts';

/** Builds an element with attributes and text or element children; text never becomes markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

export function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  const o = el('option', { value }, label);
  o.selected = selected;
  return o;
}

/** Replaces a container's content, keeping keyboard focus on the control with the same id. */
export function replaceKeepingFocus(container: HTMLElement, ...children: Node[]): void {
  const focusedId = container.contains(document.activeElement) ? document.activeElement?.id : undefined;
  container.replaceChildren(...children);
  if (focusedId) document.getElementById(focusedId)?.focus();
}

/** A licence's name, linked to its text where the source gives one (an imported source names only the licence). */
export function licenceLink(licence: { name: string; url: string | null }): HTMLElement {
  return licence.url === null
    ? el('span', {}, licence.name)
    : el('a', { href: licence.url, rel: 'noopener' }, licence.name);
}

/** A source's title in the page's language, linking to its record (publisher, licence, checksum, upstream URL). */
export function sourceLink(source: { id: string; titles: Record<string, string> }, lang: Lang): HTMLAnchorElement {
  return el('a', { href: sourcePageUrl(source.id), rel: 'noopener' }, pick(source.titles, lang));
}
