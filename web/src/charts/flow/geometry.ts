/** Geometry of the flow diagram: ribbons between columns and the return arc of the loop, as SVG paths. */
import type { FlowSegment } from './types.js';

/** A coordinate with one decimal, as paths write it. */
export const f1 = (x: number): string => (Math.round(x * 10) / 10).toString();

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
/** Sample a polyline with rounded corners (radius r) into points. */
export function roundedPolyline(pts: { x: number; y: number }[], r: number): { x: number; y: number }[] {
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
export function offsetEdges(pts: { x: number; y: number }[], w: number): { l: { x: number; y: number }[]; r: { x: number; y: number }[] } {
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

export function arcPath(center: { x: number; y: number }[], w: number, arrowLen: number): string {
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
