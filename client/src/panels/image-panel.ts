import { IMAGE_SIZES, type ImageSize } from '../image-layout.ts';
import { t, type Lang } from '../i18n/index.ts';
import { el } from './dom.ts';

/** Buttons that save the current view as a PNG at screen size, 1920 × 1080 or A4 landscape at 300 dpi. */
export function renderImagePanel(container: HTMLElement, lang: Lang, save: (size: ImageSize) => Promise<void>): void {
  const status = el('p', { id: 'image-status', role: 'status', class: 'note' });
  const buttons = (Object.keys(IMAGE_SIZES) as ImageSize[]).map((size) => {
    const button = el('button', { type: 'button', id: `image-${size}` }, t(lang, `image.${size}`));
    button.addEventListener('click', async () => {
      for (const b of buttons) b.disabled = true;
      status.textContent = t(lang, 'image.busy');
      try {
        await save(size);
        status.textContent = t(lang, 'image.done');
      } catch (error) {
        status.textContent = t(lang, 'image.failed', { message: (error as Error).message });
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    });
    return button;
  });
  container.replaceChildren(el('h2', {}, t(lang, 'image.heading')), el('p', { class: 'image-buttons' }, ...buttons), status);
}
