/**
 * The animation of one simulated run over the flow diagram: each casus a dot moving along the
 * bands between the nodes of its path (paths.ts), drawn on one canvas overlay per frame.
 */
import { select } from 'd3';
import { textWidth } from '../common.js';
import type { EventLogRow } from '../../../../src/model/outputs.js';
import type { ChartContext } from '../common.js';
import { casusPaths, hash01 } from './paths.js';
import { drawn } from './render.js';
import { offsetEdges } from './geometry.js';
import { KIND_COLUMN, LOOP_ID, nodeKind, type FlowLayoutLink, type FlowSegment } from './types.js';

/** A path between two nodes sampled at equal arc length: top and bottom edges. */
interface Track {
  xt: Float32Array;
  yt: Float32Array;
  xb: Float32Array;
  yb: Float32Array;
  length: number;
}
const TRACK_N = 40;
const MOVE_FILL = 'rgba(0,0,0,0.85)';
const SIT_FILL = 'rgba(120,60,0,0.45)';

function trackFromEdges(top: { x: number; y: number }[], bot: { x: number; y: number }[]): Track {
  const n = top.length;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cx[i] = (top[i]!.x + bot[i]!.x) / 2;
    cy[i] = (top[i]!.y + bot[i]!.y) / 2;
  }
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) cum[i] = cum[i - 1]! + Math.hypot(cx[i]! - cx[i - 1]!, cy[i]! - cy[i - 1]!);
  const len = cum[n - 1]!;
  const t: Track = { xt: new Float32Array(TRACK_N), yt: new Float32Array(TRACK_N), xb: new Float32Array(TRACK_N), yb: new Float32Array(TRACK_N), length: len };
  let j = 0;
  for (let k = 0; k < TRACK_N; k++) {
    const s = (len * k) / (TRACK_N - 1);
    while (j < n - 2 && cum[j + 1]! < s) j++;
    const seg = cum[j + 1]! - cum[j]!;
    const f = seg > 0 ? Math.min(1, Math.max(0, (s - cum[j]!) / seg)) : 0;
    t.xt[k] = top[j]!.x + (top[j + 1]!.x - top[j]!.x) * f;
    t.yt[k] = top[j]!.y + (top[j + 1]!.y - top[j]!.y) * f;
    t.xb[k] = bot[j]!.x + (bot[j + 1]!.x - bot[j]!.x) * f;
    t.yb[k] = bot[j]!.y + (bot[j + 1]!.y - bot[j]!.y) * f;
  }
  return t;
}

function trackFromSegments(segs: FlowSegment[]): Track {
  const top: { x: number; y: number }[] = [];
  const bot: { x: number; y: number }[] = [];
  const bez = (a: number, b: number, c: number, d: number, s: number) => {
    const m = 1 - s;
    return m * m * m * a + 3 * m * m * s * b + 3 * m * s * s * c + s * s * s * d;
  };
  for (const g of segs) {
    const xm = (g.x0 + g.x1) / 2;
    const steps = g.t0 === g.t1 && g.b0 === g.b1 ? 2 : 16;
    for (let i = top.length ? 1 : 0; i <= steps; i++) {
      const s = i / steps;
      const x = bez(g.x0, xm, xm, g.x1, s);
      top.push({ x, y: bez(g.t0, g.t0, g.t1, g.t1, s) });
      bot.push({ x, y: bez(g.b0, g.b0, g.b1, g.b1, s) });
    }
  }
  return trackFromEdges(top, bot);
}

export interface AnimateOptions {
  weeksPerSecond?: number;
  from?: number;
  to?: number;
  ctx: ChartContext;
  /** Week 0 of the simulation as a date, to show dates next to weeks. */
  startDate?: Date;
  /** Force the static state (otherwise follows prefers-reduced-motion). */
  reducedMotion?: boolean;
}

export interface FlowAnimation {
  stop(): void;
  pause(): void;
  resume(): void;
  framesPerSecond(): number;
  done: Promise<void>;
}

/**
 * Animate one replication's casussen over a diagram drawn by renderFlow: dots move along the
 * bands between consecutive nodes of each casus, with simulated time on screen. One canvas
 * overlay, redrawn per animation frame; under prefers-reduced-motion a static state is shown.
 */
export function animateFlow(svg: SVGSVGElement, log: EventLogRow[], opts: AnimateOptions): FlowAnimation {
  const d = drawn.get(svg);
  if (!d) throw new Error('animateFlow: the svg was not drawn by renderFlow');
  const { layout, ctx } = d;
  const wps = opts.weeksPerSecond ?? 4;
  const paths = casusPaths(log, { links: d.links });
  let tMin = Infinity;
  let tMax = -Infinity;
  for (const e of log) {
    if (e.time < tMin) tMin = e.time;
    if (e.time > tMax) tMax = e.time;
  }
  const from = opts.from ?? (log.length ? tMin : 0);
  const to = Math.max(from, opts.to ?? (log.length ? tMax : from));
  const nodeById = new Map(layout.nodes.map((n) => [n.id, n]));
  const loop = layout.loops[0];
  const linkById = new Map<string, FlowLayoutLink>();
  for (const l of [...layout.links, ...(loop?.inputs ?? [])]) linkById.set(`${l.from}>${l.to}`, l);

  // Tracks between node pairs, built on first use.
  const tracks: Track[] = [];
  const trackIndex = new Map<string, number>();
  const nodeBox = (id: string): { x0: number; x1: number; y0: number; y1: number } | null => {
    if (id === LOOP_ID && loop) return loop.collector;
    const n = nodeById.get(id);
    if (n) return n;
    // A node this layout does not have: place it by prefix at the bottom of its column.
    const k = nodeKind(id);
    const c = k === 'other' ? 1 : Math.round(KIND_COLUMN[k]);
    const col = layout.columns[Math.min(3, c)]!;
    return { x0: col.x0, x1: col.x1, y0: col.bottom, y1: col.bottom + 2 };
  };
  const getTrack = (a: string, b: string): number => {
    const key = `${a}>${b}`;
    const have = trackIndex.get(key);
    if (have !== undefined) return have;
    let t: Track;
    const l = linkById.get(key);
    if (l) t = trackFromSegments(l.segments);
    else if (a === LOOP_ID && loop) {
      // The return arc, then up the route column to the route.
      const { l: le, r: re } = offsetEdges(loop.centerline, loop.width);
      const nb = nodeBox(b)!;
      const tx = (nb.x0 + nb.x1) / 2;
      const top = [...le, { x: loop.arrowTip.x - 2, y: loop.arrowTip.y }, { x: tx - 2, y: nb.y1 }];
      const bot = [...re, { x: loop.arrowTip.x + 2, y: loop.arrowTip.y }, { x: tx + 2, y: nb.y0 }];
      t = trackFromEdges(top, bot);
    } else {
      const na = nodeBox(a)!;
      const nb = nodeBox(b)!;
      const fwd = nb.x0 >= na.x1;
      const segs: FlowSegment[] = [{ x0: fwd ? na.x1 : na.x0, x1: fwd ? nb.x0 : nb.x1, t0: na.y0, b0: na.y1, t1: nb.y0, b1: nb.y1 }];
      t = trackFromSegments(segs);
    }
    tracks.push(t);
    trackIndex.set(key, tracks.length - 1);
    return tracks.length - 1;
  };

  // Schedule: phases per casus (sit at a node, or move along a track).
  const travelSeconds = (t: Track) => 0.35 + t.length / 900;
  const phT0: number[] = [];
  const phT1: number[] = [];
  const phTrack: number[] = []; // -1 = sitting
  const phX: number[] = [];
  const phYa: number[] = [];
  const phYb: number[] = [];
  const phExit: number[] = [];
  /** Side of the bar where a casus sits: away from the node's label (labels: left of columns 0-1). */
  const phSide: number[] = [];
  const sideOf = (id: string) => {
    const n = nodeById.get(id);
    return n && n.column >= 2 ? -1 : 1;
  };
  const cStart: number[] = [];
  const cEnd: number[] = [];
  const cLane: number[] = [];
  const cJit: number[] = [];
  const fadeWeeks = 0.8 * wps;
  for (const p of paths) {
    const s = p.steps;
    if (s.length === 0) continue;
    const lane = 0.08 + 0.84 * hash01(p.casus, 7);
    const jit = hash01(p.casus, 11) - 0.5;
    const first = phT0.length;
    let arr = s[0]!.time;
    let inY = NaN;
    for (let i = 0; i < s.length; i++) {
      const n = s[i]!;
      const box = nodeBox(n.node)!;
      const x = (box.x0 + box.x1) / 2;
      if (i === s.length - 1) {
        const y = Number.isNaN(inY) ? box.y0 + (box.y1 - box.y0) * lane : inY;
        const isExit = n.node.startsWith('exit:');
        phT0.push(arr);
        phT1.push(isExit ? arr + fadeWeeks : Infinity);
        phTrack.push(-1);
        phX.push(x);
        phYa.push(y);
        phYb.push(y);
        phExit.push(isExit ? 1 : 0);
        phSide.push(sideOf(n.node));
        break;
      }
      const tk = getTrack(n.node, s[i + 1]!.node);
      const tr = tracks[tk]!;
      const outY = tr.yt[0]! + (tr.yb[0]! - tr.yt[0]!) * lane;
      const travelW = travelSeconds(tr) * wps;
      const next = s[i + 1]!.time;
      let dep: number;
      let arrNext: number;
      if (n.node === LOOP_ID) {
        dep = arr;
        arrNext = Math.max(next, arr + travelW);
      } else if (next - travelW >= arr) {
        dep = next - travelW;
        arrNext = next;
      } else {
        dep = arr;
        arrNext = arr + travelW;
      }
      if (dep > arr) {
        phT0.push(arr);
        phT1.push(dep);
        phTrack.push(-1);
        phX.push(x);
        phYa.push(Number.isNaN(inY) ? outY : inY);
        phYb.push(outY);
        phExit.push(0);
        phSide.push(sideOf(n.node));
      }
      phT0.push(dep);
      phT1.push(arrNext);
      phTrack.push(tk);
      phX.push(0);
      phYa.push(0);
      phYb.push(0);
      phExit.push(0);
      phSide.push(0);
      const e = TRACK_N - 1;
      inY = tr.yt[e]! + (tr.yb[e]! - tr.yt[e]!) * lane;
      arr = arrNext;
    }
    cStart.push(first);
    cEnd.push(phT0.length);
    cLane.push(lane);
    cJit.push(jit);
  }
  const nCasus = cStart.length;
  const ptr = Int32Array.from(cStart);

  // Overlay: canvas positioned over the svg (CSSOM styles, allowed by the CSP), labels in the svg.
  const parent = svg.parentElement!;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  canvas.className = 'flow-anim-canvas';
  if (getComputedStyle(parent).position === 'static') parent.style.position = 'relative';
  canvas.style.position = 'absolute';
  canvas.style.pointerEvents = 'none';
  parent.appendChild(canvas);
  const g2 = canvas.getContext('2d')!;
  let scale = 1;
  let dpr = 1;
  let placed = '';
  /** Keep the canvas over the svg: position, size and pixel ratio (cheap when nothing changed). */
  const fit = () => {
    const r = svg.getBoundingClientRect();
    const pr = parent.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const left = r.left - pr.left + parent.scrollLeft - parent.clientLeft;
    const topPx = r.top - pr.top + parent.scrollTop - parent.clientTop;
    const key = `${left}|${topPx}|${r.width}|${r.height}|${ratio}`;
    if (key === placed) return;
    placed = key;
    dpr = ratio;
    canvas.style.left = `${left}px`;
    canvas.style.top = `${topPx}px`;
    canvas.style.width = `${r.width}px`;
    canvas.style.height = `${r.height}px`;
    canvas.width = Math.max(1, Math.round(r.width * dpr));
    canvas.height = Math.max(1, Math.round(r.height * dpr));
    scale = r.width / layout.width;
    if (!Number.isNaN(lastDrawn)) draw(lastDrawn);
  };
  let lastDrawn = NaN;
  fit();
  const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(() => fit()) : null;
  ro?.observe(svg);

  const fs = d.fontSize;
  const ov = select(d.overlay);
  ov.selectAll('*').remove();
  const bx = fs * 0.5; // from the left edge: the legend and the clock share the bottom line
  const by = layout.height - fs * 0.8;
  // The legend on the bottom line; on a slide its words are the caption under the drawing.
  let lx = 0;
  if (!d.exact) {
    const labelG = ov.append('g').attr('transform', `translate(${bx},${by})`);
    const runLabel = ctx.t('flow.anim.label');
    labelG.append('text').attr('font-weight', 700).attr('fill', '#000000').attr('stroke', '#ffffff').attr('stroke-width', 4).attr('paint-order', 'stroke').text(runLabel);
    lx = textWidth(runLabel, fs, 700) + fs;
    for (const [key, fill, r] of [
      ['flow.anim.moving', MOVE_FILL, ctx.large ? 4 : 2.6],
      ['flow.anim.waiting', SIT_FILL, ctx.large ? 3 : 2],
    ] as const) {
      labelG.append('circle').attr('cx', lx).attr('cy', -fs * 0.35).attr('r', r * 1.5).attr('fill', fill);
      const txt = ctx.t(key);
      labelG.append('text').attr('x', lx + fs * 0.6).text(txt);
      lx += fs * 1.6 + textWidth(txt, fs);
    }
  }
  // The clock on the legend's line if its longest text fits there ('week 262' or 'week 262 · date'
  // at 1.5 x the font, the reduced-motion still at the font), else just above it. On a slide it
  // sits bottom left, under the vindplaatsen, where the loop does not reach.
  const clockW = Math.max(textWidth(ctx.t(opts.startDate ? 'flow.anim.date' : 'flow.anim.week', { w: 999, date: '30 sep. 2026' }), fs * 1.5, 700), textWidth(ctx.t('flow.anim.static', { w: 999 }), fs, 700));
  const clockY = bx + lx + clockW > layout.width - fs ? by - fs * 1.8 : by;
  const clock = ov
    .append('text')
    .attr('x', d.exact ? bx : layout.width - fs * 0.5)
    .attr('y', clockY)
    .attr('text-anchor', d.exact ? 'start' : 'end')
    .attr('font-size', fs * 1.5)
    .attr('font-weight', 700)
    .attr('fill', '#000000')
    .attr('stroke', '#ffffff')
    .attr('stroke-width', 4)
    .attr('paint-order', 'stroke');
  const dateFmt = opts.startDate ? new Intl.DateTimeFormat(ctx.lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : null;
  let clockText = '';
  const setClock = (t: number, key = '') => {
    const w = Math.floor(t);
    let s = dateFmt ? ctx.t('flow.anim.date', { w, date: dateFmt.format(new Date(opts.startDate!.getTime() + t * 7 * 864e5)) }) : ctx.t('flow.anim.week', { w });
    if (key) {
      s = ctx.t(key, { w });
      clock.attr('font-size', fs);
    }
    if (s !== clockText) clock.text((clockText = s));
  };

  const L = ctx.large;
  const nw = layout.nodes.length ? layout.nodes[0]!.x1 - layout.nodes[0]!.x0 : 12;
  const sitOffset = nw / 2 + (L ? 4 : 3);
  const sitSpread = L ? 44 : 28;
  const rMove = L ? 4 : 2.6;
  const rSit = L ? 3 : 2;
  const buf = new Float32Array(nCasus * 2);
  const bufSit = new Float32Array(nCasus * 2);
  const draw = (t: number) => {
    lastDrawn = t;
    let nm = 0;
    let ns = 0;
    for (let c = 0; c < nCasus; c++) {
      const s0 = cStart[c]!;
      if (phT0[s0]! > t) continue;
      const e = cEnd[c]!;
      let p = ptr[c]!;
      while (p < e && phT1[p]! < t) p++;
      ptr[c] = p;
      if (p >= e) continue;
      const tk = phTrack[p]!;
      const a = phT0[p]!;
      const b = phT1[p]!;
      const f = b > a && b !== Infinity ? (t - a) / (b - a) : 0;
      if (tk < 0) {
        bufSit[ns++] = phX[p]! + phSide[p]! * (sitOffset + Math.abs(cJit[c]!) * sitSpread);
        bufSit[ns++] = phExit[p] ? phYa[p]! : phYa[p]! + (phYb[p]! - phYa[p]!) * Math.min(1, Math.max(0, f));
      } else {
        const tr = tracks[tk]!;
        const fi = Math.min(1, Math.max(0, f)) * (TRACK_N - 1);
        const i = Math.min(TRACK_N - 2, Math.floor(fi));
        const g = fi - i;
        const u = cLane[c]!;
        const xt = tr.xt[i]! + (tr.xt[i + 1]! - tr.xt[i]!) * g;
        const yt = tr.yt[i]! + (tr.yt[i + 1]! - tr.yt[i]!) * g;
        const xb = tr.xb[i]! + (tr.xb[i + 1]! - tr.xb[i]!) * g;
        const yb = tr.yb[i]! + (tr.yb[i + 1]! - tr.yb[i]!) * g;
        buf[nm++] = xt + (xb - xt) * u;
        buf[nm++] = yt + (yb - yt) * u;
      }
    }
    g2.setTransform(1, 0, 0, 1, 0, 0);
    g2.clearRect(0, 0, canvas.width, canvas.height);
    g2.setTransform(scale * dpr, 0, 0, scale * dpr, 0, 0);
    g2.fillStyle = SIT_FILL;
    // Casussen at a node: small squares (cheaper than arcs, and there are many).
    const q = rSit * 1.8;
    for (let i = 0; i < ns; i += 2) g2.fillRect(bufSit[i]! - q / 2, bufSit[i + 1]! - q / 2, q, q);
    g2.fillStyle = MOVE_FILL;
    g2.beginPath();
    for (let i = 0; i < nm; i += 2) {
      g2.moveTo(buf[i]! + rMove, buf[i + 1]!);
      g2.arc(buf[i]!, buf[i + 1]!, rMove, 0, 6.2832);
    }
    g2.fill();
  };

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let raf = 0;
  let running = false;
  let stopped = false;
  let simT = from;
  let lastTs = NaN;
  const frames: number[] = [];
  let frameCount = 0;
  const cleanup = () => {
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    ro?.disconnect();
    canvas.remove();
    ov.selectAll('*').remove();
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    running = false;
    cleanup();
    resolveDone();
  };
  const reduced = opts.reducedMotion ?? (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches);
  if (reduced) {
    // Static state: where every casus is at the end of the window.
    draw(to);
    setClock(to, 'flow.anim.static');
    resolveDone();
    return { stop, pause: () => {}, resume: () => {}, framesPerSecond: () => 0, done };
  }
  const frame = (ts: number) => {
    raf = 0;
    if (!running) return;
    if (!Number.isNaN(lastTs)) simT = Math.min(to, simT + ((ts - lastTs) / 1000) * wps);
    lastTs = ts;
    if (++frameCount % 30 === 0) fit();
    frames.push(ts);
    while (frames.length && frames[0]! < ts - 1000) frames.shift();
    draw(simT);
    setClock(simT);
    if (simT >= to) {
      running = false;
      resolveDone();
      return;
    }
    raf = requestAnimationFrame(frame);
  };
  const resume = () => {
    if (stopped || running || simT >= to) return;
    running = true;
    lastTs = NaN;
    raf = requestAnimationFrame(frame);
  };
  const pause = () => {
    running = false;
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
  };
  setClock(simT);
  resume();
  return {
    stop,
    pause,
    resume,
    framesPerSecond: () => {
      const now = frames.length ? Math.max(frames[frames.length - 1]!, performance.now()) : performance.now();
      return frames.filter((f) => f >= now - 1000).length;
    },
    done,
  };
}
