/** The "over time" tab: one time series (in the chain, a queue, a caseload) per scenario with bands. */
import { seriesLabel } from '../../../src/experiment/kpis.js';
import { WEEKS_PER_YEAR } from '../../../src/scenario/param.js';
import { renderSeries } from '../charts/timeseries.js';
import { seriesCsv } from '../data.js';
import { h } from '../dom.js';
import type { Host } from '../app/host.js';
import { commonStartYear } from '../years.js';
import { chartBox, csvWords, fileName, waiting } from './chart-box.js';
import { switchMarks } from './years-view.js';

export function seriesNames(host: Host): string[] {
  const c = host.comparison;
  return c ? [...new Set(c.bands.map((b) => b.series))] : [];
}

export function drawSeries(host: Host, box: HTMLElement, name: string, width: number, large: boolean): SVGSVGElement | null {
  const c = host.comparison;
  if (!c) return null;
  const input = host.views.map((v, i) => ({ style: v.style, band: c.bands.find((b) => b.point === i && b.series === name)! })).filter((x) => x.band);
  // Scenarios with one calendar: the axis in calendar years, each switch of design on its date.
  const startYear = commonStartYear(host.views.map((v) => v.scenario));
  const calendar = startYear === undefined ? undefined : { startYear, switches: switchMarks(host).map((x) => ({ atWeeks: x.s.atWeeks, label: x.label, color: x.color })) };
  return renderSeries(box, input, { title: seriesLabel(name, host.state.lang), warmupWeeks: host.state.settings.warmupYears * WEEKS_PER_YEAR, ...(calendar ? { calendar } : {}) }, host.ctx(width, large));
}

export function viewTime(host: Host, el: HTMLElement, width: number): void {
  const names = seriesNames(host);
  if (names.length === 0) return waiting(el, host.statusText);
  const series = names.includes(host.state.series) ? host.state.series : 'in_system';
  el.append(
    h(
      'label',
      { class: 'picker' },
      host.i18n.t('chart.choose'),
      ' ',
      h('select', { id: 'series-select', onchange: (e: Event) => host.set({ series: (e.target as HTMLSelectElement).value }, false) }, ...names.map((n) => h('option', { value: n, selected: n === series }, seriesLabel(n, host.state.lang)))),
    ),
  );
  chartBox(el, `reeks-${series}`, host, (box) => drawSeries(host, box, series, width - 20, false), () => seriesCsv(host.comparison!, series, csvWords(host.i18n)), fileName(host.i18n, 'series', series), { chart: 'series', title: seriesLabel(series, host.state.lang) });
}
