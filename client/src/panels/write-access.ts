import { t, type Lang } from '../i18n/index.ts';
import { el } from './dom.ts';

/**
 * The write token a planner or presenter types once, for imports and slides alike. It lives in this
 * object only: never in the URL, storage or cookies, so closing the page forgets it.
 */
export class WriteAccess {
  token = '';
  #writable = false;

  constructor(private readonly container: HTMLElement) {}

  /** The server accepts writes (it was started with a token): offer the field. */
  allow(writable: boolean, lang: Lang): void {
    this.#writable ||= writable;
    this.render(lang);
  }

  render(lang: Lang): void {
    this.container.hidden = !this.#writable;
    const input = el('input', { id: 'write-token', type: 'password', autocomplete: 'off', value: this.token });
    input.addEventListener('input', () => (this.token = input.value));
    this.container.replaceChildren(
      el('h2', {}, t(lang, 'access.heading')),
      el('div', { class: 'field' }, el('label', { for: 'write-token' }, t(lang, 'access.token')), input),
      el('p', { class: 'note' }, t(lang, 'access.note')),
    );
  }
}
