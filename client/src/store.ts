import { decodeState, encodeState, type AtlasState, type Known } from './state.ts';

export type HistoryMode = 'push' | 'replace';
type Listener = (state: AtlasState, previous: AtlasState) => void;

/**
 * The one place the view lives, mirrored to the URL. A discrete change (another indicator, a selected
 * commune) is a new history entry, so Back walks through earlier views; camera moves replace the entry.
 */
export class Store {
  #state: AtlasState;
  #listeners: Listener[] = [];
  #known: Known;

  constructor(
    readonly defaults: AtlasState,
    known: Known,
  ) {
    this.#known = known;
    this.#state = decodeState(new URLSearchParams(location.search), defaults, known);
    history.replaceState(null, '', this.#url(this.#state));
    addEventListener('popstate', () =>
      this.#apply(decodeState(new URLSearchParams(location.search), this.defaults, this.#known)),
    );
  }

  /**
   * The ids a link may name changed (a planner imported or removed figures): a view naming one that is
   * gone (a removed period) falls back to its default, in place, without telling the listeners; the
   * caller draws the new data.
   */
  learn(known: Known): void {
    this.#known = known;
    const valid = decodeState(new URLSearchParams(location.search), this.defaults, known);
    if (this.#url(valid) === this.#url(this.#state)) return;
    history.replaceState(null, '', this.#url(valid));
    this.#state = valid;
  }

  get state(): AtlasState {
    return this.#state;
  }

  update(patch: Partial<AtlasState>, mode: HistoryMode = 'push'): void {
    const next = { ...this.#state, ...patch };
    const url = this.#url(next);
    if (url === this.#url(this.#state)) return;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    this.#apply(next);
  }

  subscribe(listener: Listener): void {
    this.#listeners.push(listener);
  }

  #apply(next: AtlasState): void {
    const previous = this.#state;
    this.#state = next;
    for (const listener of this.#listeners) listener(next, previous);
  }

  #url(state: AtlasState): string {
    return `${location.pathname}?${encodeState(state, this.defaults)}`;
  }
}
