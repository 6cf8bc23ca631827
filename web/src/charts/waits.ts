/**
 * Waiting-time distributions: per scenario the share of casussen per half week of waiting (mean
 * over replications), each scenario's p50 and p90 (means over replications) marked on the time
 * axis, and, for the wait to the first conversation, the norm lines (within 14 days; contact
 * within 48 hours). The time to the right help has no norm, so none is drawn.
 */
import * as d3 from 'd3';
import { Csv } from '../../../src/experiment/results.js';
import { HIST_BIN_WEEKS } from '../../../src/model/outputs.js';
import { CSV_IDS, type Compared, type CsvWords } from '../data.js';
import { FONT, legendRows, PROJECTOR_FONT, textWidth, type ChartContext, type ScenarioStyle } from './common.js';

export function waitsCsv(c: Compared, which: 'wait_intake' | 'time_to_care', w: CsvWords = CSV_IDS): string {
  const csv = new Csv(w.dialect, ['scenario', 'measure', 'from_weeks', 'to_weeks', 'share'].map(w.col));
  c.manifest.points.forEach((p) => {
    c.waits[which][p.id]!.forEach((s, i, all) => csv.row([p.scenario, which, i * HIST_BIN_WEEKS, i === all.length - 1 ? null : (i + 1) * HIST_BIN_WEEKS, s]));
  });
  return csv.toString();
}

export function renderWaits(container: HTMLElement, c: Compared, styles: ScenarioStyle[], which: 'wait_intake' | 'time_to_care', ctx: ChartContext): SVGSVGElement {
  const big = ctx.large;
  const W = Math.max(320, Math.floor(ctx.width));
  const H = Math.floor(ctx.height ?? (big ? W * 0.5 : Math.min(400, W * 0.5)));
  const fs = big ? PROJECTOR_FONT : 12;
  const title = ctx.t(which === 'wait_intake' ? 'waits.title' : 'waits.title.care');
  const svg = d3.select(container).append('svg').attr('xmlns', 'http://www.w3.org/2000/svg').attr('class', 'waits-chart').attr('viewBox', `0 0 ${W} ${H}`).attr('width', W).attr('height', H).attr('role', 'img').attr('aria-label', title).attr('font-family', FONT).attr('font-size', fs);
  svg.append('rect').attr('width', W).attr('height', H).attr('fill', '#ffffff');
  svg.append('text').attr('x', 0).attr('y', fs * 1.15).attr('font-weight', 600).attr('font-size', fs * 1.15).attr('fill', '#1a1a1a').text(title);
  const legend = svg.append('g').attr('transform', `translate(0,${fs * 2.6})`);
  const legendH = legendRows(legend, styles.map((st) => ({ label: st.label, color: st.color, dashed: st.baseline })), W, fs, `● p50   ▲ p90`);
  const m = { t: fs * 2.6 + legendH + fs * 0.4, r: fs, b: fs * 3, l: fs * 3.2 };
  const shares = c.waits[which];
  if (shares.every((s) => s.length === 0)) return svg.node()!;
  const p90Key = which === 'wait_intake' ? 'wait_intake_p90_weeks' : 'time_to_care_p90_weeks';
  const p50Key = which === 'wait_intake' ? 'wait_intake_p50_weeks' : 'time_to_care_p50_weeks';
  const p90s = c.sums.map((s) => s.kpis[p90Key]?.mean ?? 0);
  // Show up to a little past the largest p90 (the last bin holds everything beyond the range).
  const xMax = Math.min((shares[0]!.length - 1) * HIST_BIN_WEEKS, Math.max(4, Math.ceil((Math.max(...p90s) * 1.4) / 2) * 2));
  const bins = Math.round(xMax / HIST_BIN_WEEKS);
  const yMax = Math.max(0.01, ...shares.flatMap((s) => s.slice(0, bins))) * 1.1;
  const x = d3.scaleLinear().domain([0, xMax]).range([m.l, W - m.r]);
  const y = d3.scaleLinear().domain([0, yMax]).nice().range([H - m.b, m.t]);
  const pct = (v: d3.NumberValue) => `${ctx.fmt(Number(v) * 100, 0)}%`;
  const ya = svg.append('g').attr('transform', `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(Math.max(2, Math.floor((H - m.b - m.t) / (fs * 2.5)))).tickFormat(pct).tickSize(-(W - m.l - m.r)));
  ya.selectAll('line').attr('stroke', '#e3e3e3');
  ya.select('.domain').remove();
  ya.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('font-family', FONT);
  const xa = svg.append('g').attr('transform', `translate(0,${H - m.b})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor((W - m.l - m.r) / (fs * 3)))).tickFormat((v) => ctx.fmt(Number(v), 0)));
  xa.selectAll('text').attr('font-size', fs).attr('fill', '#333333').attr('font-family', FONT);
  xa.selectAll('line,path').attr('stroke', '#888888');
  // The first time label starts at the axis, clear of the lowest value label left of it.
  xa.select('.tick text').attr('text-anchor', 'start');
  svg.append('text').attr('x', W - m.r).attr('y', H - fs * 0.3).attr('text-anchor', 'end').attr('fill', '#333333').text(ctx.t('waits.weeks'));
  // Norm lines, for the first conversation only; their labels stack from the top of the plot.
  if (which === 'wait_intake') {
    const norms = [
      { at: 14 / 7, label: ctx.t('waits.norm14') },
      { at: 2 / 7, label: ctx.t('waits.norm48') },
    ];
    norms.forEach((n, i) => {
      svg.append('line').attr('x1', x(n.at)).attr('x2', x(n.at)).attr('y1', m.t).attr('y2', H - m.b).attr('stroke', '#000000').attr('stroke-width', big ? 2.5 : 1.5).attr('stroke-dasharray', i === 0 ? null : '2 3');
      const right = x(n.at) + 4 + textWidth(n.label, fs) < W;
      svg
        .append('text')
        .attr('x', right ? x(n.at) + 4 : x(n.at) - 4)
        .attr('text-anchor', right ? 'start' : 'end')
        .attr('y', m.t + fs * 1.2 * (i + 1))
        .attr('fill', '#000000')
        // A white halo: the other norm line and the step lines run through the labels.
        .attr('stroke', '#ffffff')
        .attr('stroke-width', 4)
        .attr('stroke-linejoin', 'round')
        .attr('paint-order', 'stroke')
        .text(n.label);
    });
  }
  // Distributions (step lines), baseline dashed; p50 and p90 on the time axis, one row per scenario.
  const mark = big ? 140 : 50;
  shares.forEach((s, p) => {
    const st = styles[p];
    if (!st || s.length === 0) return;
    const pts: [number, number][] = [];
    for (let i = 0; i < bins; i++) pts.push([x(i * HIST_BIN_WEEKS), y(s[i]!)], [x((i + 1) * HIST_BIN_WEEKS), y(s[i]!)]);
    svg.append('path').attr('d', d3.line()(pts) ?? '').attr('fill', 'none').attr('stroke', st.color).attr('stroke-width', big ? 4 : 2).attr('stroke-dasharray', st.baseline ? '6 4' : null).append('title').text(st.label);
    const q = [
      { v: c.sums[p]?.kpis[p50Key]?.mean, name: 'p50' },
      { v: c.sums[p]?.kpis[p90Key]?.mean, name: 'p90' },
    ];
    q.forEach((qq) => {
      if (qq.v === undefined || !Number.isFinite(qq.v) || qq.v > xMax) return;
      const yy = H - m.b - (big ? 10 : 6) - p * (big ? 14 : 9);
      svg.append('path').attr('class', 'marker').attr('d', d3.symbol(qq.name === 'p50' ? d3.symbolCircle : d3.symbolTriangle, mark)()).attr('transform', `translate(${x(qq.v)},${yy})`).attr('fill', st.color).attr('stroke', '#ffffff').attr('stroke-width', 1).append('title').text(`${st.label}: ${qq.name} ${ctx.fmt(qq.v)} ${ctx.t('waits.weeks')}`);
    });
  });
  return svg.node()!;
}
