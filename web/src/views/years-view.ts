/**
 * The years tab (issue 24.4): for scenarios with a calendar (simulation.start_year), a KPI per
 * calendar year with its 95% CI per scenario, the switch of design marked, and a table of the
 * same numbers. Without a calendar it says how to get one, and offers the shipped scenarios that
 * have one.
 */
import { renderYears } from '../charts/years.js';
import { h } from '../dom.js';
import { digitsFor, type I18n } from '../i18n/index.js';
import type { Host } from '../app/host.js';
import { calendarFiles, DEFAULT_YEAR_KPI, hasCalendar, switchesOf, yearsCsv, yearSeries, yearsOf, YEAR_KPIS, type DesignSwitch, type YearKpi } from '../years.js';
import { WEEKS_PER_YEAR } from '../../../src/scenario/param.js';
import { chartBox, csvWords, fileName, waiting } from './chart-box.js';

/** The year KPI shown (kept across redraws). */
let chosen: YearKpi = DEFAULT_YEAR_KPI;

/** A switch as people read it: "overgang naar brede basisteams, 2027". */
export function switchLabel(t: I18n, s: Pick<DesignSwitch, 'to' | 'year'>): string {
  return t.t('years.switch', { design: t.t(`design.${s.to}`), year: String(s.year) });
}

export function yearKpiLabel(t: I18n, kpi: string): string {
  return t.t(`years.kpi.${kpi}`);
}

/** The switches of the scenarios shown, each with the colour of its scenario. */
export function switchMarks(host: Host): { s: DesignSwitch; label: string; color: string }[] {
  return switchesOf(
    host.views.map((v) => v.scenario),
    host.state.settings.warmupYears * WEEKS_PER_YEAR,
  ).map((s) => ({ s, label: switchLabel(host.i18n, s), color: host.views[s.point]!.style.color }));
}

export function drawYears(host: Host, box: HTMLElement, kpi: YearKpi, width: number, large: boolean): SVGSVGElement | null {
  const c = host.comparison;
  if (!c) return null;
  const series = yearSeries(c, kpi);
  const input = host.views.map((v, i) => ({ style: v.style, values: series[i]?.values ?? [] }));
  const switches = switchMarks(host).map((x) => ({ year: x.s.year, label: x.label, color: x.color }));
  return renderYears(box, input, { title: yearKpiLabel(host.i18n, kpi), years: yearsOf(c), switches }, host.ctx(width, large));
}

/** Without a calendar: what the view needs, and a button that loads the shipped scenarios with one. */
function noCalendar(host: Host, el: HTMLElement): void {
  const t = host.i18n.t;
  const files = calendarFiles();
  el.append(
    h(
      'div',
      { class: 'years-empty', id: 'years-empty' },
      h('p', {}, t('years.none')),
      h('p', {}, t('years.how')),
      files.length > 0 ? h('button', { type: 'button', id: 'years-load', onclick: () => host.set({ slots: files.map((file) => ({ file, overrides: {} })), active: 0 }) }, t('years.load', { n: files.length })) : null,
    ),
  );
}

/** The same numbers as the chart: per year and scenario mean [95% CI], and the difference with the reference. */
function yearTable(host: Host, el: HTMLElement, kpi: YearKpi): void {
  const c = host.comparison!;
  const t = host.i18n;
  const series = yearSeries(c, kpi);
  const table = h('table', { class: 'kpis years', id: 'years-table' });
  table.append(h('caption', {}, t.t('years.table.caption', { kpi: yearKpiLabel(t, kpi) })));
  table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.t('years.table.year')), ...host.views.map((v) => h('th', { scope: 'col' }, v.label)))));
  const body = h('tbody');
  const switched = new Set(switchMarks(host).map((x) => x.s.year));
  for (const year of yearsOf(c)) {
    const tr = h('tr', { 'data-year': String(year), class: switched.has(year) ? 'switch-year' : null }, h('th', { scope: 'row' }, String(year)));
    host.views.forEach((v, i) => {
      const x = series[i]?.values.find((w) => w.year === year);
      const td = h('td', { 'data-scenario': v.scenario.name, 'data-mean': x ? String(x.mean) : '' });
      if (x) {
        const dd = digitsFor(x.mean);
        td.append(h('span', { class: 'mean' }, t.fmt(x.mean, dd)));
        if (x.n > 1) td.append(' ', h('span', { class: 'ci' }, `[${t.fmt(x.ciLow, dd)}; ${t.fmt(x.ciHigh, dd)}]`));
        if (x.diff && x.diff.n > 1) {
          const sig = x.diff.ciLow > 0 || x.diff.ciHigh < 0;
          td.append(h('div', { class: `d${sig ? ' sig' : ''}` }, `Δ ${t.signed(x.diff.mean, dd)} [${t.fmt(x.diff.ciLow, dd)}; ${t.fmt(x.diff.ciHigh, dd)}]`));
        }
      } else td.append('–');
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(body);
  el.append(table);
}

export function viewYears(host: Host, el: HTMLElement, width: number): void {
  const t = host.i18n;
  if (!hasCalendar(host.views.map((v) => v.scenario))) return noCalendar(host, el);
  const c = host.comparison;
  if (!c) return waiting(el, host.statusText);
  if (yearsOf(c).length === 0) {
    el.append(h('p', { class: 'years-empty', id: 'years-empty' }, t.t('years.noWholeYear')));
    return;
  }
  const kpi = chosen;
  el.append(
    h(
      'label',
      { class: 'picker' },
      t.t('years.choose'),
      ' ',
      h(
        'select',
        {
          id: 'year-kpi-select',
          onchange: (e: Event) => {
            chosen = (e.target as HTMLSelectElement).value as YearKpi;
            host.scheduleRender();
          },
        },
        ...YEAR_KPIS.map((k) => h('option', { value: k, selected: k === kpi }, yearKpiLabel(t, k))),
      ),
    ),
  );
  const title = yearKpiLabel(t, kpi);
  chartBox(el, `jaren-${kpi}`, host, (box) => drawYears(host, box, kpi, width - 20, false), () => yearsCsv(c, kpi, csvWords(t)), fileName(t, 'years', kpi), { chart: 'years', title });
  const marks = switchMarks(host);
  if (marks.length > 0) el.append(h('ul', { class: 'switches', id: 'years-switches' }, ...marks.map((x) => h('li', {}, t.t('years.switch.detail', { scenario: host.views[x.s.point]!.label, from: t.t(`design.${x.s.from}`), to: t.t(`design.${x.s.to}`), year: String(x.s.year), learn: t.fmt(x.s.learningYears, 1) })))));
  el.append(h('p', { class: 'note' }, t.t('years.note')));
  yearTable(host, el, kpi);
}
