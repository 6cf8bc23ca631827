/**
 * The layout of the flow diagram (pure, no DOM): vindplaatsen -> routes (-> MDO) -> care levels ->
 * exits in four columns, bands as ribbons between them (through pass-through slots where a band
 * skips a column), and the step-up loop as a return arc under the diagram. Deterministic for the
 * same input.
 */
import { arcPath, ribbonPath, roundedPolyline } from './geometry.js';
import { cmpRank, KIND_COLUMN, LOOP_ID, nodeKind, type FlowLayout, type FlowLayoutLink, type FlowLayoutOptions, type FlowLink, type FlowLoop, type FlowNode, type FlowSegment } from './types.js';

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
