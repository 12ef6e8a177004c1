/**
 * On a small screen the view's controls fold into a drawer over the map, so the map has the first screen. A
 * disclosure button opens and closes it (aria-expanded, aria-controls); Escape closes it; focus moves to its first
 * control on opening and back to the button on closing. The stylesheet shows the button, and hides the drawer
 * until it is open, below its breakpoint only: on a wide screen the controls are always there and the button is not.
 */
export function foldIntoDrawer(button: HTMLButtonElement, drawer: HTMLElement): void {
  const isOpen = () => button.getAttribute('aria-expanded') === 'true';
  const setOpen = (open: boolean) => {
    button.setAttribute('aria-expanded', String(open));
    drawer.dataset.drawer = open ? 'open' : 'closed';
    if (open) drawer.querySelector<HTMLElement>('select, input, button')?.focus();
    else button.focus();
  };
  button.addEventListener('click', () => setOpen(!isOpen()));
  for (const part of [button, drawer]) {
    part.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !isOpen()) return;
      event.preventDefault();
      setOpen(false);
    });
  }
  // The skip link leads to the controls: on a small screen, where they are folded away, it opens the drawer.
  for (const link of document.querySelectorAll<HTMLAnchorElement>(`a[href="#${drawer.id}"]`)) {
    link.addEventListener('click', (event) => {
      if (!button.checkVisibility()) return;
      event.preventDefault();
      setOpen(true);
    });
  }
}
