/**
 * Drawing the flow diagram with D3: the current scenario's bands, the baseline's as dashed
 * outlines, the loop, node labels, tooltips and keyboard access. Styles are SVG attributes only
 * (no style attributes, no stylesheet): the app exports charts as standalone SVG/PNG and its
 * Content-Security-Policy forbids inline style attributes.
 */
import { pointer, select } from 'd3';
import { PALETTE, PROJECTOR_FONT, textWidth, type ChartContext } from '../common.js';
import { rescaleSegments, ribbonPath } from './geometry.js';
import { flowLayout } from './layout.js';
import { hash01 } from './paths.js';
import { LOOP_ID, nodeKind, type FlowData, type FlowLayout, type FlowLayoutLink, type FlowLink, type FlowNodeKind } from './types.js';

/** What renderFlow leaves for animateFlow. */
export interface Drawn {
  layout: FlowLayout;
  links: FlowLink[];
  ctx: ChartContext;
  fontSize: number;
  overlay: SVGGElement;
  loopColor: string;
  dotColor: string;
  /** Drawn at its pixel size for a slide: the animation's legend is the slide's caption there. */
  exact: boolean;
}
export const drawn = new WeakMap<SVGSVGElement, Drawn>();

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

/** A node's name for people; `short`: the projector's short form where the locale has one. */
export function flowNodeLabel(id: string, ctx: ChartContext, short = false): string {
  const shortKey = `flow.short.${id}`;
  if (short && ctx.t(shortKey) !== shortKey) return ctx.t(shortKey);
  const key = `flow.node.${id}`;
  const s = ctx.t(key);
  if (s !== key) return s;
  const rest = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
  return rest.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Worth an outline: more than 10% and more than 2% of the largest band apart. */
function differs(cur: number, base: number, largest: number): boolean {
  const d = Math.abs(cur - base);
  return d > 0.1 * Math.max(cur, base) && d > 0.02 * largest;
}

function pickLoopColor(used: string[]): string {
  const prefs = ['#D55E00', '#CC79A7', '#E69F00', '#009E73', ...PALETTE];
  const u = new Set(used.map((c) => c.toLowerCase()));
  return prefs.find((c) => !u.has(c.toLowerCase())) ?? '#D55E00';
}

/**
 * Draw the flow diagram of the current scenario into `container` (appends one <svg>), with the
 * baseline's band widths as dashed outlines. Returns the svg (for export and for animateFlow).
 */
export function renderFlow(
  container: HTMLElement,
  data: FlowData,
  ctx: ChartContext,
): SVGSVGElement {
  const L = ctx.large;
  // On a slide (a height given): drawn at its pixel size with projector-sized text; otherwise
  // laid out at least 880 wide (narrower, the outer labels were cut off and the middle ones ran
  // into each other at a 1024-pixel screen) and scaled down with its viewBox, text included.
  const exact = L && ctx.height !== undefined;
  const fs = L ? PROJECTOR_FONT : 12.5;
  const width = exact ? Math.floor(ctx.width) : Math.max(L ? 1400 : 880, ctx.width);
  const nodeWidth = L ? 18 : 12;
  const pad = Math.round(fs * 1.45);
  const cur = data.current;
  const base = data.baseline;
  const per = (n: number) => ctx.t('flow.perYearShort', { n: Math.round(n) });
  const label = (id: string) => flowNodeLabel(id, ctx);
  // On a projector the outer columns show their names only (the numbers are in the tooltips).
  const shown = (id: string) => (exact && (nodeKind(id) === 'vindplaats' || nodeKind(id) === 'exit') ? flowNodeLabel(id, ctx, true) : label(id));

  // Margins from the widest labels of the outer columns (labels sit outside the bars), measured.
  const ids = new Set([...cur.links, ...(base?.links ?? [])].filter((l) => l.perYear > 0).flatMap((l) => [l.from, l.to]));
  const outer = (kind: FlowNodeKind) => Math.max(fs * 4, ...[...ids].filter((id) => nodeKind(id) === kind || (kind === 'exit' && id === LOOP_ID)).map((id) => textWidth(`${shown(id)}${exact ? '' : `  ${ctx.fmt(99999, 0)}${base ? ' (+9.999)' : ''}`}`, fs, 600)));
  const left = Math.min(width * (exact ? 0.3 : 0.22), outer('vindplaats') + fs);
  let right = Math.min(width * (exact ? 0.3 : 0.25), outer('exit') + fs);
  // The comparison legend: two entries on one line, or on two when they do not fit the width.
  const legendTexts = base ? [ctx.t('flow.legend.current', { scenario: cur.style.label }), ctx.t('flow.legend.baseline', { scenario: base.style.label })] : [];
  const legendTwoRows = base !== undefined && left + fs * 6 + textWidth(legendTexts[0]! + legendTexts[1]!, fs) > width - fs;
  const legendH = base ? fs * (legendTwoRows ? 3.4 : 2.2) : fs * 0.6;
  const height = exact ? Math.floor(ctx.height!) : Math.round(Math.max(L ? 620 : 440, width * (L ? 0.6 : 0.56)));
  const mk = () =>
    flowLayout(cur.links, {
      width,
      height,
      nodeWidth,
      nodePadding: pad,
      columnGaps: [1.2, 0.6, 1.2],
      margin: { top: legendH + fs * 1.8, right, bottom: fs * 0.5, left },
      ...(base ? { compare: base.links } : {}),
    });
  let lay = mk();
  const loopW = lay.loops[0]?.width ?? 0;
  if (loopW + pad + 8 > right) {
    right = Math.min(width * 0.3, loopW + pad + 8);
    lay = mk();
  }

  const loopColor = pickLoopColor([cur.style.color, base?.style.color ?? '']);
  const bandColor = cur.style.color;
  const baseColor = base?.style.color ?? '#000000';
  const ink = '#222222';
  const sw = L ? 2.5 : 1.3;

  const svg = select(container)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', lay.width)
    .attr('height', lay.height)
    .attr('viewBox', `0 0 ${lay.width} ${lay.height}`)
    .attr('role', 'img')
    .attr('font-family', FONT)
    .attr('font-size', fs)
    .attr('class', 'flow-chart');
  const uid = `flow${Math.floor(hash01(cur.style.id + (base?.style.id ?? '') + String(Date.now()) + Math.random()) * 1e9)}`;

  // Qualify labels that two nodes share (the GP as vindplaats and as route) in tooltips.
  const byLabel = new Map<string, number>();
  for (const id of ids) byLabel.set(label(id), (byLabel.get(label(id)) ?? 0) + 1);
  const qlabel = (id: string) => {
    const k = nodeKind(id);
    return (byLabel.get(label(id)) ?? 0) > 1 && k !== 'other' && k !== 'mdo' ? `${label(id)} (${ctx.t(`flow.col.${k}`).toLowerCase()})` : label(id);
  };
  // Accessible title and summary.
  const biggest = [...lay.links]
    .sort((a, b) => b.perYear - a.perYear)
    .slice(0, 4)
    .map((l) => `${qlabel(l.from)} → ${qlabel(l.to)} (${per(l.perYear)})`)
    .join('; ');
  const loop = lay.loops[0];
  let summary = ctx.t('flow.aria', { scenario: cur.style.label, flows: biggest, loop: Math.round(loop?.perYear ?? 0) });
  if (base) summary += ' ' + ctx.t('flow.aria.baseline', { scenario: base.style.label });
  svg.append('title').attr('id', `${uid}-t`).text(ctx.t('flow.title') + ' – ' + cur.style.label);
  svg.append('desc').attr('id', `${uid}-d`).text(summary);
  svg.attr('aria-labelledby', `${uid}-t ${uid}-d`);
  svg.append('rect').attr('width', lay.width).attr('height', lay.height).attr('fill', '#ffffff');

  // Legend and column headings.
  const top = svg.append('g').attr('fill', ink);
  if (base) {
    const lg = top.append('g').attr('transform', `translate(${legendTwoRows ? fs * 0.5 : left},${fs * 1.3})`);
    lg.append('rect').attr('width', fs * 2).attr('height', fs * 0.8).attr('y', -fs * 0.7).attr('fill', bandColor).attr('fill-opacity', 0.45);
    const [t1, t2] = legendTexts as [string, string];
    lg.append('text').attr('x', fs * 2.5).text(t1);
    const x2 = legendTwoRows ? 0 : fs * 3.5 + textWidth(t1, fs);
    const y2 = legendTwoRows ? fs * 1.25 : 0;
    lg.append('rect').attr('x', x2).attr('width', fs * 2).attr('height', fs * 0.8).attr('y', y2 - fs * 0.7).attr('fill', 'none').attr('stroke', baseColor).attr('stroke-width', sw).attr('stroke-dasharray', L ? '6 4' : '4 3');
    lg.append('text').attr('x', x2 + fs * 2.5).attr('y', y2).text(t2);
  }
  const heads: [number, string][] = [
    [0, 'flow.col.vindplaats'],
    [1, 'flow.col.route'],
    [2, 'flow.col.care'],
    [3, 'flow.col.exit'],
  ];
  for (const [c, key] of heads) {
    const col = lay.columns[c]!;
    const anchor = c === 0 ? 'end' : c === 3 ? 'start' : 'middle';
    const x = c === 0 ? col.x1 : c === 3 ? col.x0 : (col.x0 + col.x1) / 2;
    top.append('text').attr('x', x).attr('y', legendH + fs * 0.9).attr('text-anchor', anchor).attr('font-weight', 700).attr('fill', '#555555').text(ctx.t(key));
  }

  // Bands.
  const gBands = svg.append('g').attr('class', 'flow-bands');
  const tip = (l: { from: string; to: string; perYear: number; comparePerYear?: number }) => {
    const lines = [ctx.t('flow.tooltip.link', { from: qlabel(l.from), to: qlabel(l.to) }), ctx.t('flow.tooltip.current', { scenario: cur.style.label, n: Math.round(l.perYear) })];
    if (base) lines.push(ctx.t('flow.tooltip.baseline', { scenario: base.style.label, n: Math.round(l.comparePerYear ?? 0) }));
    return lines;
  };
  const bandSel = gBands
    .selectAll<SVGPathElement, FlowLayoutLink>('path')
    .data([...lay.links, ...(loop?.inputs ?? [])])
    .join('path')
    .attr('d', (d) => d.path)
    .attr('fill', (d) => (d.to === LOOP_ID ? loopColor : bandColor))
    .attr('fill-opacity', (d) => (d.backward ? 0.2 : d.to === LOOP_ID ? 0.4 : 0.32))
    .attr('stroke', 'none')
    .attr('tabindex', 0)
    .attr('focusable', 'true')
    .attr('aria-label', (d) => tip(d).join('. '));
  bandSel.append('title').text((d) => tip(d).join('\n'));

  // Baseline outlines (dashed): each band's baseline width on the same centre line.
  if (base) {
    const gBase = svg.append('g').attr('class', 'flow-baseline').attr('fill', 'none').attr('stroke', baseColor).attr('stroke-width', L ? 2.2 : 1.3).attr('stroke-dasharray', L ? '6 4' : '4 3').attr('stroke-opacity', 0.85).attr('pointer-events', 'none');
    const maxW = Math.max(1, ...lay.links.map((l) => l.width));
    for (const l of [...lay.links, ...(loop?.inputs ?? [])]) {
      if (!(l.compareWidth! > 0) || !differs(l.perYear, l.comparePerYear ?? 0, maxW / lay.scale)) continue;
      gBase.append('path').attr('d', ribbonPath(rescaleSegments(l.segments, l.compareWidth!)));
    }
    if (loop?.comparePath) gBase.append('path').attr('d', loop.comparePath);
  }

  // The loop: collector bar and the return arc.
  if (loop) {
    const gl = svg.append('g').attr('class', 'flow-loop');
    const arc = gl.append('path').attr('d', loop.path).attr('fill', loopColor).attr('fill-opacity', 0.35).attr('stroke', loopColor).attr('stroke-width', sw).attr('tabindex', 0);
    const ltip = [ctx.t('flow.loop.labelShort', { n: Math.round(loop.perYear) }), ...loop.inputs.map((i) => `${label(i.from)}: ${per(i.perYear)}`)];
    if (base) ltip.push(`${base.style.label}: ${per(loop.comparePerYear ?? 0)}`);
    arc.attr('aria-label', ltip.join('. ')).append('title').text(ltip.join('\n'));
    const c = loop.collector;
    gl.append('rect').attr('x', c.x0).attr('y', c.y0).attr('width', c.x1 - c.x0).attr('height', Math.max(1, c.y1 - c.y0)).attr('fill', loopColor);
    const inside = loop.width >= fs * 1.5;
    // The longest wording that fits the drawing: with the baseline's number, then shorter.
    const n = Math.round(loop.perYear);
    const withBase = (s: string) => (base ? `${s} ${ctx.t('flow.loop.baseline', { n: Math.round(loop.comparePerYear ?? 0) })}` : s);
    const variants = [withBase(ctx.t(width < 760 && !L ? 'flow.loop.labelShort' : 'flow.loop.label', { n })), withBase(ctx.t('flow.loop.labelShort', { n })), ctx.t('flow.loop.labelShort', { n })];
    const txt = variants.find((v) => textWidth(v, fs, 700) < width - fs) ?? variants[variants.length - 1]!;
    gl.append('text')
      .attr('x', loop.labelAt.x)
      .attr('y', inside ? loop.labelAt.y : loop.labelAt.y + loop.width / 2 + fs * 1.1)
      .attr('dy', inside ? '0.35em' : 0)
      .attr('text-anchor', 'middle')
      .attr('font-weight', 700)
      .attr('fill', inside ? '#000000' : loopColor)
      .attr('stroke', '#ffffff')
      .attr('stroke-width', inside ? 0 : L ? 5 : 3)
      .attr('paint-order', 'stroke')
      .text(txt);
  }

  // Nodes.
  const gNodes = svg.append('g').attr('class', 'flow-nodes');
  const maxNode = Math.max(1, ...lay.nodes.map((n) => n.value));
  for (const n of lay.nodes) {
    const g = gNodes.append('g').attr('tabindex', 0);
    const h = Math.max(1, n.y1 - n.y0);
    g.append('rect').attr('x', n.x0).attr('y', n.y0).attr('width', n.x1 - n.x0).attr('height', h).attr('fill', n.kind === 'mdo' ? '#555555' : ink);
    if (base && n.compareValue !== undefined && n.compareValue > 0 && differs(n.value, n.compareValue, 0)) {
      const ch = n.compareValue * lay.scale;
      const cy = (n.y0 + n.y1) / 2 - ch / 2;
      g.append('rect').attr('x', n.x0 - 3).attr('y', cy).attr('width', n.x1 - n.x0 + 6).attr('height', ch).attr('fill', 'none').attr('stroke', baseColor).attr('stroke-width', L ? 1.8 : 1).attr('stroke-dasharray', L ? '6 4' : '4 3');
    }
    const lines = [ctx.t('flow.tooltip.node', { node: label(n.id), n: Math.round(n.value) })];
    if (base) lines.push(`${base.style.label}: ${per(n.compareValue ?? 0)}`);
    g.attr('aria-label', lines.join('. ')).append('title').text(lines.join('\n'));
    const leftSide = n.column <= 1;
    const above = n.kind === 'mdo';
    const x = above ? (n.x0 + n.x1) / 2 : leftSide ? n.x0 - fs * 0.4 : n.x1 + fs * 0.4;
    let t = exact && (n.column === 0 || n.column === 3) ? shown(n.id) : `${label(n.id)}  ${ctx.fmt(Math.round(n.value), 0)}`;
    if (base && n.compareValue !== undefined && !(exact && (n.column === 0 || n.column === 3))) {
      const d = Math.round(n.value - n.compareValue);
      if (d !== 0 && differs(n.value, n.compareValue, maxNode * 0.5)) t += ` (${d > 0 ? '+' : '−'}${ctx.fmt(Math.abs(d), 0)})`;
    }
    g.append('text')
      .attr('class', 'node-label')
      .attr('data-value', n.value)
      .attr('x', x)
      .attr('y', above ? n.y0 - fs * 0.35 : (n.y0 + n.y1) / 2)
      .attr('dy', above ? 0 : '0.35em')
      .attr('text-anchor', above ? 'middle' : leftSide ? 'end' : 'start')
      .attr('fill', ink)
      .attr('stroke', '#ffffff')
      .attr('stroke-width', L ? 5 : 3.5)
      .attr('stroke-linejoin', 'round')
      .attr('paint-order', 'stroke')
      .attr('font-weight', n.column === 0 || n.column === 3 ? 400 : 600)
      .text(t);
  }
  if (loop) {
    const c = loop.collector;
    gNodes
      .append('text')
      .attr('x', c.x1 + fs * 0.4)
      .attr('y', (c.y0 + c.y1) / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'start')
      .attr('fill', ink)
      .attr('stroke', '#ffffff')
      .attr('stroke-width', L ? 5 : 3.5)
      .attr('paint-order', 'stroke')
      .attr('font-weight', 600)
      .text(exact ? label(LOOP_ID) : `${label(LOOP_ID)}  ${ctx.fmt(Math.round(loop.perYear), 0)}`);
  }

  declutter(svg.node()!, lay.width, lay.height);

  // Tooltip (in the svg, attributes only): shown on hover and on keyboard focus of a band.
  const tipG = svg.append('g').attr('class', 'flow-tooltip').attr('visibility', 'hidden').attr('pointer-events', 'none');
  const tipRect = tipG.append('rect').attr('fill', '#ffffff').attr('stroke', '#333333').attr('stroke-width', 1).attr('rx', 4);
  const tipText = tipG.append('text').attr('fill', ink);
  const showTip = (lines: string[], x: number, y: number) => {
    tipText.selectAll('tspan').data(lines).join('tspan').attr('x', fs * 0.6).attr('dy', (_, i) => (i === 0 ? fs * 1.2 : fs * 1.25)).attr('font-weight', (_, i) => (i === 0 ? 700 : 400)).text((d) => d);
    const w = Math.max(...lines.map((l, i) => textWidth(l, fs, i === 0 ? 700 : 400))) + fs * 1.2;
    const h = lines.length * fs * 1.25 + fs * 0.7;
    tipRect.attr('width', w).attr('height', h);
    const tx = Math.min(Math.max(4, x + 12), lay.width - w - 4);
    const ty = Math.min(Math.max(4, y + 12), lay.height - h - 4);
    tipG.attr('transform', `translate(${tx},${ty})`).attr('visibility', 'visible').raise();
  };
  const hideTip = () => tipG.attr('visibility', 'hidden');
  bandSel
    .on('pointerenter pointermove', function (ev: PointerEvent, d) {
      select(this).attr('fill-opacity', 0.75).attr('stroke', '#000000').attr('stroke-width', L ? 2 : 1);
      const [x, y] = pointer(ev, svg.node());
      showTip(tip(d), x, y);
    })
    .on('pointerleave blur', function (_ev, d) {
      select(this).attr('fill-opacity', d.backward ? 0.2 : d.to === LOOP_ID ? 0.4 : 0.32).attr('stroke', 'none');
      hideTip();
    })
    .on('focus', function (_ev, d) {
      select(this).attr('fill-opacity', 0.75).attr('stroke', '#000000').attr('stroke-width', L ? 2 : 1);
      const s = d.segments[Math.floor(d.segments.length / 2)]!;
      showTip(tip(d), (s.x0 + s.x1) / 2, (s.t0 + s.b1) / 2);
    });

  // One tab stop for the whole chart: Tab reaches the first band, the arrow keys move between
  // bands, the loop and the nodes (a roving tabindex), so the page is not 70 Tab presses long.
  const stops = [...svg.node()!.querySelectorAll<SVGElement>('[tabindex]')];
  stops.forEach((el, i) => el.setAttribute('tabindex', i === 0 ? '0' : '-1'));
  svg.on('keydown', (ev: KeyboardEvent) => {
    const i = stops.indexOf(ev.target as SVGElement);
    if (i < 0) return;
    const step = ev.key === 'ArrowRight' || ev.key === 'ArrowDown' ? 1 : ev.key === 'ArrowLeft' || ev.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    ev.preventDefault();
    ev.stopPropagation();
    const next = stops[(i + step + stops.length) % stops.length]!;
    stops[i]!.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    next.focus();
  });

  const overlay = svg.append('g').attr('class', 'flow-anim-overlay').attr('pointer-events', 'none');
  const node = svg.node()!;
  drawn.set(node, { layout: lay, links: cur.links, ctx, fontSize: fs, overlay: overlay.node()!, loopColor, dotColor: '#000000', exact });
  return node;
}

/**
 * No two node labels overlap and none runs off the drawing: labels are kept largest node first,
 * and one that would overlap a kept label (or the headings and the legend) or leave the drawing
 * is hidden; its node keeps its tooltip and accessible name. Needs the svg in the document.
 */
function declutter(svg: SVGSVGElement, width: number, height: number): void {
  if (!svg.isConnected) return;
  const fixed = [...svg.querySelectorAll<SVGTextElement>('text:not(.node-label)')].filter((t) => !t.closest('.flow-tooltip'));
  const kept: DOMRect[] = fixed.map((t) => t.getBBox());
  const labels = [...svg.querySelectorAll<SVGTextElement>('text.node-label')].sort((a, b) => Number(b.dataset.value) - Number(a.dataset.value));
  const hit = (a: DOMRect, b: DOMRect) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  for (const t of labels) {
    const b = t.getBBox();
    if (b.x < 0 || b.x + b.width > width || b.y < 0 || b.y + b.height > height || kept.some((k) => hit(k, b))) t.setAttribute('visibility', 'hidden');
    else kept.push(b);
  }
}
