import {
  createSlide,
  deleteSlide,
  fetchSlides,
  importSlides,
  orderSlides,
  slidesExportUrl,
  updateSlide,
  type Slide,
} from '../slides-api.ts';
import { t, type Lang } from '../i18n/index.ts';
import { el } from './dom.ts';
import type { WriteAccess } from './write-access.ts';
import { WritePanel } from './write-panel.ts';

export interface SlideActions {
  /** The current view as a slide holds it (the dashboard's query string). */
  currentView: () => string;
  /** Shows a slide's view in the dashboard. */
  show: (slide: Slide) => void;
  /** Plays the deck from a slide, full screen. */
  present: (slides: Slide[], index: number) => void;
}

/**
 * The presenter's deck: saved views with a title and notes, kept by the server apart from the reference
 * data. Anyone may show, present and export them; saving, editing, reordering, removing and importing
 * need the write token.
 */
export class SlidesPanel extends WritePanel<{ slides: Slide[]; writable: boolean }> {
  #slides: Slide[] = [];
  #editing: number | null = null;

  constructor(
    container: HTMLElement,
    access: WriteAccess,
    private readonly actions: SlideActions,
  ) {
    super(container, access, '/api/slides', 'slides-outcome');
  }

  protected fetchListing() {
    return fetchSlides();
  }

  protected keep(listing: { slides: Slide[] } | null): void {
    this.#slides = listing?.slides ?? [];
  }

  render(lang: Lang): void {
    this.lang = lang;
    const present = el(
      'button',
      { type: 'button', id: 'present', disabled: this.#slides.length === 0 },
      t(lang, 'slides.present'),
    );
    present.addEventListener('click', () => this.actions.present(this.#slides, 0));
    this.container.replaceChildren(
      el('h2', {}, t(lang, 'slides.heading')),
      el('p', { class: 'note' }, t(lang, 'slides.intro')),
      present,
      this.#slides.length === 0
        ? el('p', { class: 'note' }, t(lang, 'slides.none'))
        : el('ol', { class: 'slides' }, ...this.#slides.map((s, i) => this.#item(s, i))),
      ...(this.writable ? [this.#saveForm()] : []),
      this.outcomeView(),
      el(
        'p',
        {},
        el(
          'a',
          { href: slidesExportUrl(), download: 'atlas-slides.json', id: 'slides-export' },
          t(lang, 'slides.export'),
        ),
      ),
      ...(this.writable ? [this.#importForm()] : []),
    );
  }

  #item(slide: Slide, index: number): HTMLLIElement {
    const lang = this.lang;
    const show = el('button', { type: 'button', class: 'link' }, slide.title);
    show.addEventListener('click', () => this.actions.show(slide));
    const children: (Node | string)[] = [show];
    if (slide.notes) children.push(el('p', { class: 'note' }, slide.notes));
    if (this.writable) {
      const button = (label: string, name: string, run: () => void, disabled = false) => {
        const b = el(
          'button',
          { type: 'button', 'aria-label': `${label}: ${slide.title}`, disabled: this.busy || disabled },
          name,
        );
        b.addEventListener('click', run);
        return b;
      };
      const ids = this.#slides.map((s) => s.id);
      const moved = (to: number) => {
        const order = ids.filter((id) => id !== slide.id);
        order.splice(to, 0, slide.id);
        return order;
      };
      children.push(
        el(
          'span',
          { class: 'slide-actions' },
          button(
            t(lang, 'slides.up'),
            '↑',
            () =>
              void this.write(
                () => orderSlides(moved(index - 1), this.access.token),
                () => t(this.lang, 'slides.moved'),
              ),
            index === 0,
          ),
          button(
            t(lang, 'slides.down'),
            '↓',
            () =>
              void this.write(
                () => orderSlides(moved(index + 1), this.access.token),
                () => t(this.lang, 'slides.moved'),
              ),
            index === ids.length - 1,
          ),
          button(t(lang, 'slides.edit'), t(lang, 'slides.edit'), () => {
            this.#editing = this.#editing === slide.id ? null : slide.id;
            this.render(this.lang);
          }),
          button(
            t(lang, 'slides.delete'),
            t(lang, 'slides.delete'),
            () =>
              void this.write(
                () => deleteSlide(slide.id, this.access.token),
                () => t(this.lang, 'slides.deleted', { title: slide.title }),
              ),
          ),
        ),
      );
      if (this.#editing === slide.id) children.push(this.#editForm(slide));
    }
    return el('li', { 'data-slide': String(slide.id) }, ...children);
  }

  #fields(prefix: string, title: string, notes: string) {
    const lang = this.lang;
    const titleInput = el('input', {
      id: `${prefix}-title`,
      type: 'text',
      maxlength: '120',
      value: title,
      required: true,
    });
    const notesInput = el('textarea', { id: `${prefix}-notes`, maxlength: '2000', rows: '3' }, notes);
    return {
      titleInput,
      notesInput,
      nodes: [
        el('div', { class: 'field' }, el('label', { for: `${prefix}-title` }, t(lang, 'slides.title')), titleInput),
        el('div', { class: 'field' }, el('label', { for: `${prefix}-notes` }, t(lang, 'slides.notes')), notesInput),
      ],
    };
  }

  #saveForm(): HTMLFormElement {
    const { titleInput, notesInput, nodes } = this.#fields('slide', '', '');
    const form = el(
      'form',
      { class: 'slide-form' },
      el('h3', {}, t(this.lang, 'slides.saveHeading')),
      ...nodes,
      el('button', { type: 'submit', disabled: this.busy }, t(this.lang, 'slides.save')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const slide = { title: titleInput.value, notes: notesInput.value, state: this.actions.currentView() };
      void this.write(
        () => createSlide(slide, this.access.token),
        (made) => t(this.lang, 'slides.saved', { title: made.title }),
      );
    });
    return form;
  }

  #editForm(slide: Slide): HTMLFormElement {
    const { titleInput, notesInput, nodes } = this.#fields(`slide-${slide.id}`, slide.title, slide.notes);
    const view = el('input', { type: 'checkbox', id: `slide-${slide.id}-view` });
    const form = el(
      'form',
      { class: 'slide-form' },
      ...nodes,
      el(
        'div',
        { class: 'check' },
        view,
        el('label', { for: `slide-${slide.id}-view` }, t(this.lang, 'slides.useView')),
      ),
      el('button', { type: 'submit', disabled: this.busy }, t(this.lang, 'slides.update')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const patch = {
        title: titleInput.value,
        notes: notesInput.value,
        ...(view.checked ? { state: this.actions.currentView() } : {}),
      };
      this.#editing = null;
      void this.write(
        () => updateSlide(slide.id, patch, this.access.token),
        (made) => t(this.lang, 'slides.updated', { title: made.title }),
      );
    });
    return form;
  }

  #importForm(): HTMLFormElement {
    const file = el('input', { id: 'slides-file', type: 'file', accept: '.json,application/json' });
    const form = el(
      'form',
      { class: 'slide-form' },
      el('div', { class: 'field' }, el('label', { for: 'slides-file' }, t(this.lang, 'slides.importFile')), file),
      el('button', { type: 'submit', disabled: this.busy }, t(this.lang, 'slides.import')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen) return;
      void this.write(
        async () => importSlides(await chosen.text(), this.access.token),
        (slides) => t(this.lang, 'slides.imported', { count: slides.length }),
      );
    });
    return form;
  }
}
