/**
 * The assumptions tab: the calibration targets of the baseline (when it has a targets file), and
 * every parameter of the active scenario with its value, unit and source.
 */
import { scenarioParameters } from '../../../src/experiment/results.js';
import { clear, h } from '../dom.js';
import { unitLabel, type I18n } from '../i18n/index.js';
import { paramLabel } from '../i18n/params.js';
import { DOCUMENTS, documentText, sourceLong } from '../sources.js';
import type { Host } from '../app/host.js';
import { viewTargets } from './targets-view.js';

/** Show only the assumptions (kept across redraws). */
let onlyAanname = false;

export function viewAssumptions(host: Host, el: HTMLElement): void {
  const t = host.i18n.t;
  const v = host.views[host.viewOf(host.state.active)]!;
  const rows = scenarioParameters(v.scenario);
  const a = rows.filter((r) => r.aanname).length;
  const table = h('table', { class: 'params', id: 'assumptions-table' });
  const fill = () => {
    clear(table);
    table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('assumptions.path')), h('th', { scope: 'col' }, t('assumptions.value')), h('th', { scope: 'col' }, t('assumptions.unit')), h('th', { scope: 'col' }, t('assumptions.source')))));
    const body = h('tbody');
    for (const r of rows) {
      if (onlyAanname && !r.aanname) continue;
      const src = sourceLong(r.source, host.i18n);
      body.append(h('tr', { class: r.aanname ? 'aanname' : '', 'data-path': r.path }, h('td', {}, paramLabel(r.path, host.state.lang)), h('td', { class: 'n' }, host.i18n.fmt(r.value, Number.isInteger(r.value) ? 0 : undefined)), h('td', {}, unitLabel(host.i18n, r.unit)), h('td', {}, r.aanname ? h('strong', {}, src) : src)));
    }
    table.append(body);
  };
  fill();
  // First the baseline's calibration targets against the current comparison, then the parameters.
  viewTargets(host, el);
  el.append(
    h('h2', {}, t('assumptions.title', { name: v.label })),
    sourceKey(host.i18n),
    h('p', {}, t('assumptions.count', { n: rows.length, a })),
    h('label', {}, h('input', { type: 'checkbox', id: 'only-aanname', checked: onlyAanname, onchange: (e: Event) => ((onlyAanname = (e.target as HTMLInputElement).checked), fill()) }), ' ', t('assumptions.filter')),
    table,
  );
}

/** The key to the source documents: what 000 to 004 are. */
export function sourceKey(t: I18n): HTMLElement {
  return h('details', { class: 'source-key', id: 'source-key' }, h('summary', {}, t.t('source.key')), h('p', {}, t.t('source.keyIntro')), h('ul', {}, ...DOCUMENTS.map((d) => h('li', {}, h('strong', {}, `${d} `), documentText(d, t)))));
}
