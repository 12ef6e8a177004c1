/** The floating text beside the pointer; positioned through the CSSOM, which the strict CSP allows. */
export function showTooltip(tooltip: HTMLElement, lines: string[] | null, x: number, y: number): void {
  if (!lines) {
    tooltip.hidden = true;
    return;
  }
  tooltip.replaceChildren(
    ...lines.map((line, i) => {
      const div = document.createElement('div');
      if (i === 0) div.className = 'tooltip-title';
      div.textContent = line;
      return div;
    }),
  );
  tooltip.hidden = false;
  tooltip.style.transform = `translate(${Math.round(x + 14)}px, ${Math.round(y + 14)}px)`;
}
