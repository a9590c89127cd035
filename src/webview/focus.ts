// Re-rendering replaces buttons: give focus back to the one that had it, found by its data attribute.
const KEYS = ['action', 'filter', 'view'] as const;

export function keepFocus(render: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const key = KEYS.find((k) => active?.dataset[k] !== undefined);
  const selector = key && active ? `[data-${key}="${CSS.escape(active.dataset[key]!)}"]` : undefined;
  render();
  if (selector) (document.querySelector(selector) as HTMLElement | null)?.focus();
}
