/**
 * A short first-visit tour (issue 23, 4): six steps that point at the main parts of the app, each a
 * box beside the part it explains (never over it) with Vorige / Volgende / Overslaan. It is not
 * modal: the page stays usable behind it, Escape closes it, and the keyboard focus goes into the
 * box and back to where it was. "Done" is kept in localStorage, so it comes once; the Rondleiding
 * button starts it again. It never shows in presentation mode (the app closes it when that opens)
 * or in the beamer window (which runs no app).
 */
import { h } from '../dom.js';
import type { I18n } from '../i18n/index.js';

export const TOUR_KEY = 'ketensim.tour';

/**
 * A step: its strings (`tour.<id>.title`, `tour.<id>.text`) and what it points at: alternatives
 * tried in order, each a list of selectors whose elements together are the target.
 */
export interface TourStep {
  id: string;
  targets: string[][];
}

export const TOUR_STEPS: readonly TourStep[] = [
  { id: 'headline', targets: [['#headline', '#view figure.chart'], ['#view']] },
  { id: 'cards', targets: [['#cards .card'], ['#cards']] },
  { id: 'levers', targets: [['#editing', '#levers fieldset.slots'], ['#levers']] },
  { id: 'equal', targets: [['#equal'], ['#levers']] },
  { id: 'tabs', targets: [['#tabs']] },
  { id: 'present', targets: [['#btn-present', '#btn-beamer']] },
];

/**
 * Whether the tour starts by itself: on a first visit only (nothing kept), and not from a share
 * link, which opens on what was shared (a facilitator's prepared comparison, perhaps on the
 * projector) with nothing over it. Storage that cannot be read counts as visited: a tour on every
 * visit would be worse than none.
 */
export function tourOnStart(storage: Pick<Storage, 'getItem'> | null, hash: string): boolean {
  if (hash.startsWith('#s=')) return false;
  try {
    return storage !== null && storage.getItem(TOUR_KEY) === null;
  } catch {
    return false;
  }
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Space kept from the window's edges, and between the target and the box (the ring around the target lies in it). */
const MARGIN = 8;
export const GAP = 16;
/** The narrowest box beside a target. */
const MIN_WIDTH = 260;

/**
 * Where the box goes: below, above, right of or left of the target, the first side where it fits
 * in the window whole; `height(width)` measures the box at a width. When no side fits (a target
 * larger than the window), the box goes where it covers least of it.
 */
export function placeBox(target: Rect, view: { width: number; height: number }, preferred: number, height: (width: number) => number): { left: number; top: number; width: number; side: string } {
  const W = view.width;
  const H = view.height;
  const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(x, hi));
  const full = Math.min(preferred, W - 2 * MARGIN);
  const hFull = height(full);
  const x = clamp(target.left, MARGIN, W - MARGIN - full);
  if (target.bottom + GAP + hFull <= H - MARGIN) return { left: x, top: target.bottom + GAP, width: full, side: 'below' };
  if (target.top - GAP - hFull >= MARGIN) return { left: x, top: target.top - GAP - hFull, width: full, side: 'above' };
  for (const side of ['right', 'left'] as const) {
    const room = side === 'right' ? W - MARGIN - (target.right + GAP) : target.left - GAP - MARGIN;
    const w = Math.min(preferred, room);
    if (w < MIN_WIDTH) continue;
    const hw = height(w);
    if (hw > H - 2 * MARGIN) continue;
    return { left: side === 'right' ? target.right + GAP : target.left - GAP - w, top: clamp(target.top, MARGIN, H - MARGIN - hw), width: w, side };
  }
  // Nothing fits whole: the top or bottom of the window, whichever covers less of the target.
  const overTop = Math.max(0, Math.min(target.bottom, MARGIN + hFull) - Math.max(target.top, MARGIN));
  const overBottom = Math.max(0, Math.min(target.bottom, H - MARGIN) - Math.max(target.top, H - MARGIN - hFull));
  return { left: x, top: overTop <= overBottom ? MARGIN : H - MARGIN - hFull, width: full, side: 'edge' };
}

/** The rectangle around some elements (null when none is shown). */
function around(els: Element[]): Rect | null {
  const rs = els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 || r.height > 0);
  if (rs.length === 0) return null;
  return { left: Math.min(...rs.map((r) => r.left)), top: Math.min(...rs.map((r) => r.top)), right: Math.max(...rs.map((r) => r.right)), bottom: Math.max(...rs.map((r) => r.bottom)) };
}

function targetOf(step: TourStep): Element[] {
  for (const alt of step.targets) {
    const els = alt.map((s) => document.querySelector(s)).filter((e): e is Element => e !== null);
    if (els.length > 0) return els;
  }
  return [];
}

export class Tour {
  private box: HTMLElement | null = null;
  private ring: HTMLElement | null = null;
  private index = 0;
  private opener: HTMLElement | null = null;
  private timer = 0;
  private last = '';
  private readonly onKey = (e: KeyboardEvent) => {
    // Escape in a dialog over it (the shortcuts, an import) closes that dialog only.
    if (e.key === 'Escape' && this.box && !(e.target instanceof Element && e.target.closest('dialog'))) this.close();
  };
  private readonly onMove = () => this.place();

  constructor(private readonly i18n: () => I18n) {}

  get open(): boolean {
    return this.box !== null;
  }

  /** Start at the first step (again). */
  start(): void {
    if (this.box) this.close(false);
    const active = document.activeElement;
    this.opener = active instanceof HTMLElement && active !== document.body ? active : null;
    this.index = 0;
    this.box = h('div', { class: 'tour', id: 'tour', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'tour-title', 'aria-describedby': 'tour-text' });
    this.ring = h('div', { class: 'tour-ring', id: 'tour-ring', 'aria-hidden': 'true' });
    document.body.append(this.ring, this.box);
    document.addEventListener('keydown', this.onKey);
    window.addEventListener('resize', this.onMove);
    // Scrolling anywhere (the page or the levers panel) moves the target.
    document.addEventListener('scroll', this.onMove, true);
    // The parts it points at are drawn anew as numbers come in: follow them.
    this.timer = window.setInterval(() => this.place(), 300);
    this.show(true);
  }

  /** End the tour; `done` remembers it (skipped, finished or closed all count). */
  close(done = true): void {
    if (!this.box) return;
    const hadFocus = this.box.contains(document.activeElement);
    this.box.remove();
    this.ring?.remove();
    this.box = this.ring = null;
    window.clearInterval(this.timer);
    document.removeEventListener('keydown', this.onKey);
    window.removeEventListener('resize', this.onMove);
    document.removeEventListener('scroll', this.onMove, true);
    if (done) {
      try {
        localStorage.setItem(TOUR_KEY, 'done');
      } catch {
        // Storage off: the tour simply comes again next time.
      }
    }
    if (hadFocus) {
      if (this.opener?.isConnected) this.opener.focus();
      else (document.activeElement as HTMLElement | null)?.blur();
    }
  }

  /** Say the step again in the app's language (after the language toggle). */
  update(): void {
    if (this.box) this.show(false);
  }

  private go(d: number): void {
    const next = this.index + d;
    if (next >= TOUR_STEPS.length) return this.close();
    this.index = Math.max(0, next);
    this.show(true);
  }

  /** Draw the step; `scroll` brings its target into view first (a new step). */
  private show(scroll: boolean): void {
    const box = this.box!;
    const t = this.i18n().t;
    const step = TOUR_STEPS[this.index]!;
    const n = TOUR_STEPS.length;
    const last = this.index === n - 1;
    const focused = document.activeElement?.id;
    const hadFocus = box.contains(document.activeElement);
    box.dataset.step = step.id;
    const button = (id: string, text: string, onclick: () => void, disabled = false) => h('button', { type: 'button', id, disabled, onclick }, text);
    box.replaceChildren(
      h(
        'div',
        { 'aria-live': 'polite' },
        h('p', { class: 'tour-count' }, t('tour.count', { n: this.index + 1, total: n })),
        h('h2', { id: 'tour-title', tabindex: -1 }, t(`tour.${step.id}.title`)),
        h('p', { id: 'tour-text' }, t(`tour.${step.id}.text`)),
      ),
      h(
        'div',
        { class: 'tour-buttons' },
        last ? null : button('tour-skip', t('tour.skip'), () => this.close()),
        button('tour-prev', t('tour.prev'), () => this.go(-1), this.index === 0),
        button('tour-next', t(last ? 'tour.done' : 'tour.next'), () => this.go(1)),
      ),
    );
    if (scroll) {
      const els = targetOf(step);
      // Into view within its own panel (the levers scroll by themselves), then centred in the window.
      for (const e of [...els].reverse()) e.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = around(els);
      if (r) {
        const fits = r.bottom - r.top <= innerHeight - 2 * MARGIN;
        window.scrollBy(0, fits ? (r.top + r.bottom) / 2 - innerHeight / 2 : r.top - MARGIN);
      }
    }
    this.last = '';
    this.place();
    // A new step takes the focus; it stays on the button pressed (a disabled one hands it to
    // Volgende). Said again in another language, the focus stays where it was.
    if (!scroll && !hadFocus) return;
    const keep = focused ? box.querySelector<HTMLButtonElement>(`#${focused}:not([disabled])`) : null;
    (keep ?? box.querySelector<HTMLButtonElement>('#tour-next'))!.focus();
  }

  /** Put the ring around the target and the box beside it (again when either moved). */
  private place(): void {
    const box = this.box;
    const ring = this.ring;
    if (!box || !ring) return;
    const r = around(targetOf(TOUR_STEPS[this.index]!));
    const view = { width: document.documentElement.clientWidth, height: innerHeight };
    const key = JSON.stringify([r, view]);
    if (key === this.last) return;
    this.last = key;
    ring.hidden = r === null;
    const target = r ?? { left: view.width / 2, right: view.width / 2, top: 0, bottom: 0 };
    if (r) {
      // Set through CSSOM: the CSP allows no style attributes.
      ring.style.left = `${r.left - 6}px`;
      ring.style.top = `${r.top - 6}px`;
      ring.style.width = `${r.right - r.left + 12}px`;
      ring.style.height = `${r.bottom - r.top + 12}px`;
    }
    const preferred = Math.min(440, Math.max(360, view.width * 0.36));
    const p = placeBox(target, view, preferred, (w) => {
      box.style.width = `${w}px`;
      return box.offsetHeight;
    });
    box.style.width = `${p.width}px`;
    box.style.left = `${p.left}px`;
    box.style.top = `${p.top}px`;
    box.dataset.side = p.side;
  }
}
