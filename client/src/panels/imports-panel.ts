import {
  fetchImports,
  removeImport,
  uploadImport,
  type ImportAnswer,
  type ImportKind,
  type ImportRecord,
} from '../api.ts';
import { t, type Lang } from '../i18n/index.ts';
import { IMPORT_KINDS } from '../../../vocabulary/import-kinds.ts';
import { el, option } from './dom.ts';
import type { WriteAccess } from './write-access.ts';
import { WritePanel } from './write-panel.ts';

/**
 * The planners' import form and list; writes use the token of the Editing section. After a change the page's data is
 * loaded again.
 */
export class ImportsPanel extends WritePanel<{ imports: ImportRecord[]; writable: boolean }> {
  #kind: ImportKind = 'indicator';
  #imports: ImportRecord[] = [];

  constructor(
    container: HTMLElement,
    access: WriteAccess,
    private readonly dataChanged: () => Promise<void>,
  ) {
    super(container, access, '/api/imports', 'import-outcome');
  }

  protected fetchListing() {
    return fetchImports();
  }

  protected keep(listing: { imports: ImportRecord[] } | null): void {
    this.#imports = listing?.imports ?? [];
  }

  render(lang: Lang): void {
    this.lang = lang;
    const kind = el(
      'select',
      { id: 'import-kind' },
      ...IMPORT_KINDS.map((k) => option(k, t(lang, `imports.kind.${k}`), k === this.#kind)),
    );
    kind.addEventListener('change', () => (this.#kind = kind.value as ImportKind));
    const file = el('input', {
      id: 'import-file',
      type: 'file',
      accept: '.csv,.geojson,.json,text/csv,application/geo+json',
    });
    const submit = el(
      'button',
      { type: 'submit', disabled: this.busy },
      t(lang, this.busy ? 'imports.busy' : 'imports.upload'),
    );
    const form = el(
      'form',
      { class: 'import-form' },
      field('import-kind', t(lang, 'imports.kind'), kind),
      field('import-file', t(lang, 'imports.file'), file),
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen || this.access.token === '')
        return this.show({ ok: false, text: t(lang, 'imports.chooseFile'), errors: [] });
      void this.write(() => uploadImport(this.#kind, chosen, this.access.token), this.#done, this.dataChanged);
    });
    this.container.replaceChildren(
      el('h2', {}, t(lang, 'imports.heading')),
      el('p', { class: 'note' }, t(lang, 'imports.intro')),
      this.writable ? form : el('p', { class: 'note' }, t(lang, 'imports.off')),
      this.outcomeView(),
      el('h3', {}, t(lang, 'imports.list')),
      this.#imports.length === 0
        ? el('p', { class: 'note' }, t(lang, 'imports.none'))
        : el('ul', { class: 'imports' }, ...this.#imports.map((i) => this.#row(i))),
    );
  }

  /** What an import did: the rows stored; for an official file, what was read and how it compared with the atlas. */
  #done = ({ import: made, summary }: ImportAnswer): string => {
    if (!summary) return t(this.lang, 'imports.done', { count: made!.rowCount, file: made!.fileName, id: made!.id });
    const total = (count: 'agreeing' | 'stored') => summary.measures.reduce((n, m) => n + m[count], 0);
    const read = {
      file: summary.file,
      layout: summary.layout,
      rows: summary.rows,
      kept: summary.communesKept,
      skipped: summary.communesSkipped,
      agreeing: total('agreeing'),
    };
    return made
      ? t(this.lang, 'imports.officialDone', { ...read, stored: total('stored'), id: made.id })
      : t(this.lang, 'imports.officialNothing', read);
  };

  #row(record: ImportRecord): HTMLLIElement {
    const lang = this.lang;
    const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(record.importedAt),
    );
    const remove = el(
      'button',
      {
        type: 'button',
        disabled: this.busy || !this.writable,
        'aria-label': t(lang, 'imports.removeLabel', { id: record.id, file: record.fileName }),
      },
      t(lang, 'imports.remove'),
    );
    remove.addEventListener(
      'click',
      () =>
        void this.write(
          () => removeImport(record.id, this.access.token),
          () => t(this.lang, 'imports.removed', { id: record.id }),
          this.dataChanged,
        ),
    );
    return el(
      'li',
      { 'data-import': String(record.id) },
      t(lang, 'imports.row', {
        id: record.id,
        file: record.fileName,
        kind: t(lang, `imports.kind.${record.kind}`),
        count: record.rowCount,
        date,
      }),
      ' ',
      remove,
    );
  }
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}
