import type { WriteResult } from '../api.ts';
import { t, type Lang } from '../i18n/index.ts';
import { el } from './dom.ts';
import type { WriteAccess } from './write-access.ts';

/** What the last write gave: a confirmation, or the server's problems, each naming where and what was expected. */
export type Outcome = { ok: true; text: string } | { ok: false; text: string; errors: string[] };

/**
 * A panel that lists what the server keeps in the local database (imports, slides) and writes it with the
 * token of the Editing section: busy while a write runs, then the server's answer shown, read aloud as a
 * status or an alert, and the list loaded again.
 */
export abstract class WritePanel<Listing extends { writable: boolean }> {
  protected outcome: Outcome | null = null;
  protected busy = false;
  protected writable = false;
  protected lang: Lang = 'en';

  constructor(
    protected readonly container: HTMLElement,
    protected readonly access: WriteAccess,
    private readonly what: string,
    private readonly outcomeId: string,
  ) {}

  /** Reads the listing; null where the server keeps no local database. */
  protected abstract fetchListing(): Promise<Listing | null>;
  protected abstract keep(listing: Listing | null): void;
  abstract render(lang: Lang): void;

  /**
   * Lists and learns whether writes are on; the panel stays hidden without a local database, and a failure never stops
   * the map.
   */
  async load(): Promise<void> {
    try {
      const found = await this.fetchListing();
      this.container.hidden = found === null;
      this.keep(found);
      this.writable = found?.writable ?? false;
      this.access.allow(this.writable, this.lang);
    } catch (error) {
      this.container.hidden = false;
      this.outcome = {
        ok: false,
        text: t(this.lang, 'data.failed', { what: this.what, message: (error as Error).message }),
        errors: [],
      };
    }
    this.render(this.lang);
  }

  protected show(outcome: Outcome): void {
    this.outcome = outcome;
    this.render(this.lang);
  }

  protected outcomeView(): HTMLElement {
    const { outcome, outcomeId: id } = this;
    if (!outcome) return el('div', { id, role: 'status' });
    if (outcome.ok) return el('div', { id, role: 'status', class: 'ok' }, outcome.text);
    return el(
      'div',
      { id, role: 'alert', class: 'error' },
      el('p', {}, outcome.text),
      outcome.errors.length > 0 ? el('ul', {}, ...outcome.errors.map((e) => el('li', {}, e))) : '',
    );
  }

  /** Runs a write; after a success the listing is loaded again, then `after` runs (the page's data reloaded). */
  protected async write<T>(
    request: () => Promise<WriteResult<T>>,
    done: (value: T) => string,
    after: () => Promise<void> = async () => {},
  ): Promise<void> {
    this.busy = true;
    this.outcome = null;
    this.render(this.lang);
    try {
      const result = await request();
      if (result.ok) {
        this.outcome = { ok: true, text: done(result.value) };
        await this.load();
        await after();
      } else this.outcome = { ok: false, text: result.description, errors: result.errors };
    } catch (error) {
      this.outcome = { ok: false, text: (error as Error).message, errors: [] };
    } finally {
      this.busy = false;
      this.render(this.lang);
    }
  }
}
