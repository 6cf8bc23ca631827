/**
 * Money (BRIEF 1.4 and section 2): fixed yearly budgets that accrue weekly over the observed
 * period, p x q for care delivered, and lump sums that bind.
 */
import { Container, type Environment, type ProcessGenerator } from '../engine/index.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import type { Outputs } from './outputs.js';
import type { StaffLine } from './staff.js';

/**
 * Fixed yearly costs accrue weekly (a process of the engine): every team paid from its own post,
 * and a lump sum, which pays the staff it funds week by week (what it cannot pay is an overrun).
 */
export function* costClock(env: Environment, out: Outputs, end: number, staffOf: readonly StaffLine[] | ((t: number) => readonly StaffLine[]), lumpSum: LumpSum | null): ProcessGenerator<void> {
  // The staff paid: fixed, or (a switch of design) the staff in force each week.
  const accrual = (staff: readonly StaffLine[]): [string, number][] => {
    const posts = new Map<string, number>();
    // A team shared by youth and Wmo is split by the work it did, at the end (kpis.ts).
    for (const line of staff) if (line.post !== null && line.cost > 0 && !line.sharedWithWmo) posts.set(line.post, (posts.get(line.post) ?? 0) + line.cost);
    const accruing = [...posts];
    if (lumpSum) accruing.push([LUMP_SUM_POST, lumpSum.yearly]);
    return accruing;
  };
  const fixed = typeof staffOf === 'function' ? null : staffOf;
  let accruing = accrual(fixed ?? []);
  const staffNow = (): readonly StaffLine[] => fixed ?? (staffOf as (t: number) => readonly StaffLine[])(env.now);
  // Teams the lump sum pays (the one-stop-shop's intake team): no post of their own.
  const fromLumpSum = lumpSum ? staffNow().filter((l) => l.post === null && l.access).reduce((a, l) => a + l.cost, 0) / WEEKS_PER_YEAR : 0;
  for (;;) {
    yield 1;
    if (env.now > end) return;
    if (!fixed) accruing = accrual(staffNow());
    for (const [k, v] of accruing) if (v > 0) out.cost(k, v / WEEKS_PER_YEAR);
    if (fromLumpSum > 0) {
      const budget = lumpSum!.budget;
      const paid = Math.min(fromLumpSum, budget.level);
      // Care waiting for money (rule 'wait') queues before the staff: then the staff overrun.
      const unpaid = paid > 0 && budget.tryGet(paid) ? fromLumpSum - paid : fromLumpSum;
      if (out.observing) out.overrun += unpaid;
    }
  }
}

/** The cost post of a design's lump sum. */
export const LUMP_SUM_POST = 'lump_sum.one_stop_shop';

/**
 * A lump sum renewed every year; what is left does not carry over (a yearly budget). Care is
 * paid from it as it starts; when it runs out the design's rule acts.
 */
export class LumpSum {
  readonly budget: Container;

  constructor(
    private readonly env: Environment,
    readonly yearly: number,
    name: string,
  ) {
    this.budget = new Container(env, { name, init: yearly });
  }

  /** The renewal, a process of the engine. */
  *years(): ProcessGenerator<void> {
    for (let k = 1; ; k++) {
      yield k * WEEKS_PER_YEAR - this.env.now;
      this.budget.drain(); // what is left does not carry over, even while care waits for money
      this.budget.put(Math.min(this.yearly, this.budget.capacity));
    }
  }
}
