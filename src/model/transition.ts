/**
 * A switch from the design of today to another at a date (docs/model.md 2.7). One chain runs
 * both: until the switch the toegang route leads to the old toegang, after it to the new one;
 * the providers' places go from the old design's to the new one's over the learning time; the new teams start at a share of their
 * capacity and triage accuracy and grow to all of it over the learning time (a learning curve:
 * "het kost tijd voordat een nieuw model werkt", 003:L470). Families at the old toegang finish
 * there, or those still waiting for their first conversation move over (a choice). Staff are paid
 * from the switch (the new teams) and until the old teams have no families left.
 */
import type { Resource } from '../engine/index.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import type { Scenario } from '../scenario/types.js';
import { MONTH_WEEKS, SUMMER } from './calendar.js';

export class Transition {
  /** The time of the switch (weeks). */
  readonly at: number;
  readonly before: Scenario;
  readonly existing: 'finish' | 'move';
  private readonly learn: number;
  private readonly capacity0: number;
  private readonly accuracy0: number;

  constructor(s: Scenario, warmup: number) {
    const t = s.transition!;
    this.before = t.before;
    this.at = warmup + (t.year - s.simulation.start_year!) * WEEKS_PER_YEAR;
    this.existing = t.existing;
    this.learn = t.learning_time.value;
    this.capacity0 = t.start_capacity.value;
    this.accuracy0 = t.start_accuracy.value;
  }

  /** How far the new teams have come at time `t`: 0 at the switch, 1 once they have learnt. */
  private progress(t: number): number {
    if (t < this.at) return 0;
    if (this.learn <= 0) return 1;
    // Whole months add up to the learning time only up to rounding: the last step reaches 1.
    const x = (t - this.at) / this.learn;
    return x >= 1 - 1e-9 ? 1 : x;
  }

  /** The share of their capacity the new teams have at `t` (changing month by month). */
  capacity(t: number): number {
    const monthly = this.learn > 0 ? Math.floor((t - this.at) / MONTH_WEEKS + 1e-9) * MONTH_WEEKS + this.at : t;
    return this.capacity0 + (1 - this.capacity0) * this.progress(Math.max(this.at, monthly));
  }

  /**
   * How far the staff who move have moved at `t` (0 before the switch, 1 once the new teams have
   * learnt), month by month as the capacity: the providers' places go from the old design's to the
   * new one's as the new teams take their work over, not at once on the day of the switch.
   */
  moved(t: number): number {
    if (t < this.at) return 0;
    const monthly = this.learn > 0 ? Math.floor((t - this.at) / MONTH_WEEKS + 1e-9) * MONTH_WEEKS + this.at : t;
    return this.progress(Math.max(this.at, monthly));
  }

  /** The share of their triage accuracy the new teams have at `t`. */
  accuracy(t: number): number {
    return this.accuracy0 + (1 - this.accuracy0) * this.progress(t);
  }

  /** The times the new teams' capacity changes: the switch and each month of the learning time. */
  rampTimes(end: number): number[] {
    const out = [this.at];
    const months = Math.ceil(this.learn / MONTH_WEEKS - 1e-9);
    for (let k = 1; k <= months && this.at + k * MONTH_WEEKS < end; k++) out.push(this.at + k * MONTH_WEEKS);
    return out;
  }
}

/**
 * Let a resource follow its capacity over the whole run: `base(t)` slots (the design in force,
 * the learning curve), fewer in July and August when `away` of the staff are on holiday. The
 * capacity changes at `changes` and at the start and end of each summer.
 */
export function followCalendar(r: Resource, base: (t: number) => number, changes: readonly number[], away: number, end: number): void {
  const times = new Set<number>([0, ...changes.filter((t) => t > 0 && t < end)]);
  if (away > 0) for (let y = 0; y * WEEKS_PER_YEAR < end; y++) for (const t of [y * WEEKS_PER_YEAR + SUMMER.from, y * WEEKS_PER_YEAR + SUMMER.to]) if (t < end) times.add(t);
  const sorted = [...times].sort((a, b) => a - b);
  const inSummer = (t: number) => {
    const inYear = t - Math.floor(t / WEEKS_PER_YEAR) * WEEKS_PER_YEAR;
    return inYear >= SUMMER.from - 1e-9 && inYear < SUMMER.to - 1e-9;
  };
  const capacities = sorted.map((t) => {
    const b = base(t);
    return away > 0 && inSummer(t) ? Math.max(1, Math.round(b * (1 - away))) : b;
  });
  r.followSchedule({ times: sorted, capacities });
}
