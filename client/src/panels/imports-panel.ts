import { fetchImports, removeImport, uploadImport, type ImportKind, type ImportRecord, type WriteResult } from '../api.ts';
import { t, type Lang } from '../i18n/index.ts';
import { IMPORT_KINDS } from '../../../local-data/import-kinds.ts';
import { el, option } from './dom.ts';

/** What the last upload or removal gave: a confirmation, or the server's problems, each naming file, line and field. */
type Outcome = { ok: true; text: string } | { ok: false; text: string; errors: string[] };

/**
 * The planners' import form and list. The write token is typed by the planner and kept in this object
 * only: never in the URL, storage or cookies. After a change the page's data is loaded again.
 */
export class ImportsPanel {
  #token = '';
  #kind: ImportKind = 'indicator';
  #imports: ImportRecord[] = [];
  #outcome: Outcome | null = null;
  #busy = false;
  #writable = false;
  #lang: Lang = 'en';

  constructor(private readonly container: HTMLElement, private readonly dataChanged: () => Promise<void>) {}

  /**
   * Lists the imports and learns whether the server accepts new ones. The panel stays hidden where the
   * server has no imports; a failed list is said in the panel and never stops the map.
   */
  async load(): Promise<void> {
    try {
      const found = await fetchImports();
      this.container.hidden = found === null;
      this.#imports = found?.imports ?? [];
      this.#writable = found?.writable ?? false;
    } catch (error) {
      this.container.hidden = false;
      this.#outcome = { ok: false, text: t(this.#lang, 'data.failed', { what: '/api/imports', message: (error as Error).message }), errors: [] };
    }
    this.render(this.#lang);
  }

  render(lang: Lang): void {
    this.#lang = lang;
    const kind = el('select', { id: 'import-kind' }, ...IMPORT_KINDS.map((k) => option(k, t(lang, `imports.kind.${k}`), k === this.#kind)));
    kind.addEventListener('change', () => (this.#kind = kind.value as ImportKind));
    const file = el('input', { id: 'import-file', type: 'file', accept: '.csv,.geojson,.json,text/csv,application/geo+json' });
    const token = el('input', { id: 'import-token', type: 'password', autocomplete: 'off', value: this.#token });
    token.addEventListener('input', () => (this.#token = token.value));
    const submit = el('button', { type: 'submit', disabled: this.#busy }, t(lang, this.#busy ? 'imports.busy' : 'imports.upload'));
    const form = el('form', { class: 'import-form' },
      field('import-kind', t(lang, 'imports.kind'), kind),
      field('import-file', t(lang, 'imports.file'), file),
      field('import-token', t(lang, 'imports.token'), token),
      submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen || this.#token === '') return this.#show({ ok: false, text: t(lang, 'imports.chooseFile'), errors: [] });
      void this.#write(() => uploadImport(this.#kind, chosen, this.#token),
        (record) => t(this.#lang, 'imports.done', { count: record.rowCount, file: record.fileName, id: record.id }));
    });
    this.container.replaceChildren(
      el('h2', {}, t(lang, 'imports.heading')),
      el('p', { class: 'note' }, t(lang, 'imports.intro')),
      this.#writable ? form : el('p', { class: 'note' }, t(lang, 'imports.off')),
      this.#outcomeView(),
      el('h3', {}, t(lang, 'imports.list')),
      this.#imports.length === 0 ? el('p', { class: 'note' }, t(lang, 'imports.none')) : el('ul', { class: 'imports' }, ...this.#imports.map((i) => this.#row(i))),
    );
  }

  #row(record: ImportRecord): HTMLLIElement {
    const lang = this.#lang;
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(record.importedAt));
    const remove = el('button', { type: 'button', disabled: this.#busy || !this.#writable, 'aria-label': t(lang, 'imports.removeLabel', { id: record.id, file: record.fileName }) }, t(lang, 'imports.remove'));
    remove.addEventListener('click', () => void this.#write(() => removeImport(record.id, this.#token), () => t(this.#lang, 'imports.removed', { id: record.id })));
    return el('li', { 'data-import': String(record.id) },
      t(lang, 'imports.row', { id: record.id, file: record.fileName, kind: t(lang, `imports.kind.${record.kind}`), count: record.rowCount, date }), ' ', remove);
  }

  #outcomeView(): HTMLElement {
    const outcome = this.#outcome;
    if (!outcome) return el('div', { id: 'import-outcome', role: 'status' });
    if (outcome.ok) return el('div', { id: 'import-outcome', role: 'status', class: 'ok' }, outcome.text);
    return el('div', { id: 'import-outcome', role: 'alert', class: 'error' }, el('p', {}, outcome.text),
      outcome.errors.length > 0 ? el('ul', {}, ...outcome.errors.map((e) => el('li', {}, e))) : '');
  }

  #show(outcome: Outcome): void {
    this.#outcome = outcome;
    this.render(this.#lang);
  }

  async #write<T>(request: () => Promise<WriteResult<T>>, done: (value: T) => string): Promise<void> {
    this.#busy = true;
    this.#outcome = null;
    this.render(this.#lang);
    try {
      const result = await request();
      if (result.ok) {
        this.#outcome = { ok: true, text: done(result.value) };
        await this.load();
        await this.dataChanged();
      } else this.#outcome = { ok: false, text: result.description, errors: result.errors };
    } catch (error) {
      this.#outcome = { ok: false, text: (error as Error).message, errors: [] };
    } finally {
      this.#busy = false;
      this.render(this.#lang);
    }
  }
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}
