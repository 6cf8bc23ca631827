/**
 * A chart in a figure with its export buttons (PNG, SVG, CSV), as every view and the sweep use it.
 * Every export carries the lever changes: in the file name ('-aangepast'), under the drawing of
 * an SVG or PNG, and after the rows of a CSV.
 */
import { downloadCsv, downloadPng, downloadSvg } from '../charts/export.js';
import { h } from '../dom.js';
import type { Host } from '../app/host.js';
import { changedSuffix, changeLines } from '../app/changes.js';
import type { CsvWords } from '../data.js';
import type { I18n } from '../i18n/index.js';
import { chartInfo } from './info.js';

/** A CSV with the lever changes after its rows (one per change, after an empty line), in the CSV's dialect. */
export function withChanges(csv: string, host: Pick<Host, 'changes' | 'i18n'>): string {
  if (host.changes.length === 0) return csv;
  const sep = csv.includes(';') ? ';' : ',';
  const q = (x: string) => (x.includes(sep) || /["\r\n]/.test(x) || (sep === ';' && x.includes(',')) ? `"${x.replace(/"/g, '""')}"` : x);
  const t = host.i18n.t;
  const rows = [[t('changes.scenario'), t('changes.lever'), t('changes.from'), t('changes.to')], ...host.changes.map((c) => [c.scenario, c.lever, c.from, c.to])];
  return `${csv}\r\n${rows.map((r) => r.map(q).join(sep)).join('\r\n')}\r\n`;
}

/** The app's CSV words in its language (column names, dialect, KPI labels). */
export function csvWords(t: I18n): CsvWords {
  return { dialect: t.lang === 'nl' ? 'nl' : 'intl', col: (id) => t.tOr(`csv.${id}`, id), kpi: (id) => t.kpi(id) };
}

/** A file name in the app's language: `file.<kind>` and a detail ("stroom-brede-basisteams"). */
export function fileName(t: I18n, kind: string, detail = ''): string {
  return `${t.t(`file.${kind}`)}${detail ? `-${detail}` : ''}`;
}

/**
 * `name`: the figure's id (stable: the tests and the CSS find it by it); `file`: the download's
 * name in the app's language (default: the id).
 */
export function chartBox(el: HTMLElement, name: string, host: Pick<Host, 'changes' | 'i18n'>, draw: (box: HTMLElement) => SVGSVGElement | null, csv: (() => string) | null, fileBase = name, info?: { chart: string; title: string }): void {
  const t = host.i18n;
  const file = `${fileBase}${changedSuffix(host.changes, t)}`;
  const notes = changeLines(host.changes);
  const box = h('figure', { class: 'chart', 'data-chart': name });
  el.append(box);
  const svg = draw(box);
  const bar = h('div', { class: 'export', role: 'group', 'aria-label': t.t('export.title') });
  if (svg) {
    bar.append(
      h('button', { type: 'button', 'data-export': 'png', onclick: () => void downloadPng(svg, file, notes) }, t.t('export.png')),
      h('button', { type: 'button', 'data-export': 'svg', onclick: () => downloadSvg(svg, file, notes) }, t.t('export.svg')),
    );
  }
  if (csv) bar.append(h('button', { type: 'button', 'data-export': 'csv', onclick: () => downloadCsv(withChanges(csv(), host), file) }, t.t('export.csv')));
  if (info) bar.append(chartInfo(t, info.chart, info.title));
  box.append(bar);
}

/** What a view shows while the first numbers are not in: the status line. */
export function waiting(el: HTMLElement, status: string): void {
  el.append(h('p', { class: 'wait' }, status));
}
