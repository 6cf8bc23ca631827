/**
 * A KPI per calendar year (issue 24.4): calendar years along the bottom, per scenario the mean
 * over the replications with its 95% confidence interval as a bar, joined by a line; the baseline
 * dashed. A switch of design is a vertical line on 1 January of its year, labelled in the colour
 * of the scenario that switches.
 */
import * as d3 from 'd3';
import { FONT, textWidth, titledLineChart, type ChartContext, type ScenarioStyle } from './common.js';

export interface YearsInput {
  style: ScenarioStyle;
  values: readonly { year: number; mean: number; ciLow: number; ciHigh: number; n: number }[];
}

export interface SwitchMark {
  year: number;
  label: string;
  color: string;
}

export function renderYears(container: HTMLElement, input: readonly YearsInput[], opts: { title: string; years: readonly number[]; switches: readonly SwitchMark[] }, ctx: ChartContext): SVGSVGElement {
  const big = ctx.large;
  const { svg, W, H, fs, legendH } = titledLineChart(container, 'years-chart', input.map((d) => d.style), opts.title, ctx.t('years.chart.note'), 440, ctx);
  // Room above the plot for the switch labels, one row each.
  const labelRows = opts.switches.length;
  const m = { t: fs * 2.6 + legendH + fs * 0.6 + labelRows * fs * 1.3, r: fs, b: fs * 3, l: fs * 4 };
  if (input.length === 0 || opts.years.length === 0) return svg.node()!;
  const first = opts.years[0]!;
  const last = opts.years[opts.years.length - 1]!;
  // A year is the interval [Y, Y + 1): its numbers stand in its middle, a switch on its 1 January.
  const x = d3.scaleLinear().domain([first, last + 1]).range([m.l, W - m.r]);
  const all = input.flatMap((d) => d.values.flatMap((v) => [v.mean, v.n > 1 ? v.ciLow : v.mean, v.n > 1 ? v.ciHigh : v.mean])).filter(Number.isFinite);
  const lo = Math.min(0, d3.min(all) ?? 0);
  const hi = Math.max(lo + 1e-9, (d3.max(all) ?? 1) * 1.08) || 1;
  const y = d3.scaleLinear().domain([lo, hi]).nice().range([H - m.b, m.t]);
  const fmt = (v: d3.NumberValue) => ctx.fmt(Number(v), Number.isInteger(Number(v)) ? 0 : undefined);
  const ya = svg.append('g').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(Math.max(2, Math.floor((H - m.b - m.t) / (fs * 2.5)))).tickFormat(fmt).tickSize(-(W - m.l - m.r)));
  ya.selectAll('line').attr('stroke', '#e3e3e3');
  ya.select('.domain').remove();
  ya.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('font-family', FONT);
  // Years along the bottom, written as years (no thousands separator).
  const xa = svg
    .append('g')
    .attr('class', 'x-axis')
    .attr('transform', `translate(0,${H - m.b})`)
    .call(
      d3
        .axisBottom(x)
        .tickValues(opts.years.map((yr) => yr + 0.5))
        .tickFormat((v) => String(Math.floor(Number(v))))
        .tickSize(0)
        .tickPadding(fs * 0.5),
    );
  xa.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('font-family', FONT);
  xa.selectAll('path').attr('stroke', '#888888');
  svg.append('text').attr('x', W - m.r).attr('y', H - fs * 0.3).attr('text-anchor', 'end').attr('fill', '#333333').text(ctx.t('years.chart.axis'));
  // The switches: one line per year, one label per scenario that switches.
  const switches = svg.append('g').attr('class', 'switches');
  [...new Set(opts.switches.map((s) => s.year))].forEach((yr) => {
    if (yr < first || yr > last) return;
    switches.append('line').attr('class', 'switch').attr('data-year', yr).attr('x1', x(yr)).attr('x2', x(yr)).attr('y1', m.t - labelRows * fs * 1.3).attr('y2', H - m.b).attr('stroke', '#333333').attr('stroke-width', big ? 2.5 : 1.5).attr('stroke-dasharray', '4 3');
  });
  opts.switches.forEach((s, i) => {
    if (s.year < first || s.year > last) return;
    const at = x(s.year);
    const right = at + fs * 0.4 + textWidth(s.label, fs) <= W - m.r;
    switches
      .append('text')
      .attr('class', 'switch-label')
      .attr('data-year', s.year)
      .attr('x', right ? at + fs * 0.4 : at - fs * 0.4)
      .attr('y', m.t - labelRows * fs * 1.3 + (i + 0.8) * fs * 1.3)
      .attr('text-anchor', right ? 'start' : 'end')
      .attr('fill', s.color)
      .attr('font-weight', 600)
      .text(s.label);
  });
  // Per scenario: the means joined by a line, and a bar for the interval; side by side within a year.
  const n = input.length;
  const dodge = Math.min(0.12, 0.6 / Math.max(1, n));
  const order = input.map((d, i) => ({ d, i })).sort((a, b) => Number(a.d.style.baseline) - Number(b.d.style.baseline));
  const cap = big ? fs * 0.4 : 4;
  for (const { d, i } of order) {
    const off = (i - (n - 1) / 2) * dodge;
    const pts = d.values.filter((v) => Number.isFinite(v.mean)).map((v) => ({ ...v, cx: x(v.year + 0.5 + off) }));
    const g = svg.append('g').attr('class', 'year-series').attr('data-scenario', d.style.id);
    g.append('path')
      .attr('d', d3.line<(typeof pts)[number]>().x((p) => p.cx).y((p) => y(p.mean))(pts) ?? '')
      .attr('fill', 'none')
      .attr('stroke', d.style.color)
      .attr('stroke-width', big ? 3 : 1.6)
      .attr('stroke-dasharray', d.style.baseline ? (big ? '10 6' : '6 4') : null);
    for (const p of pts) {
      const pg = g.append('g').attr('class', 'year-point').attr('data-year', p.year).attr('data-scenario', d.style.id).attr('data-mean', String(p.mean));
      if (p.n > 1 && Number.isFinite(p.ciLow) && Number.isFinite(p.ciHigh)) {
        pg.append('line').attr('x1', p.cx).attr('x2', p.cx).attr('y1', y(p.ciLow)).attr('y2', y(p.ciHigh)).attr('stroke', d.style.color).attr('stroke-width', big ? 3 : 1.5);
        for (const v of [p.ciLow, p.ciHigh]) pg.append('line').attr('x1', p.cx - cap).attr('x2', p.cx + cap).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', d.style.color).attr('stroke-width', big ? 3 : 1.5);
      }
      pg.append('circle').attr('cx', p.cx).attr('cy', y(p.mean)).attr('r', big ? fs * 0.3 : 3.5).attr('fill', d.style.baseline ? '#ffffff' : d.style.color).attr('stroke', d.style.color).attr('stroke-width', 1.5);
      const ci = p.n > 1 ? ` [${ctx.fmt(p.ciLow)}; ${ctx.fmt(p.ciHigh)}]` : '';
      pg.append('title').text(`${d.style.label}, ${p.year}: ${ctx.fmt(p.mean)}${ci}`);
    }
  }
  return svg.node()!;
}
