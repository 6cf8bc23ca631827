/**
 * Money (BRIEF 1.4 and section 2): fixed yearly budgets that accrue weekly over the observed
 * period, p x q for care delivered, and lump sums that bind.
 */
import { Container, type Environment, type ProcessGenerator } from '../engine/index.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import type { Outputs } from './outputs.js';

/** Fixed yearly budgets (euros per year by cost post) accrue weekly; a process of the engine. */
export function* costClock(env: Environment, out: Outputs, end: number, fixed: Record<string, number>): ProcessGenerator<void> {
  const accruing = Object.entries(fixed).filter(([, v]) => v > 0);
  for (;;) {
    yield 1;
    if (env.now > end) return;
    for (const [k, v] of accruing) out.cost(k, v / WEEKS_PER_YEAR);
  }
}

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
