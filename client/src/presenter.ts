import type { Slide } from './slides-api.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { LANGUAGE_NAMES, t, type Lang } from './i18n/index.ts';
import { el, option } from './panels/dom.ts';
import { presenterKey, slideView } from './slides.ts';
import type { Known } from './state.ts';
import type { Store } from './store.ts';

/**
 * Plays a deck: full screen, the page's chrome hidden, large type and the projector palette (html class
 * "presenting"), the legend and its sources kept. Arrow keys, PageUp/PageDown (clickers), Home and End
 * move between slides; Esc leaves. The language can be switched on the bar without leaving the slide.
 */
export class Presenter {
  #slides: Slide[] = [];
  #index = 0;
  readonly #onKey = (event: KeyboardEvent) => this.#key(event);
  /** In full screen the browser takes Esc for itself and leaves full screen: presenting ends with it. */
  readonly #onFullscreen = () => {
    if (!document.fullscreenElement && this.active) this.leave();
  };

  constructor(
    private readonly bar: HTMLElement,
    private readonly store: Store,
    private readonly known: () => Known,
    private readonly presenting: (on: boolean) => void,
  ) {}

  get active(): boolean {
    return this.#slides.length > 0;
  }

  start(slides: Slide[], index: number): void {
    if (slides.length === 0) return;
    this.#slides = slides;
    document.documentElement.classList.add('presenting');
    this.presenting(true);
    // Full screen needs a user gesture and is refused in some contexts: presenting works without it.
    document.documentElement
      .requestFullscreen?.()
      .then(() => document.addEventListener('fullscreenchange', this.#onFullscreen))
      .catch(() => undefined);
    document.addEventListener('keydown', this.#onKey);
    this.go(index);
  }

  go(index: number): void {
    this.#index = index;
    const slide = this.#slides[index]!;
    this.store.update(slideView(slide.state, this.store.defaults, this.known(), this.store.state.lang));
    this.render(this.store.state.lang);
  }

  leave(): void {
    this.#slides = [];
    document.documentElement.classList.remove('presenting');
    document.removeEventListener('keydown', this.#onKey);
    document.removeEventListener('fullscreenchange', this.#onFullscreen);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    this.presenting(false);
    this.bar.hidden = true;
    this.bar.replaceChildren();
  }

  render(lang: Lang): void {
    if (!this.active) return;
    const slide = this.#slides[this.#index]!;
    const language = el(
      'select',
      { id: 'presenter-language', 'aria-label': t(lang, 'controls.language') },
      ...LANGUAGES.map((l) => option(l, LANGUAGE_NAMES[l], l === lang)),
    );
    language.addEventListener('change', () => this.store.update({ lang: language.value as Lang }));
    const button = (id: string, label: string, run: () => void, disabled = false) => {
      const b = el('button', { type: 'button', id, disabled }, label);
      b.addEventListener('click', run);
      return b;
    };
    const count = this.#slides.length;
    this.bar.hidden = false;
    this.bar.replaceChildren(
      el('p', { class: 'slide-title' }, slide.title),
      el(
        'p',
        { class: 'slide-counter', id: 'slide-counter' },
        t(lang, 'presenter.counter', { index: this.#index + 1, count }),
      ),
      button('slide-previous', t(lang, 'presenter.previous'), () => this.go(this.#index - 1), this.#index === 0),
      button('slide-next', t(lang, 'presenter.next'), () => this.go(this.#index + 1), this.#index === count - 1),
      language,
      button('presenter-leave', t(lang, 'presenter.leave'), () => this.leave()),
    );
  }

  #key(event: KeyboardEvent): void {
    // Typing in a field is not a slide change.
    if (
      (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) &&
      event.key !== 'Escape'
    )
      return;
    const next = presenterKey(event.key, this.#index, this.#slides.length);
    if (next === null) return;
    event.preventDefault();
    if (next === 'leave') this.leave();
    else if (next !== this.#index) this.go(next);
  }
}
