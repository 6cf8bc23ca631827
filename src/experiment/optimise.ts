/**
 * Fitting parameters to calibration bands: a bounded Levenberg-Marquardt that brings every target
 * into its band, for `ketensim fit`.
 *
 * The picture: a few dials (parameters, each with a range) and a row of meters (targets), each with
 * a green zone (its band). Every reading of the meters is expensive (a simulation of seconds, on a
 * worker pool), so the optimiser asks for its readings in batches, and stops as soon as all
 * needles are in the green.
 *
 * What it minimises. A target's miss is how far its value lies outside its band, in band
 * half-widths w = (high - low) / 2, so targets of different units weigh alike:
 * (v - low) / w below the band, (v - high) / w above it, 0 inside. The cost is the sum of squared
 * misses; it is 0 exactly when all targets are inside. Minimising it directly ends on the band
 * edges: a Gauss-Newton step aims an outside target at its edge, and nonlinearity or noise leaves
 * it just outside, again and again. So the fit aims inside the bands, in phases:
 * 1. at the central halves: misses measured from the bands shrunk by w/2 on each side, so a step
 *    that is right to first order lands well inside, and a target in the outer quarters of its
 *    band has a non-zero row, so steps do not push it out unnoticed;
 * 2. if those cannot all be reached (the phase's cost stops decreasing with a target outside its
 *    band), at the bands shrunk by w/10, from the point with the least such cost;
 * 3. likewise at the bands themselves: the true cost, whose stationary points with cost > 0 are
 *    conflicts.
 * The fit stops as soon as any evaluated point (a step or a difference probe) has all targets
 * inside, and returns the most central such point. A pull to the band centres added to the misses
 * (r = miss + mu (v - centre) / w) was not chosen: its minimum can hold a target just outside its
 * band when other targets pull towards their own centres, so "all inside" would not be its optimum.
 *
 * The step. In normalised coordinates u = (x - low) / (high - low) in [0, 1]^p, so every
 * parameter's range is 1: the values' Jacobian by forward differences of size `step` (backwards at
 * the upper bound, the other way if a probe fails), all probes in one batch; the misses' Jacobian
 * by the chain rule (1/w where a target misses its aim, 0 elsewhere: differencing the values, which
 * are smooth, rather than the misses, which have a kink at the band edge); then one batch of
 * Levenberg-Marquardt steps (J'J + lambda diag(J'J)) d = -J'r: the Gauss-Newton step (lambda ~ 0)
 * and two damped ones (lambda and 10 lambda; lambda starts at 1, about half and a tenth of the
 * Gauss-Newton step), the parameters whose descent a bound blocks held at it and the rest clipped to
 * the box. So an iteration is two evaluate calls, p points and 3, and a failed one only the 3 (the
 * Jacobian is kept). The best evaluated point (a step or a probe) is accepted if it lowers the
 * phase's cost; success divides lambda by 10 (down to 0.1), failure multiplies it by 100. A phase
 * ends when no step leaves the point, or after two iterations in a row that lowered its cost by
 * less than 0.1%. One parameter needs nothing special: the damped steps are the safeguard when the
 * Gauss-Newton step overshoots a strongly curved response (a queue's wait near saturation); a
 * bisection was tried and cost more evaluations than it saved.
 *
 * Conflicts. When the last phase ends with targets outside, the gradients of their squared misses
 * show why: two targets whose gradients point apart pull a parameter in opposite directions (at a
 * stationary point of the squared misses such targets share the miss, so both are outside); a
 * target whose descent needs parameters beyond their bounds is blocked there; a target with no
 * response to any parameter cannot be moved. If a target does not respond, a parameter moves no
 * target, or nothing explains the stall, the differences may have been too short for a staircase
 * (a whole number of teams) or a rough response: the step doubles (up to 20% of each range) and the
 * last phase goes on, before any conflict is claimed.
 *
 * Deterministic and resumable. The points asked for depend only on the inputs and the values
 * returned, never on time or randomness, and are rounded to 1e-9 of each parameter's range, so a
 * caller can cache evaluations keyed by point (e.g. JSON.stringify(point)) and resume an
 * interrupted fit by running it again: it asks for the same points in the same batches, answered
 * from the cache up to where it stopped. No point is asked for twice within a fit.
 *
 * Pure: no I/O and no simulation; the evaluations are the caller's (an error they throw ends the
 * fit with that error).
 */

/** A parameter to fit, in its own units: its range and where the fit starts. */
export interface FitParam {
  name: string;
  low: number;
  high: number;
  start: number;
}

/** A target band; a target inside it (ends included) has no miss. `name` is used in messages. */
export interface Band {
  low: number;
  high: number;
  name?: string;
}

/** Evaluates several points at once (in parameter units); per point the model's value of each target, in the order of the bands. */
export type EvaluateBatch = (points: number[][]) => Promise<number[][]>;

/** Progress after each iteration: the current point, its cost (sum of squared misses) and values. */
export interface IterationInfo {
  iteration: number;
  point: number[];
  cost: number;
  values: number[];
  evaluations: number;
}

export interface FitOptions {
  /** Iterations (batches of steps) at most; default 20. */
  maxIterations?: number;
  /** Finite-difference step as a share of each parameter's range, in [1e-6, 0.5]; default 0.05. */
  step?: number;
  onIteration?: (info: IterationInfo) => void;
}

/** Why a fit ended with targets outside at a stationary point; `reason` is English for people. */
export interface Conflict {
  /** The targets still outside their bands. */
  targets: number[];
  /** Pairs of targets pulling a parameter (index) in opposite directions. */
  opposed: { targets: [number, number]; param: number }[];
  reason: string;
}

/** A problem of the question rather than of the code (no finite value at the start): for the user. */
export class BandsError extends Error {}

export interface FitResult {
  /** The point in parameter units. */
  point: number[];
  values: number[];
  /** Sum of squared misses in band half-widths; 0 when all targets are inside. */
  cost: number;
  inside: boolean[];
  /** Iterations done (batches of steps). */
  iterations: number;
  /** Distinct points evaluated, and the evaluate calls that asked for them. */
  evaluations: number;
  batches: number;
  /**
   * 'inside': all targets inside (the most central such point); 'stationary': targets outside and
   * no step improves (see conflict); 'maxIterations': stopped while still improving (the point of
   * least cost so far; no conflict is claimed).
   */
  stop: 'inside' | 'stationary' | 'maxIterations';
  /** stop !== 'maxIterations'. */
  converged: boolean;
  /** Whether the point differs from the start (as the optimiser's grid holds it). */
  moved: boolean;
  atBound: boolean[];
  conflict?: Conflict;
}

/** A target's miss at value v in half-widths: 0 inside the band, negative below, positive above. */
export function miss(v: number, band: Band): number {
  const t = targetOf(band);
  return missFrom(v, t, 0);
}

/** How many half-widths inside each band each phase aims: the central half, near the edges, the bands. */
const MARGINS = [0.5, 0.1, 0];
const LAST = MARGINS.length - 1;
/** A band with low == high is read as centre +- this share of its value (or of 1e-6 at 0). */
const POINT_BAND = 1e-6;
/** Points lie on a grid of 1e-9 of each parameter's range. */
const GRID = 1e9;
/** Damping of the Gauss-Newton step: a tiny lambda, enough to solve when J'J is singular. */
const LAMBDA_GN = 1e-9;
/** The damped steps use lambda and 10 lambda; lambda starts at 1 (half and a tenth of the Gauss-Newton step). */
const LAMBDA_START = 1;
const LAMBDA_MIN = 0.1;
const LAMBDA_FAIL = 100;
/** An iteration makes progress if it lowers the cost by at least this share; a phase ends after PATIENCE iterations in a row without. */
const PROGRESS = 1e-3;
const PATIENCE = 2;
/** When stuck for no visible reason, the difference step doubles up to this share of each range. */
const WIDEST = 0.2;
/** An accepted point lowers the cost by more than this share. */
const GAIN = 1e-9;

interface Target {
  low: number;
  high: number;
  w: number;
  label: string;
}

interface Evaluated {
  u: number[];
  values: number[];
  ok: boolean;
  /** Per phase the sum of squared misses of its aim; the last is the cost. */
  costs: number[];
  cost: number;
}

function targetOf(band: Band, i = 0): Target {
  const label = band.name ? `'${band.name}'` : `${i}`;
  if (band.high > band.low) return { low: band.low, high: band.high, w: (band.high - band.low) / 2, label };
  const w = POINT_BAND * (Math.abs(band.low) || 1e-6);
  return { low: band.low - w, high: band.high + w, w, label };
}

function missFrom(v: number, t: Target, margin: number): number {
  const lo = t.low + margin * t.w;
  const hi = t.high - margin * t.w;
  return v < lo ? (v - lo) / t.w : v > hi ? (v - hi) / t.w : 0;
}

const roundU = (u: number): number => Math.min(1, Math.max(0, Math.round(u * GRID) / GRID));
const keyOf = (u: number[]): string => u.join(',');

function checkInputs(params: FitParam[], bands: Band[], step: number, maxIterations: number): void {
  if (params.length === 0) throw new Error('fitToBands: no parameters to fit; give at least one');
  if (bands.length === 0) throw new Error('fitToBands: no target bands; give at least one');
  for (const p of params) {
    if (!(Number.isFinite(p.low) && Number.isFinite(p.high) && p.high > p.low)) throw new Error(`fitToBands: parameter '${p.name}' has range [${p.low}, ${p.high}]; expected finite low < high`);
    if (!(p.start >= p.low && p.start <= p.high)) throw new Error(`fitToBands: parameter '${p.name}' starts at ${p.start}, outside its range [${p.low}, ${p.high}]`);
  }
  bands.forEach((b, i) => {
    if (!(Number.isFinite(b.low) && Number.isFinite(b.high) && b.high >= b.low)) throw new Error(`fitToBands: band ${b.name ?? i} is [${b.low}, ${b.high}]; expected finite low <= high (for a one-sided target give a wide finite band)`);
  });
  if (!(step >= 1e-6 && step <= 0.5)) throw new Error(`fitToBands: step ${step} should be a share of each range in [1e-6, 0.5]`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 0)) throw new Error(`fitToBands: maxIterations ${maxIterations} should be a whole number >= 0`);
}

/** Solves A x = b (A small, square) by Gaussian elimination with partial pivoting; null if singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    if (!(Math.abs(m[piv]![c]!) > 0)) return null;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x.every(Number.isFinite) ? x : null;
}

/**
 * Levenberg-Marquardt steps from u for each lambda: the misses r (from the aim bands) and their
 * Jacobian R = diag(1/w where missing) J; parameters whose descent is blocked by a bound are held.
 */
function lmSteps(u: number[], values: number[], jac: number[][], targets: Target[], margin: number, lambdas: number[]): { u: number[]; lambda: number }[] {
  const r = targets.map((t, i) => missFrom(values[i]!, t, margin));
  const rows = targets.map((t, i) => jac[i]!.map((d) => (r[i] !== 0 ? d / t.w : 0)));
  const g = u.map((_, j) => rows.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
  const h = u.map((_, j) => u.map((_, k) => rows.reduce((s, row) => s + row[j]! * row[k]!, 0)));
  const free = u.map((_, j) => j).filter((j) => !((u[j]! <= 0 && g[j]! > 0) || (u[j]! >= 1 && g[j]! < 0)));
  const maxH = Math.max(0, ...free.map((j) => h[j]![j]!));
  if (free.length === 0 || !(maxH > 0)) return [];
  const steps: { u: number[]; lambda: number }[] = [];
  for (const lambda of lambdas) {
    const a = free.map((j) => free.map((k) => h[j]![k]! + (j === k ? lambda * Math.max(h[j]![j]!, 1e-12 * maxH) : 0)));
    const d = solve(a, free.map((j) => -g[j]!));
    if (!d) continue;
    const next = u.slice();
    free.forEach((j, q) => (next[j] = roundU(u[j]! + d[q]!)));
    steps.push({ u: next, lambda });
  }
  return steps;
}

const percent = (share: number): string => `${Number((100 * share).toPrecision(3))}%`;
const joinWords = (xs: string[]): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** Why the targets outside cannot be brought in from u (a stationary point): see the module comment. */
function explain(params: FitParam[], targets: Target[], u: number[], values: number[], jac: number[][], h: number): Conflict & { unsure: boolean } {
  const misses = targets.map((t, i) => missFrom(values[i]!, t, 0));
  const outside = misses.flatMap((m, i) => (m !== 0 ? [i] : []));
  // Gradient of half the squared miss of target i in u.
  const grad = (i: number) => jac[i]!.map((d) => (misses[i]! * d) / targets[i]!.w);
  const movable = (j: number, up: boolean) => (up ? u[j]! < 1 : u[j]! > 0);
  const reasons: string[] = [];
  const opposed: Conflict['opposed'] = [];
  const explained = new Set<number>();
  let flat = false;
  const name = (i: number) => targets[i]!.label;
  const label = (i: number) => `target ${name(i)}`;
  for (const i of outside) {
    const gi = grad(i);
    const size = Math.max(...gi.map(Math.abs));
    if (!(size > 0)) {
      reasons.push(`${label(i)} does not respond to any parameter here (over ${percent(h)} of each range)`);
      explained.add(i);
      flat = true;
      continue;
    }
    const matters = gi.flatMap((x, j) => (Math.abs(x) > 1e-6 * size ? [j] : []));
    if (matters.every((j) => !movable(j, gi[j]! < 0))) {
      const side = (j: number) => (gi[j]! < 0 ? `above its upper bound ${params[j]!.high}` : `below its lower bound ${params[j]!.low}`);
      reasons.push(`${label(i)} (${misses[i]! < 0 ? 'below' : 'above'} its band) needs ${joinWords(matters.map((j) => `parameter '${params[j]!.name}' ${side(j)}`))}`);
      explained.add(i);
    }
  }
  for (let a = 0; a < outside.length; a++) {
    for (let b = a + 1; b < outside.length; b++) {
      const i = outside[a]!;
      const k = outside[b]!;
      const gi = grad(i);
      const gk = grad(k);
      // Only parameters that can move the way at least one of the two wants.
      const js = u.map((_, j) => j).filter((j) => movable(j, gi[j]! < 0) || movable(j, gk[j]! < 0));
      const dot = js.reduce((s, j) => s + gi[j]! * gk[j]!, 0);
      if (!(dot < 0)) continue;
      const j = js.reduce((best, j) => (gi[j]! * gk[j]! < gi[best]! * gk[best]! ? j : best), js[0]!);
      opposed.push({ targets: [i, k], param: j });
      explained.add(i).add(k);
      const [up, down] = gi[j]! < 0 ? [i, k] : [k, i];
      reasons.push(`targets ${name(i)} and ${name(k)} pull parameter '${params[j]!.name}' in opposite directions (${label(up)} wants it higher, ${label(down)} lower)`);
    }
  }
  const rest = outside.filter((i) => !explained.has(i));
  if (rest.length > 0) {
    reasons.push(`no step reduced the miss of ${joinWords(rest.map(label))} further (differences over ${percent(h)} of each range), and no opposing target or bound shows why: the model may be rough or non-monotone here; try another start`);
  }
  // A parameter that moves no target over this step may move them over a larger one (a staircase).
  const idle = params.flatMap((q, j) => (jac.every((row) => row[j] === 0) ? [`'${q.name}'`] : []));
  if (idle.length > 0) reasons.push(`parameter${idle.length > 1 ? 's' : ''} ${joinWords(idle)} ${idle.length > 1 ? 'move' : 'moves'} no target (over ${percent(h)} of ${idle.length > 1 ? 'their ranges' : 'its range'})`);
  // Rough or flat over this step, it may be neither over a larger one.
  return { targets: outside, opposed, reason: reasons.join('; '), unsure: flat || idle.length > 0 || rest.length > 0 };
}

/**
 * Fits the parameters so that every target lies in its band (see the module comment for the
 * method). Throws if the inputs are invalid or the model gives non-finite values at the start.
 */
export async function fitToBands(params: FitParam[], bands: Band[], evaluate: EvaluateBatch, opts: FitOptions = {}): Promise<FitResult> {
  let h = opts.step ?? 0.05;
  const maxIterations = opts.maxIterations ?? 20;
  checkInputs(params, bands, h, maxIterations);
  const targets = bands.map((b, i) => targetOf(b, i));
  const memo = new Map<string, Evaluated>();
  let evaluations = 0;
  let batches = 0;

  const toX = (u: number[]): number[] => u.map((x, j) => {
    const { low, high } = params[j]!;
    return x === 0 ? low : x === 1 ? high : low + x * (high - low);
  });
  const get = (u: number[]): Evaluated => memo.get(keyOf(u))!;
  /** Evaluates the points not yet known, as one batch. */
  const run = async (us: number[][]): Promise<void> => {
    const fresh = new Map<string, number[]>();
    for (const u of us) if (!memo.has(keyOf(u))) fresh.set(keyOf(u), u);
    if (fresh.size === 0) return;
    const points = [...fresh.values()];
    const out = await evaluate(points.map(toX));
    if (!Array.isArray(out) || out.length !== points.length || out.some((v) => !Array.isArray(v) || v.length !== bands.length)) {
      throw new Error(`fitToBands: evaluate returned ${Array.isArray(out) ? `${out.length} rows` : typeof out} for ${points.length} points; expected per point an array of ${bands.length} values (one per band)`);
    }
    points.forEach((u, q) => {
      const values = out[q]!.slice();
      const ok = values.every(Number.isFinite);
      const costs = MARGINS.map((margin) => (ok ? targets.reduce((s, t, i) => s + missFrom(values[i]!, t, margin) ** 2, 0) : Infinity));
      memo.set(keyOf(u), { u, values, ok, costs, cost: costs[LAST]! });
    });
    evaluations += points.length;
    batches++;
  };

  let base = params.map((q) => roundU((q.start - q.low) / (q.high - q.low)));
  const startKey = keyOf(base);
  let jac: number[][] | null;
  let phase = 0;
  const merit = (e: Evaluated) => e.costs[phase]!;
  let lambda = LAMBDA_START;
  let stuck = 0;
  let iterations = 0;

  /** The values' Jacobian at base by forward differences (probes in one batch, failed ones retried the other way). */
  const jacobian = async (): Promise<number[][]> => {
    const dir: number[] = base.map((x) => (x + h <= 1 ? 1 : -1));
    const probe = (j: number) => base.map((x, k) => (k === j ? roundU(x + dir[j]! * h) : x));
    await run([base, ...base.map((_, j) => probe(j))]);
    const b = get(base);
    if (!b.ok) {
      const bad = b.values.flatMap((v, i) => (Number.isFinite(v) ? [] : [targets[i]!.label]));
      throw new BandsError(`the model gives no finite value for target ${joinWords(bad)} at the start point (${params.map((q, j) => `${q.name} = ${toX(base)[j]}`).join(', ')}); choose another start`);
    }
    const retry = base.flatMap((x, j) => {
      if (get(probe(j)).ok || x - dir[j]! * h < 0 || x - dir[j]! * h > 1) return [];
      dir[j] = -dir[j]!;
      return [probe(j)];
    });
    await run(retry);
    return targets.map((_, i) => base.map((_, j) => {
      const e = get(probe(j));
      return e.ok ? (e.values[i]! - b.values[i]!) / (e.u[j]! - base[j]!) : 0;
    }));
  };

  const finish = (u: number[], stop: FitResult['stop'], conflict?: Conflict): FitResult => {
    const e = get(u);
    return {
      point: toX(u),
      values: e.values,
      cost: e.cost,
      inside: targets.map((t, i) => missFrom(e.values[i]!, t, 0) === 0),
      iterations,
      evaluations,
      batches,
      stop,
      converged: stop !== 'maxIterations',
      moved: keyOf(u) !== startKey,
      atBound: u.map((x) => x <= 0 || x >= 1),
      ...(conflict ? { conflict } : {}),
    };
  };
  /** The most central evaluated point with all targets inside, if any. */
  const inside = (): Evaluated | undefined => {
    let best: Evaluated | undefined;
    for (const e of memo.values()) if (e.ok && e.cost === 0 && (!best || e.costs[0]! < best.costs[0]!)) best = e;
    return best;
  };
  /** The evaluated point of least cost under f, base on ties. */
  const least = (f: (e: Evaluated) => number): Evaluated => {
    let best = get(base);
    for (const e of memo.values()) if (f(e) < f(best) * (1 - GAIN)) best = e;
    return best;
  };

  jac = await jacobian(); // the first batch: the start and its p probes
  for (;;) {
    const done = inside();
    if (done) return finish(done.u, 'inside');
    if (iterations >= maxIterations) return finish(least((e) => e.cost).u, 'maxIterations');
    if (!jac) {
      jac = await jacobian();
      continue;
    }

    const lambdas = [LAMBDA_GN, lambda, 10 * lambda];
    const candidates: { u: number[]; lambda?: number }[] = lmSteps(base, get(base).values, jac, targets, MARGINS[phase]!, lambdas);
    const moves = candidates.filter((c) => keyOf(c.u) !== keyOf(base));
    if (moves.length === 0 || stuck >= PATIENCE) {
      // Stalled: no step leaves the point, or no progress for PATIENCE iterations.
      stuck = 0;
      lambda = LAMBDA_START;
      if (phase < LAST) {
        phase++;
        const start = least(merit);
        if (start !== get(base)) {
          base = start.u;
          jac = null;
        }
        continue;
      }
      const { unsure, ...conflict } = explain(params, targets, base, get(base).values, jac, h);
      if (unsure && h < WIDEST) {
        // Stuck with no opposing target or bound to show for it: differences over a small step of a
        // rough model may point the wrong way, or see no response at all; try a doubled step.
        h = Math.min(WIDEST, 2 * h);
        jac = null;
        continue;
      }
      return finish(base, 'stationary', conflict);
    }
    const tried = moves.filter((c, q) => !memo.has(keyOf(c.u)) && moves.findIndex((o) => keyOf(o.u) === keyOf(c.u)) === q);
    if (tried.length === 0) {
      // All these steps were evaluated before (clipped to the same corner, or tried from a point
      // since left): damp them more, without an evaluation.
      lambda *= LAMBDA_FAIL;
      continue;
    }

    iterations++;
    await run(tried.map((c) => c.u));
    const was = get(base);
    const best = least(merit);
    if (best !== was) {
      const step = tried.find((c) => keyOf(c.u) === keyOf(best.u));
      if (step?.lambda !== undefined) lambda = Math.max(LAMBDA_MIN, (step.lambda === LAMBDA_GN ? lambda : step.lambda) / 10);
      stuck = merit(best) < (1 - PROGRESS) * merit(was) ? 0 : stuck + 1;
      base = best.u;
      jac = null;
    } else {
      lambda *= LAMBDA_FAIL;
      stuck++;
    }
    const now = get(base);
    opts.onIteration?.({ iteration: iterations, point: toX(base), cost: now.cost, values: now.values, evaluations });
  }
}
