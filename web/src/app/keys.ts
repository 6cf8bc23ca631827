/** Keyboard shortcuts: undo/redo always; single keys (P, B, R, L, F, ?) unless switched off (WCAG 2.1.4). */
export interface KeyActions {
  readonly shortcuts: boolean;
  readonly presenting: boolean;
  undo(): void;
  redo(): void;
  closePresentation(): void;
  step(d: number): void;
  togglePresentation(): void;
  beamer(): void;
  replay(): void;
  toggleLang(): void;
  fullscreen(): void;
  help(): void;
}

export function onKey(e: KeyboardEvent, a: KeyActions): void {
  const target = e.target as HTMLElement;
  if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && !(e.ctrlKey || e.metaKey)) return;
  const k = e.key.toLowerCase();
  if ((e.ctrlKey || e.metaKey) && k === 'z') return void (e.preventDefault(), e.shiftKey ? a.redo() : a.undo());
  if ((e.ctrlKey || e.metaKey) && k === 'y') return void (e.preventDefault(), a.redo());
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (k === 'escape') {
    if (a.presenting) a.closePresentation();
    return;
  }
  if (a.presenting && (k === 'arrowright' || k === 'arrowleft')) return a.step(k === 'arrowright' ? 1 : -1);
  if (!a.shortcuts) return;
  if (k === 'p') a.togglePresentation();
  else if (k === 'b') a.beamer();
  else if (k === 'r') a.replay();
  else if (k === 'l') a.toggleLang();
  else if (k === 'f') a.fullscreen();
  else if (k === '?') a.help();
}
