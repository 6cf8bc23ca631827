/**
 * The flow of casussen through the chain: vindplaatsen -> routes (-> MDO) -> care levels -> exits,
 * with the step-up (re-referral) loop drawn as a return arc under the diagram.
 *
 * - flowLayout: pure layout (no DOM), deterministic for the same input.
 * - renderFlow: D3 drawing of the current scenario with the baseline as dashed outlines.
 * - casusPaths: pure mapping of one replication's event log to per-casus node sequences.
 * - animateFlow: dots of one simulated run moving over the diagram (one canvas overlay).
 *
 * Styles are SVG attributes only (no style attributes, no stylesheet): the app exports charts as
 * standalone SVG/PNG and its Content-Security-Policy forbids inline style attributes.
 */
import { pointer, select } from 'd3';
import type { EventLogRow } from '../../../src/model/outputs.js';
import { PALETTE, type ChartContext, type ScenarioStyle } from './common.js';

export interface FlowLink {
  from: string;
  to: string;
  perYear: number;
}

export type FlowNodeKind = 'vindplaats' | 'route' | 'mdo' | 'care' | 'exit' | 'other';

export interface FlowNode {
  id: string;
  kind: FlowNodeKind;
  /** 0 vindplaatsen, 1 routes, 1.5 MDO (floats between routes and care), 2 care, 3 exits. */
  column: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** max(inflow, outflow) per year: the bar's height. */
  value: number;
  inflow: number;
  outflow: number;
  /** The same for the comparison (baseline) links, when given. */
  compareValue?: number;
}

/** A horizontal ribbon piece: x0 -> x1, top/bottom edges from (t0, b0) to (t1, b1). */
export interface FlowSegment {
  x0: number;
  x1: number;
  t0: number;
  b0: number;
  t1: number;
  b1: number;
}

export interface FlowLayoutLink {
  from: string;
  to: string;
  perYear: number;
  comparePerYear?: number;
  width: number;
  compareWidth?: number;
  /** Ribbon pieces from source to target (more than one when the link passes a column). */
  segments: FlowSegment[];
  /** Closed SVG path of the ribbon. */
  path: string;
  /** Links that go back or stay in a column (not the step-up loop): drawn as a thin arc. */
  backward?: boolean;
}

export interface FlowLoop {
  id: 'step_up';
  perYear: number;
  comparePerYear?: number;
  width: number;
  compareWidth?: number;
  /** Where the inputs gather: the bottom of the exit column. */
  collector: { x0: number; x1: number; y0: number; y1: number };
  /** Links into the loop (from care levels and routes), drawn like bands. */
  inputs: FlowLayoutLink[];
  /** Links out of the loop (step_up -> route:x), when the model records them. */
  outputs: FlowLink[];
  /** Centre line of the return arc, from the collector back under the diagram to the routes. */
  centerline: { x: number; y: number }[];
  /** Closed SVG path of the return arc with its arrowhead. */
  path: string;
  /** Outline path of the comparison width (same centre line), when compared. */
  comparePath?: string;
  arrowTip: { x: number; y: number };
  labelAt: { x: number; y: number };
}

export interface FlowLayout {
  width: number;
  height: number;
  /** Pixels per casus per year. */
  scale: number;
  nodes: FlowNode[];
  links: FlowLayoutLink[];
  loops: FlowLoop[];
  columns: { x0: number; x1: number; bottom: number }[];
}

export interface FlowLayoutOptions {
  width: number;
  height: number;
  nodeWidth?: number;
  /** Minimum vertical gap between nodes (at least the label line height). */
  nodePadding?: number;
  margin?: { top: number; right: number; bottom: number; left: number };
  /** Baseline links: reported per link/node and given room in the layout where the link is absent. */
  compare?: FlowLink[];
  /** Relative widths of the three gaps between the four columns (default equal). */
  columnGaps?: [number, number, number];
}

const KNOWN_VINDPLAATS = ['ouders', 'school', 'kinderopvang', 'consultatiebureau', 'huisarts', 'medisch_specialist', 'veiligheid'];
const KNOWN_ROUTE = ['toegang', 'eerste_lijn', 'ivh', 'jeugdarts', 'huisarts', 'medisch_specialist', 'gi', 'geen'];
const KNOWN_EXIT = ['need_met', 'normalised', 'unresolved'];
const LOOP_ID = 'step_up';

export function nodeKind(id: string): FlowNodeKind {
  const p = id.split(':')[0]!;
  if (p === 'vindplaats' || p === 'route' || p === 'care' || p === 'exit') return p;
  if (p === 'mdo') return 'mdo';
  return 'other';
}

const KIND_COLUMN: Record<Exclude<FlowNodeKind, 'other'>, number> = { vindplaats: 0, route: 1, mdo: 1.5, care: 2, exit: 3 };

function rankInColumn(id: string): [number, string] {
  const [p, rest = ''] = id.split(/:(.*)/s) as [string, string?];
  const known = p === 'vindplaats' ? KNOWN_VINDPLAATS : p === 'route' ? KNOWN_ROUTE : p === 'exit' ? KNOWN_EXIT : null;
  if (known) {
    const i = known.indexOf(rest);
    return [i >= 0 ? i : known.length, id];
  }
  if (p === 'care') {
    const n = Number(rest);
    return [Number.isFinite(n) ? n : 1000, id];
  }
  return [2000, id];
}

const cmpRank = (a: string, b: string) => {
  const [ra, ia] = rankInColumn(a);
  const [rb, ib] = rankInColumn(b);
  return ra - rb || (ia < ib ? -1 : ia > ib ? 1 : 0);
};

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

/** Closed ribbon path through segments (cubic Béziers with horizontal tangents). */
export function ribbonPath(segs: FlowSegment[]): string {
  if (segs.length === 0) return '';
  const s0 = segs[0]!;
  let d = `M${f1(s0.x0)},${f1(s0.t0)}`;
  for (const s of segs) {
    const xm = (s.x0 + s.x1) / 2;
    d += s.t0 === s.t1 ? `L${f1(s.x1)},${f1(s.t1)}` : `C${f1(xm)},${f1(s.t0)} ${f1(xm)},${f1(s.t1)} ${f1(s.x1)},${f1(s.t1)}`;
  }
  const last = segs[segs.length - 1]!;
  d += `L${f1(last.x1)},${f1(last.b1)}`;
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i]!;
    const xm = (s.x0 + s.x1) / 2;
    d += s.b0 === s.b1 ? `L${f1(s.x0)},${f1(s.b0)}` : `C${f1(xm)},${f1(s.b1)} ${f1(xm)},${f1(s.b0)} ${f1(s.x0)},${f1(s.b0)}`;
  }
  return d + 'Z';
}

/** The same ribbon with another width, centred on the ribbon's centre line (baseline outline). */
export function rescaleSegments(segs: FlowSegment[], width: number): FlowSegment[] {
  return segs.map((s) => {
    const c0 = (s.t0 + s.b0) / 2;
    const c1 = (s.t1 + s.b1) / 2;
    return { x0: s.x0, x1: s.x1, t0: c0 - width / 2, b0: c0 + width / 2, t1: c1 - width / 2, b1: c1 + width / 2 };
  });
}

interface Item {
  kind: 'node' | 'virtual' | 'collector';
  id: string;
  value: number;
  rank: number;
  y0: number;
  y1: number;
}

/**
 * Lay out the flow diagram. Deterministic: the same links (in any order) give the same output.
 * Links with perYear <= 0 are skipped (unless the comparison has them); duplicates are summed.
 * Links into `step_up` form the loop; other links are forward bands between columns.
 */
export function flowLayout(links: FlowLink[], opts: FlowLayoutOptions): FlowLayout {
  const nodeWidth = opts.nodeWidth ?? 12;
  const pad = opts.nodePadding ?? 14;
  const margin = opts.margin ?? { top: 10, right: 150, bottom: 10, left: 150 };
  const vpad = 1;

  // Aggregate current and comparison per from -> to.
  const agg = new Map<string, { from: string; to: string; cur: number; cmp: number }>();
  const add = (l: FlowLink, key: 'cur' | 'cmp') => {
    if (!(l.perYear > 0) || !Number.isFinite(l.perYear) || l.from === l.to) return;
    const k = `${l.from}\u0000${l.to}`;
    let a = agg.get(k);
    if (!a) agg.set(k, (a = { from: l.from, to: l.to, cur: 0, cmp: 0 }));
    a[key] += l.perYear;
  };
  for (const l of links) add(l, 'cur');
  const hasCmp = opts.compare !== undefined;
  for (const l of opts.compare ?? []) add(l, 'cmp');
  const all = [...agg.values()].sort((a, b) => cmpRank(a.from, b.from) || cmpRank(a.to, b.to));

  // Nodes and columns.
  const ids = new Set<string>();
  for (const a of all) {
    if (a.from !== LOOP_ID) ids.add(a.from);
    if (a.to !== LOOP_ID) ids.add(a.to);
  }
  const column = new Map<string, number>();
  for (const id of ids) {
    const k = nodeKind(id);
    if (k !== 'other') column.set(id, KIND_COLUMN[k]);
  }
  // Unknown prefixes: one column after their known sources, else one before their known targets.
  for (let pass = 0; pass < 3; pass++) {
    for (const id of [...ids].sort()) {
      if (nodeKind(id) !== 'other' || (column.has(id) && pass < 2)) continue;
      const src = all.filter((a) => a.to === id && column.has(a.from)).map((a) => Math.floor(column.get(a.from)!));
      const tgt = all.filter((a) => a.from === id && a.to !== LOOP_ID && column.has(a.to)).map((a) => Math.ceil(column.get(a.to)!));
      let c: number | undefined;
      if (src.length) c = Math.min(3, Math.max(...src) + 1);
      else if (tgt.length) c = Math.max(0, Math.min(...tgt) - 1);
      if (c !== undefined) column.set(id, c);
    }
  }
  for (const id of ids) if (!column.has(id)) column.set(id, 1);

  const col = (id: string) => (id === LOOP_ID ? 4 : column.get(id)!);
  const isLoopInput = (a: { from: string; to: string }) => a.to === LOOP_ID;
  const isLoopOutput = (a: { from: string; to: string }) => a.from === LOOP_ID;
  const isBackward = (a: { from: string; to: string }) => !isLoopInput(a) && !isLoopOutput(a) && col(a.to) <= col(a.from);

  // Values per node.
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  const cin = new Map<string, number>();
  const cout = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const a of all) {
    if (isLoopOutput(a)) continue;
    inc(outflow, a.from, a.cur);
    inc(cout, a.from, a.cmp);
    if (!isLoopInput(a)) {
      inc(inflow, a.to, a.cur);
      inc(cin, a.to, a.cmp);
    }
  }
  const slotW = (a: { cur: number; cmp: number }) => (a.cur > 0 ? a.cur : 0);
  // Room for a node: its current value; comparison-only nodes get no height but keep a place.
  const nodeValue = (id: string) => Math.max(inflow.get(id) ?? 0, outflow.get(id) ?? 0);
  const loopValue = all.filter(isLoopInput).reduce((s, a) => s + a.cur, 0);
  const loopCmp = all.filter(isLoopInput).reduce((s, a) => s + a.cmp, 0);
  const hasLoop = all.some(isLoopInput);

  // Order within columns: fixed ranks, vindplaatsen by the barycentre of their routes.
  const byCol = new Map<number, string[]>();
  for (const id of [...ids].sort(cmpRank)) {
    const c = col(id);
    if (!byCol.has(c)) byCol.set(c, []);
    byCol.get(c)!.push(id);
  }
  const order = new Map<string, number>();
  for (const list of byCol.values()) list.forEach((id, i) => order.set(id, i));
  const c0 = byCol.get(0);
  if (c0) {
    const bary = new Map<string, number>();
    for (const id of c0) {
      let s = 0;
      let w = 0;
      for (const a of all) if (a.from === id && !isBackward(a)) {
        const v = a.cur || a.cmp;
        s += v * (order.get(a.to) ?? 0);
        w += v;
      }
      bary.set(id, w > 0 ? s / w : 1e6);
    }
    c0.sort((a, b) => bary.get(a)! - bary.get(b)! || cmpRank(a, b));
    c0.forEach((id, i) => order.set(id, i));
  }

  // Columns with items (nodes, pass-through slots, the loop collector).
  const intCols = [0, 1, 2, 3];
  const items = new Map<number, Item[]>(intCols.map((c) => [c, []]));
  for (const c of intCols) for (const id of byCol.get(c) ?? []) items.get(c)!.push({ kind: 'node', id, value: nodeValue(id), rank: order.get(id)!, y0: 0, y1: 0 });
  const virtualOf = new Map<string, Map<number, Item>>();
  for (const a of all) {
    if (isLoopOutput(a) || isBackward(a)) continue;
    const cs = col(a.from);
    const ct = isLoopInput(a) ? 3 : col(a.to);
    const key = `${a.from}\u0000${a.to}`;
    for (let c = Math.floor(cs) + 1; c < ct; c++) {
      const top = !isLoopInput(a) && c === 2;
      const it: Item = { kind: 'virtual', id: key, value: slotW(a), rank: top ? -1000 + (order.get(a.to) ?? 0) * 50 + (order.get(a.from) ?? 0) : 1000 + (order.get(a.from) ?? 0), y0: 0, y1: 0 };
      items.get(c)!.push(it);
      if (!virtualOf.has(key)) virtualOf.set(key, new Map());
      virtualOf.get(key)!.set(c, it);
    }
  }
  let collectorItem: Item | null = null;
  if (hasLoop) items.get(3)!.push((collectorItem = { kind: 'collector', id: LOOP_ID, value: loopValue, rank: 1e6, y0: 0, y1: 0 }));
  for (const list of items.values()) list.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // Scale: every column plus the loop under the diagram fits the height.
  const gapOf = (prev: Item, next: Item) => (prev.kind === 'virtual' && next.kind === 'virtual' ? vpad : pad);
  const padsOf = (list: Item[]) => list.slice(1).reduce((s, it, i) => s + gapOf(list[i]!, it), 0);
  const arrowLen = Math.max(10, pad * 1.4);
  const belowFixed = hasLoop ? pad * 1.5 + arrowLen + pad * 2.2 : 0;
  const avail = opts.height - margin.top - margin.bottom - belowFixed;
  let k = Infinity;
  for (const list of items.values()) {
    const total = list.reduce((s, it) => s + it.value, 0);
    if (total + loopValue > 0) k = Math.min(k, (avail - padsOf(list)) / (total + loopValue));
  }
  if (!Number.isFinite(k) || k <= 0) k = 0.0001;

  // Column x positions (MDO floats between routes and care).
  const x0 = margin.left;
  const x3 = opts.width - margin.right - nodeWidth;
  const gaps = opts.columnGaps ?? [1, 1, 1];
  const gsum = gaps[0] + gaps[1] + gaps[2];
  const colX = (c: number) => {
    const i = Math.floor(c);
    const before = gaps.slice(0, Math.min(3, i)).reduce((s, g) => s + g, 0) + (i < 3 ? (c - i) * gaps[i]! : 0);
    return x0 + ((x3 - x0) * before) / gsum;
  };

  // Vertical positions: spread padding when there is room, centre the rest.
  const colH = avail - loopValue * k;
  for (const list of items.values()) {
    const total = list.reduce((s, it) => s + it.value * k, 0);
    const n = list.length;
    const basePads = padsOf(list);
    const extra = Math.max(0, colH - total - basePads);
    const nodeGaps = list.slice(1).filter((it, i) => gapOf(list[i]!, it) === pad).length;
    const addEach = nodeGaps > 0 ? Math.min(pad * 2, extra / nodeGaps) : 0;
    const used = total + basePads + addEach * nodeGaps;
    let y = margin.top + (n > 0 ? Math.max(0, (colH - used) / 2) : 0);
    list.forEach((it, i) => {
      if (i > 0) {
        const g = gapOf(list[i - 1]!, it);
        y += g === pad ? pad + addEach : g;
      }
      it.y0 = y;
      it.y1 = y + it.value * k;
      y = it.y1;
    });
  }

  const nodes: FlowNode[] = [];
  const nodeById = new Map<string, FlowNode>();
  for (const c of intCols) {
    for (const it of items.get(c)!) {
      if (it.kind !== 'node') continue;
      const n: FlowNode = {
        id: it.id,
        kind: nodeKind(it.id),
        column: c,
        x0: colX(c),
        x1: colX(c) + nodeWidth,
        y0: it.y0,
        y1: it.y1,
        value: it.value,
        inflow: inflow.get(it.id) ?? 0,
        outflow: outflow.get(it.id) ?? 0,
      };
      if (hasCmp) n.compareValue = Math.max(cin.get(it.id) ?? 0, cout.get(it.id) ?? 0);
      nodes.push(n);
      nodeById.set(n.id, n);
    }
  }

  // Out- and in-stacks per node, ordered by the y of the other end (the nearest item).
  interface Stacked {
    a: (typeof all)[number];
    sy: number;
    ty: number;
  }
  const firstHopY = (a: (typeof all)[number]): number => {
    const v = virtualOf.get(`${a.from}\u0000${a.to}`);
    if (v && v.size) return [...v.entries()].sort((p, q) => p[0] - q[0])[0]![1].y0;
    if (isLoopInput(a)) return collectorItem!.y0;
    return nodeById.get(a.to)?.y0 ?? 0;
  };
  const lastHopY = (a: (typeof all)[number]): number => {
    const v = virtualOf.get(`${a.from}\u0000${a.to}`);
    if (v && v.size) return [...v.entries()].sort((p, q) => q[0] - p[0])[0]![1].y0;
    return nodeById.get(a.from)?.y0 ?? 0;
  };
  const stacks = new Map<string, Stacked>();
  const forward = all.filter((a) => !isLoopOutput(a) && !isBackward(a));
  for (const a of forward) stacks.set(`${a.from}\u0000${a.to}`, { a, sy: 0, ty: 0 });

  // MDO-like floating nodes (column 1.5): place at the source slot of their largest inflow.
  const floating = (byCol.get(1.5) ?? []).slice();

  const stackOut = (id: string, y0: number) => {
    const outs = forward.filter((a) => a.from === id).sort((p, q) => firstHopY(p) - firstHopY(q) || cmpRank(p.to, q.to));
    let y = y0;
    for (const a of outs) {
      stacks.get(`${a.from}\u0000${a.to}`)!.sy = y;
      y += slotW(a) * k;
    }
  };
  const stackIn = (id: string, y0: number) => {
    const ins = forward.filter((a) => a.to === id).sort((p, q) => lastHopY(p) - lastHopY(q) || cmpRank(p.from, q.from));
    let y = y0;
    for (const a of ins) {
      stacks.get(`${a.from}\u0000${a.to}`)!.ty = y;
      y += slotW(a) * k;
    }
  };
  for (const n of nodes) stackOut(n.id, n.y0);
  for (const id of floating) {
    const ins = forward.filter((a) => a.to === id).sort((p, q) => q.cur - p.cur || cmpRank(p.from, q.from));
    const y0 = ins.length ? stacks.get(`${ins[0]!.from}\u0000${ins[0]!.to}`)!.sy : margin.top;
    const xm = (colX(1) + colX(2)) / 2;
    const n: FlowNode = {
      id,
      kind: nodeKind(id),
      column: 1.5,
      x0: xm,
      x1: xm + nodeWidth,
      y0,
      y1: y0 + nodeValue(id) * k,
      value: nodeValue(id),
      inflow: inflow.get(id) ?? 0,
      outflow: outflow.get(id) ?? 0,
    };
    if (hasCmp) n.compareValue = Math.max(cin.get(id) ?? 0, cout.get(id) ?? 0);
    nodes.push(n);
    nodeById.set(id, n);
    stackOut(id, n.y0);
  }
  for (const n of nodes) stackIn(n.id, n.y0);
  if (collectorItem) stackIn(LOOP_ID, collectorItem.y0);

  // Segments per forward link.
  const layoutLinks: FlowLayoutLink[] = [];
  const loopInputs: FlowLayoutLink[] = [];
  const collectorX0 = colX(3);
  for (const a of forward) {
    const st = stacks.get(`${a.from}\u0000${a.to}`)!;
    const w = slotW(a) * k;
    const src = nodeById.get(a.from)!;
    const segs: FlowSegment[] = [];
    let x = src.x1;
    let y = st.sy;
    const v = virtualOf.get(`${a.from}\u0000${a.to}`);
    if (v) {
      for (const [c, it] of [...v.entries()].sort((p, q) => p[0] - q[0])) {
        segs.push({ x0: x, x1: colX(c), t0: y, b0: y + w, t1: it.y0, b1: it.y0 + w });
        segs.push({ x0: colX(c), x1: colX(c) + nodeWidth, t0: it.y0, b0: it.y0 + w, t1: it.y0, b1: it.y0 + w });
        x = colX(c) + nodeWidth;
        y = it.y0;
      }
    }
    const tx = isLoopInput(a) ? collectorX0 : nodeById.get(a.to)!.x0;
    segs.push({ x0: x, x1: tx, t0: y, b0: y + w, t1: st.ty, b1: st.ty + w });
    const l: FlowLayoutLink = { from: a.from, to: a.to, perYear: a.cur, width: w, segments: segs, path: ribbonPath(segs) };
    if (hasCmp) {
      l.comparePerYear = a.cmp;
      l.compareWidth = a.cmp * k;
    }
    (isLoopInput(a) ? loopInputs : layoutLinks).push(l);
  }
  for (const a of all.filter(isBackward)) {
    const s = nodeById.get(a.from)!;
    const t = nodeById.get(a.to)!;
    const w = a.cur * k;
    const segs: FlowSegment[] = [{ x0: s.x1, x1: t.x0, t0: s.y1 - w, b0: s.y1, t1: t.y1 - w, b1: t.y1 }];
    const l: FlowLayoutLink = { from: a.from, to: a.to, perYear: a.cur, width: w, segments: segs, path: ribbonPath(segs), backward: true };
    if (hasCmp) {
      l.comparePerYear = a.cmp;
      l.compareWidth = a.cmp * k;
    }
    layoutLinks.push(l);
  }

  const columns = intCols.map((c) => {
    const list = items.get(c)!;
    return { x0: colX(c), x1: colX(c) + nodeWidth, bottom: list.length ? Math.max(...list.map((i) => i.y1)) : margin.top };
  });

  // The loop: collector at the bottom of the exit column, return arc under the diagram.
  const loops: FlowLoop[] = [];
  let height = opts.height;
  if (collectorItem) {
    const W = loopValue * k;
    const cy0 = collectorItem.y0;
    const cy1 = collectorItem.y1;
    const cyc = (cy0 + cy1) / 2;
    const R = W / 2 + Math.max(8, pad * 0.6);
    const cx1 = colX(3) + nodeWidth;
    const xR = cx1 + R + 2;
    const xL = colX(1) + nodeWidth / 2;
    const maxBottom = Math.max(...columns.map((c) => c.bottom), ...nodes.map((n) => n.y1));
    const tipY = columns[1]!.bottom + Math.max(4, pad * 0.4);
    const aLen = Math.max(arrowLen, Math.min(W * 0.4, arrowLen * 2.5));
    const baseY = tipY + aLen;
    const yB = Math.max(cyc + 2 * R, maxBottom + pad * 1.5 + W / 2, baseY + R + 4);
    const centerline = roundedPolyline(
      [
        { x: cx1, y: cyc },
        { x: xR, y: cyc },
        { x: xR, y: yB },
        { x: xL, y: yB },
        { x: xL, y: baseY },
      ],
      R,
    );
    const loop: FlowLoop = {
      id: LOOP_ID,
      perYear: loopValue,
      width: W,
      collector: { x0: colX(3), x1: cx1, y0: cy0, y1: cy1 },
      inputs: loopInputs,
      outputs: all.filter(isLoopOutput).map((a) => ({ from: a.from, to: a.to, perYear: a.cur })),
      centerline,
      path: arcPath(centerline, W, aLen),
      arrowTip: { x: xL, y: tipY },
      labelAt: { x: (xL + xR) / 2, y: yB },
    };
    if (hasCmp) {
      loop.comparePerYear = loopCmp;
      loop.compareWidth = loopCmp * k;
      loop.comparePath = arcPath(centerline, loopCmp * k, 0);
    }
    loops.push(loop);
    height = Math.max(opts.height, Math.ceil(yB + W / 2 + pad * 2.2 + margin.bottom));
  }

  return { width: opts.width, height, scale: k, nodes, links: layoutLinks, loops, columns };
}

/** Sample a polyline with rounded corners (radius r) into points. */
function roundedPolyline(pts: { x: number; y: number }[], r: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [pts[0]!];
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i - 1]!;
    const c = pts[i]!;
    const n = pts[i + 1]!;
    const d1 = Math.hypot(c.x - p.x, c.y - p.y) || 1;
    const d2 = Math.hypot(n.x - c.x, n.y - c.y) || 1;
    const rr = Math.min(r, i === 1 ? d1 : d1 / 2, i === pts.length - 2 ? d2 : d2 / 2);
    const a = { x: c.x - ((c.x - p.x) / d1) * rr, y: c.y - ((c.y - p.y) / d1) * rr };
    const b = { x: c.x + ((n.x - c.x) / d2) * rr, y: c.y + ((n.y - c.y) / d2) * rr };
    out.push(a);
    // Quarter circle from a to b (axis-aligned turns): centre = a + (b - c)
    const cx = a.x + (b.x - c.x);
    const cy = a.y + (b.y - c.y);
    const a0 = Math.atan2(a.y - cy, a.x - cx);
    let a1 = Math.atan2(b.y - cy, b.x - cx);
    let da = a1 - a0;
    if (da > Math.PI) da -= 2 * Math.PI;
    if (da < -Math.PI) da += 2 * Math.PI;
    a1 = a0 + da;
    const steps = 12;
    for (let s = 1; s < steps; s++) {
      const t = a0 + (da * s) / steps;
      out.push({ x: cx + rr * Math.cos(t), y: cy + rr * Math.sin(t) });
    }
    out.push(b);
  }
  out.push(pts[pts.length - 1]!);
  return out.filter((p, i) => i === 0 || Math.hypot(p.x - out[i - 1]!.x, p.y - out[i - 1]!.y) > 1e-6);
}

/** Left and right edges of a centre line at ±w/2 (normals from neighbouring points). */
function offsetEdges(pts: { x: number; y: number }[], w: number): { l: { x: number; y: number }[]; r: { x: number; y: number }[] } {
  const l: { x: number; y: number }[] = [];
  const r: { x: number; y: number }[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[Math.max(0, i - 1)]!;
    const n = pts[Math.min(pts.length - 1, i + 1)]!;
    let dx = n.x - p.x;
    let dy = n.y - p.y;
    const d = Math.hypot(dx, dy) || 1;
    dx /= d;
    dy /= d;
    const c = pts[i]!;
    l.push({ x: c.x + dy * (w / 2), y: c.y - dx * (w / 2) });
    r.push({ x: c.x - dy * (w / 2), y: c.y + dx * (w / 2) });
  }
  return { l, r };
}

function arcPath(center: { x: number; y: number }[], w: number, arrowLen: number): string {
  const { l, r } = offsetEdges(center, w);
  let d = 'M' + l.map((p) => `${f1(p.x)},${f1(p.y)}`).join('L');
  const end = center[center.length - 1]!;
  if (arrowLen > 0) {
    // The centre line ends going up: arrowhead wider than the band, tip arrowLen above.
    const lastL = l[l.length - 1]!;
    const lastR = r[r.length - 1]!;
    const wing = Math.max(6, arrowLen * 0.5);
    const sx = Math.sign(lastL.x - end.x) || -1;
    d += `L${f1(lastL.x + sx * wing)},${f1(lastL.y)}L${f1(end.x)},${f1(end.y - arrowLen)}L${f1(lastR.x - sx * wing)},${f1(lastR.y)}`;
  }
  d += 'L' + r.reverse().map((p) => `${f1(p.x)},${f1(p.y)}`).join('L');
  return d + 'Z';
}

// ---- event log -> per-casus paths ---------------------------------------------------------

export interface CasusStep {
  node: string;
  time: number;
  /** Not in the log: a route the log does not record (GP, GI, first line, ...) or a loop pass. */
  inferred?: boolean;
}

export interface CasusPath {
  casus: string;
  steps: CasusStep[];
}

const CARE_NODES: Record<string, string> = { lichte_hulp: 'care:1', begeleiding: 'care:2', behandeling: 'care:3', verblijf: 'care:4' };
/** Nodes of the log that are the toegang of a design (indicatiemodel, brede basisteams, one-stop-shop). */
const TOEGANG_NODES = new Set(['swt', 'indicatiesteller', 'basisteam', 'one_stop_shop', 'oss', 'toegang', 'wijkteam']);
const HELP_AT_TOEGANG = new Set(['eigen ondersteuning', 'basishulp']);
const EXIT_NODES: Record<string, string> = { unresolved: 'exit:unresolved', need_met: 'exit:need_met', normalised: 'exit:normalised' };

/**
 * The diagram node of one event, or null when the event is not known. `exit @ done` gives
 * `exit:done`, which casusPaths resolves to need_met or normalised from what came before.
 */
export function eventNode(e: EventLogRow): string | null {
  if (e.activity === 'signal') return `vindplaats:${e.node}`;
  if (e.activity === 'exit') return e.node === 'done' ? 'exit:done' : (EXIT_NODES[e.node] ?? `exit:${e.node}`);
  if (TOEGANG_NODES.has(e.node)) return 'route:toegang';
  if (e.node === 'ivh') return e.activity === 'MDO' ? 'mdo' : 'route:ivh';
  const care = CARE_NODES[e.node];
  if (care) return care;
  return null;
}

function hash01(s: string, salt = 0): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

const IMPLICIT_FALLBACK: Record<string, string> = { huisarts: 'route:huisarts', veiligheid: 'route:gi', medisch_specialist: 'route:medisch_specialist', consultatiebureau: 'route:jeugdarts' };

export interface CasusPathOptions {
  /** Flow links of the same run or scenario: used to pick the unrecorded route of a casus. */
  links?: FlowLink[];
  /** Called for every event that maps to no node (those are skipped). */
  onUnmapped?: (e: EventLogRow) => void;
}

/**
 * Turn an event log into per-casus node sequences in time order. Consecutive events at the same
 * node collapse into one step (the arrival). Routes the log does not record (GP, GI, medisch
 * specialist, jeugdarts, first line, none) are inserted as inferred steps, chosen from `links`
 * (deterministically per casus) or by the vindplaats; a re-referral after help that was not enough
 * passes `step_up`. Output sorted by first time, then casus id.
 */
export function casusPaths(log: EventLogRow[], opts: CasusPathOptions = {}): CasusPath[] {
  const by = new Map<string, { e: EventLogRow; i: number }[]>();
  log.forEach((e, i) => {
    let l = by.get(e.casus);
    if (!l) by.set(e.casus, (l = []));
    l.push({ e, i });
  });
  const w = new Map<string, number>();
  for (const l of opts.links ?? []) if (l.perYear > 0) w.set(`${l.from} -> ${l.to}`, (w.get(`${l.from} -> ${l.to}`) ?? 0) + l.perYear);
  const implicitRoutes = [...new Set((opts.links ?? []).flatMap((l) => [l.from, l.to]).filter((id) => id.startsWith('route:') && id !== 'route:toegang' && id !== 'route:ivh'))].sort();
  const W = (a: string, b: string) => w.get(`${a} -> ${b}`) ?? 0;

  const pickRoute = (casus: string, salt: number, prev: string, next: string | null): string => {
    if (implicitRoutes.length) {
      const cand = implicitRoutes.map((r) => {
        const a = prev.startsWith('vindplaats:') ? W(prev, r) : 1;
        const b = next === null ? 1 : next === 'exit:done' ? W(r, 'exit:need_met') + W(r, 'exit:normalised') : next === 'step_up' ? W(r, 'step_up') : W(r, next);
        return { r, v: a * b };
      });
      const tot = cand.reduce((s, c) => s + c.v, 0);
      if (tot > 0) {
        let u = hash01(casus, salt) * tot;
        for (const c of cand) if ((u -= c.v) < 0) return c.r;
        return cand.filter((c) => c.v > 0).pop()!.r;
      }
    }
    const v = prev.startsWith('vindplaats:') ? prev.slice('vindplaats:'.length) : '';
    return IMPLICIT_FALLBACK[v] ?? (next && next.startsWith('care:') ? 'route:huisarts' : 'route:eerste_lijn');
  };

  const out: CasusPath[] = [];
  for (const [casus, evs] of by) {
    evs.sort((a, b) => a.e.time - b.e.time || a.i - b.i);
    const steps: CasusStep[] = [];
    let lastAct = '';
    let lastTime = 0;
    let lastRoute = '';
    const push = (node: string, time: number, inferred = false) => {
      const prev = steps[steps.length - 1];
      if (prev && prev.node === node) return;
      steps.push(inferred ? { node, time, inferred } : { node, time });
      if (node.startsWith('route:')) lastRoute = node;
    };
    let salt = 0;
    /** The route of a re-referral the log does not record: the same legal referrer, else one by the links. */
    const reRoute = (c: string, sl: number, next: string) =>
      lastRoute && !['route:toegang', 'route:ivh', 'route:eerste_lijn', 'route:geen'].includes(lastRoute) ? lastRoute : pickRoute(c, sl, 'step_up', next);
    for (const { e } of evs) {
      let node = eventNode(e);
      if (node === null) {
        opts.onUnmapped?.(e);
        continue;
      }
      const prev = steps[steps.length - 1];
      const pn = prev?.node ?? '';
      const isNewReferral = (e.activity === 'aanmelding' || e.activity === 'vraagverheldering' || e.activity === 'wachtlijst') && prev !== undefined;
      if (isNewReferral) {
        const after = e.node === 'ivh' ? 'route:ivh' : node;
        if (pn.startsWith('care:') || (pn === 'route:toegang' && HELP_AT_TOEGANG.has(lastAct)) || (pn === after && e.activity === 'aanmelding')) {
          // Help was not enough: re-referred.
          push('step_up', lastTime, true);
          if (node.startsWith('care:')) push(reRoute(casus, ++salt, node), e.time, true);
        } else if (pn.startsWith('vindplaats:')) {
          if (node.startsWith('care:')) push(pickRoute(casus, ++salt, pn, node), prev!.time, true);
          else if (e.time - prev!.time > 1e-6 && e.activity === 'aanmelding') {
            // First-line help that was not enough, then the toegang.
            push('route:eerste_lijn', prev!.time, true);
            push('step_up', e.time, true);
          }
        }
      }
      if (node === 'exit:done' || node === 'exit:unresolved') {
        if (pn.startsWith('vindplaats:')) push(pickRoute(casus, ++salt, pn, node), prev!.time, true);
        else if (node === 'exit:done' && pn.startsWith('care:') && lastAct === 'niet voldoende') {
          // Re-referred through an unrecorded route, which found no need left.
          push('step_up', lastTime, true);
          push(reRoute(casus, ++salt, node), e.time, true);
        }
        if (node === 'exit:done') {
          const last = steps[steps.length - 1];
          let helped = lastAct === 'doel bereikt' || HELP_AT_TOEGANG.has(lastAct);
          if (last?.inferred && last.node.startsWith('route:')) {
            // An unrecorded route: helped or not in the proportions of the links, else by the time it took.
            const met = W(last.node, 'exit:need_met');
            const norm = W(last.node, 'exit:normalised');
            helped = met + norm > 0 ? hash01(casus, 99) * (met + norm) < met : e.time - last.time > 1e-6;
          }
          node = helped ? 'exit:need_met' : 'exit:normalised';
        }
      }
      push(node, e.time);
      lastAct = e.activity;
      lastTime = e.time;
    }
    out.push({ casus, steps });
  }
  out.sort((a, b) => (a.steps[0]?.time ?? 0) - (b.steps[0]?.time ?? 0) || (a.casus < b.casus ? -1 : a.casus > b.casus ? 1 : 0));
  return out;
}

// ---- rendering ------------------------------------------------------------------------------

/** What renderFlow leaves for animateFlow. */
interface Drawn {
  layout: FlowLayout;
  links: FlowLink[];
  ctx: ChartContext;
  fontSize: number;
  overlay: SVGGElement;
  loopColor: string;
  dotColor: string;
}
const drawn = new WeakMap<SVGSVGElement, Drawn>();

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

export function flowNodeLabel(id: string, ctx: ChartContext): string {
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
  data: { current: { style: ScenarioStyle; links: FlowLink[] }; baseline?: { style: ScenarioStyle; links: FlowLink[] } },
  ctx: ChartContext,
): SVGSVGElement {
  const L = ctx.large;
  const fs = L ? 21 : 12.5;
  // Laid out at least 880 wide: narrower, the outer labels were cut off and the middle ones ran into
  // each other (at a 1024-pixel screen). A narrow container scales the drawing down (its viewBox;
  // figure.chart svg has max-width 100%), text included, so nothing is clipped.
  const width = Math.max(L ? 1400 : 880, ctx.width);
  const nodeWidth = L ? 18 : 12;
  const pad = Math.round(fs * 1.45);
  const cur = data.current;
  const base = data.baseline;
  const per = (n: number) => ctx.t('flow.perYearShort', { n: Math.round(n) });
  const charW = fs * 0.6;
  const label = (id: string) => flowNodeLabel(id, ctx);

  // Margins from the longest labels of the outer columns (labels sit outside the bars).
  const ids = new Set([...cur.links, ...(base?.links ?? [])].filter((l) => l.perYear > 0).flatMap((l) => [l.from, l.to]));
  const outerLen = (kind: FlowNodeKind) => Math.max(8, ...[...ids].filter((id) => nodeKind(id) === kind).map((id) => label(id).length + (base ? 15 : 7)));
  const left = Math.min(width * 0.22, outerLen('vindplaats') * charW + 12);
  let right = Math.min(width * 0.25, outerLen('exit') * charW + 12);
  // The comparison legend: two entries on one line, or on two when they do not fit the width.
  const legendTexts = base ? [ctx.t('flow.legend.current', { scenario: cur.style.label }), ctx.t('flow.legend.baseline', { scenario: base.style.label })] : [];
  const legendTwoRows = base !== undefined && left + fs * 6 + (legendTexts[0]!.length + legendTexts[1]!.length) * charW > width - fs;
  const legendH = base ? fs * (legendTwoRows ? 3.4 : 2.2) : fs * 0.6;
  const height = Math.round(Math.max(L ? 620 : 440, width * (L ? 0.6 : 0.56)));
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
    const x2 = legendTwoRows ? 0 : fs * 3.5 + t1.length * charW;
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
    const txt = ctx.t(width < 760 && !L ? 'flow.loop.labelShort' : 'flow.loop.label', { n: Math.round(loop.perYear) }) + (base ? ' ' + ctx.t('flow.loop.baseline', { n: Math.round(loop.comparePerYear ?? 0) }) : '');
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
    let t = `${label(n.id)}  ${ctx.fmt(Math.round(n.value), 0)}`;
    if (base && n.compareValue !== undefined) {
      const d = Math.round(n.value - n.compareValue);
      if (d !== 0 && differs(n.value, n.compareValue, maxNode * 0.5)) t += ` (${d > 0 ? '+' : '−'}${ctx.fmt(Math.abs(d), 0)})`;
    }
    g.append('text')
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
      .text(`${label(LOOP_ID)}  ${ctx.fmt(Math.round(loop.perYear), 0)}`);
  }

  // Tooltip (in the svg, attributes only): shown on hover and on keyboard focus of a band.
  const tipG = svg.append('g').attr('class', 'flow-tooltip').attr('visibility', 'hidden').attr('pointer-events', 'none');
  const tipRect = tipG.append('rect').attr('fill', '#ffffff').attr('stroke', '#333333').attr('stroke-width', 1).attr('rx', 4);
  const tipText = tipG.append('text').attr('fill', ink);
  const showTip = (lines: string[], x: number, y: number) => {
    tipText.selectAll('tspan').data(lines).join('tspan').attr('x', fs * 0.6).attr('dy', (_, i) => (i === 0 ? fs * 1.2 : fs * 1.25)).attr('font-weight', (_, i) => (i === 0 ? 700 : 400)).text((d) => d);
    const w = Math.max(...lines.map((l) => l.length)) * charW + fs * 1.2;
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
  drawn.set(node, { layout: lay, links: cur.links, ctx, fontSize: fs, overlay: overlay.node()!, loopColor, dotColor: '#000000' });
  return node;
}

// ---- animation --------------------------------------------------------------------------------

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
  const labelG = ov.append('g').attr('transform', `translate(${bx},${by})`);
  const runLabel = ctx.t('flow.anim.label');
  labelG.append('text').attr('font-weight', 700).attr('fill', '#000000').attr('stroke', '#ffffff').attr('stroke-width', 4).attr('paint-order', 'stroke').text(runLabel);
  let lx = runLabel.length * fs * 0.62 + fs;
  for (const [key, fill, r] of [
    ['flow.anim.moving', MOVE_FILL, ctx.large ? 4 : 2.6],
    ['flow.anim.waiting', SIT_FILL, ctx.large ? 3 : 2],
  ] as const) {
    labelG.append('circle').attr('cx', lx).attr('cy', -fs * 0.35).attr('r', r * 1.5).attr('fill', fill);
    const txt = ctx.t(key);
    labelG.append('text').attr('x', lx + fs * 0.6).text(txt);
    lx += fs * 1.6 + txt.length * fs * 0.58;
  }
  // The clock on the legend's line if its longest text fits there ('week 262' or 'week 262 · date'
  // at 1.5 x the font, the reduced-motion still at the font), else just above it.
  const clockW = fs * 0.62 * Math.max(1.5 * ctx.t(opts.startDate ? 'flow.anim.date' : 'flow.anim.week', { w: 999, date: '30 sep. 2026' }).length, ctx.t('flow.anim.static', { w: 999 }).length);
  const clockY = bx + lx + clockW > layout.width - fs ? by - fs * 1.8 : by;
  const clock = ov
    .append('text')
    .attr('x', layout.width - fs * 0.5)
    .attr('y', clockY)
    .attr('text-anchor', 'end')
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
