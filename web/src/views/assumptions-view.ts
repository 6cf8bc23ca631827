/** The assumptions tab: every parameter of the active scenario with its value, unit and source. */
import { scenarioParameters } from '../../../src/experiment/results.js';
import { clear, h } from '../dom.js';
import { unitLabel } from '../i18n/index.js';
import type { Host } from '../app/host.js';

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
      body.append(h('tr', { class: r.aanname ? 'aanname' : '' }, h('td', {}, h('code', {}, r.path)), h('td', { class: 'n' }, host.i18n.fmt(r.value, Number.isInteger(r.value) ? 0 : undefined)), h('td', {}, unitLabel(host.i18n, r.unit)), h('td', {}, r.aanname ? h('strong', {}, r.source) : r.source)));
    }
    table.append(body);
  };
  fill();
  el.append(
    h('h2', {}, t('assumptions.title', { name: v.label })),
    h('p', {}, t('assumptions.count', { n: rows.length, a })),
    h('label', {}, h('input', { type: 'checkbox', id: 'only-aanname', checked: onlyAanname, onchange: (e: Event) => ((onlyAanname = (e.target as HTMLInputElement).checked), fill()) }), ' ', t('assumptions.filter')),
    table,
  );
}
