/** The table tab: every headline KPI, mean [95% CI] per scenario and the paired difference with the baseline. */
import { HEADLINE_KPIS } from '../../../src/experiment/kpis.js';
import { downloadCsv } from '../charts/export.js';
import { tableCsv } from '../data.js';
import { h } from '../dom.js';
import { digitsFor } from '../i18n/index.js';
import type { Host } from '../app/host.js';
import { csvWords, waiting, withChanges } from './chart-box.js';
import { changedSuffix } from '../app/changes.js';
import { drawPolicies, staffKpis } from './fair-view.js';
import { kpiInfo } from './info.js';
import { bandRange, bandsFor, bandsLegend } from '../bands.js';

/** A KPI table: mean [95% CI] per scenario and the paired difference with the baseline. */
export function drawTable(host: Host, el: HTMLElement, kpis: readonly string[] = HEADLINE_KPIS, id = 'kpi-table', caption = host.i18n.t('table.note')): void {
  const c = host.comparison;
  const t = host.i18n;
  if (!c) return waiting(el, host.statusText);
  const table = h('table', { class: 'kpis', id });
  table.append(h('caption', {}, caption));
  table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.t('table.kpi')), ...host.views.map((v) => h('th', { scope: 'col' }, v.label)))));
  const body = h('tbody');
  const bands = bandsFor(host.state, host.views);
  for (const kpi of kpis) {
    const unit = t.unit(kpi);
    const tr = h('tr', { 'data-kpi': kpi }, h('th', { scope: 'row' }, `${t.kpi(kpi)}${unit ? ` (${unit})` : ''}`, ' ', kpiInfo(t, kpi)));
    c.sums.forEach((s, i) => {
      const v = s.kpis[kpi];
      const d = s.differences?.[kpi];
      const td = h('td', { 'data-scenario': host.views[i]!.scenario.name, 'data-mean': v ? String(v.mean) : '' });
      if (v && v.n > 0) {
        const dd = digitsFor(v.mean);
        td.append(h('span', { class: 'mean' }, t.fmt(v.mean, dd)));
        if (v.n > 1) td.append(' ', h('span', { class: 'ci', title: t.t('bands.ci.title') }, `[${t.fmt(v.ciLow, dd)}; ${t.fmt(v.ciHigh, dd)}]`));
        const b = bands.bands[i]?.[kpi];
        if (b) td.append(bandRange(t, bands, b, dd, 'div'));
        if (d && d.n > 1) {
          const sig = d.ciLow > 0 || d.ciHigh < 0;
          td.append(h('div', { class: `d${sig ? ' sig' : ''}` }, `Δ ${t.signed(d.mean, dd)} [${t.fmt(d.ciLow, dd)}; ${t.fmt(d.ciHigh, dd)}]`));
        }
      } else td.append('–');
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(body);
  el.append(table);
  // Two kinds of uncertainty (issue 22.3), once, under the headline KPIs.
  const legend = id === 'kpi-table' ? bandsLegend(t, bands) : null;
  if (legend) el.append(legend);
}

/** The table tab: the headline KPIs; staff, money and utilisation; the policies in which the scenarios differ. */
export function viewTable(host: Host, el: HTMLElement): void {
  drawTable(host, el);
  const c = host.comparison;
  if (!c) return;
  const t = host.i18n;
  const staff = staffKpis(c);
  el.append(h('div', { class: 'export' }, h('button', { type: 'button', 'data-export': 'csv', id: 'table-csv', onclick: () => downloadCsv(withChanges(tableCsv(c, [...HEADLINE_KPIS, ...staff], csvWords(t), bandsFor(host.state, host.views).bands), host), `${t.t('file.table')}${changedSuffix(host.changes, t)}`) }, t.t('export.csv'))));
  el.append(h('h3', {}, t.t('staff.title')));
  drawTable(host, el, staff, 'staff-table', t.t('staff.note'));
  drawPolicies(el, host.views, t);
}
