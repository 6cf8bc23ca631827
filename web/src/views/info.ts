/**
 * Explanations where a number is: a small "i" button next to a KPI, a lever or a chart opens a
 * popover that says what it measures, its unit, and how to read the interval and the difference.
 * One popover at a time; Escape or a click elsewhere closes it.
 */
import { h } from '../dom.js';
import type { I18n } from '../i18n/index.js';

let open: { pop: HTMLElement; button: HTMLElement } | null = null;

function close(): void {
  if (!open) return;
  open.pop.remove();
  open.button.setAttribute('aria-expanded', 'false');
  open = null;
}

if (typeof document !== 'undefined') {
  document.addEventListener('keydown', (e) => e.key === 'Escape' && close());
  document.addEventListener('click', (e) => open && !open.pop.contains(e.target as Node) && e.target !== open.button && close());
}

/** An info button whose popover shows `title` and `lines`. */
export function infoButton(t: I18n, title: string, lines: readonly string[]): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'info', 'aria-label': t.t('info.about', { what: title }), 'aria-expanded': 'false' }, 'i');
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    const was = open?.button === button;
    close();
    if (was) return;
    const pop = h('div', { class: 'popover', role: 'dialog', 'aria-label': title }, h('strong', {}, title), ...lines.filter((l) => l !== '').map((l) => h('p', {}, l)));
    document.body.append(pop);
    const r = button.getBoundingClientRect();
    // Under the button, kept inside the window (set through CSSOM: the CSP allows no style attributes).
    const left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
    pop.style.left = `${left}px`;
    pop.style.top = `${r.bottom + window.scrollY + 6}px`;
    button.setAttribute('aria-expanded', 'true');
    open = { pop, button };
  });
  return button;
}

/** What a KPI measures and how to read its numbers. */
export function kpiInfo(t: I18n, kpi: string): HTMLButtonElement {
  const unit = t.unit(kpi);
  return infoButton(t, t.kpi(kpi), [t.tOr(`info.kpi.${kpi}`, ''), unit ? t.t('info.unit', { unit }) : '', t.t('info.ci'), t.t('info.diff'), t.t('info.bands')]);
}

/** What a chart shows and how to read it. */
export function chartInfo(t: I18n, chart: string, title: string): HTMLButtonElement {
  return infoButton(t, title, [t.t(`info.chart.${chart}`)]);
}
