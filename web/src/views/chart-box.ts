/** A chart in a figure with its export buttons (PNG, SVG, CSV), as every view and the sweep use it. */
import { downloadCsv, downloadPng, downloadSvg } from '../charts/export.js';
import { h } from '../dom.js';
import type { I18n } from '../i18n/index.js';

export function chartBox(el: HTMLElement, name: string, t: I18n, draw: (box: HTMLElement) => SVGSVGElement | null, csv: (() => string) | null): void {
  const box = h('figure', { class: 'chart', 'data-chart': name });
  el.append(box);
  const svg = draw(box);
  const bar = h('div', { class: 'export', role: 'group', 'aria-label': t.t('export.title') });
  if (svg) {
    bar.append(
      h('button', { type: 'button', 'data-export': 'png', onclick: () => void downloadPng(svg, name) }, t.t('export.png')),
      h('button', { type: 'button', 'data-export': 'svg', onclick: () => downloadSvg(svg, name) }, t.t('export.svg')),
    );
  }
  if (csv) bar.append(h('button', { type: 'button', 'data-export': 'csv', onclick: () => downloadCsv(csv(), name) }, t.t('export.csv')));
  box.append(bar);
}

/** What a view shows while the first numbers are not in: the status line. */
export function waiting(el: HTMLElement, status: string): void {
  el.append(h('p', { class: 'wait' }, status));
}
