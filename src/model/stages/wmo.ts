/**
 * Wmo aanmeldingen at the sociaal wijkteam (000:L1535, L1555-1557). They stay with the SWT in
 * every design and occupy its Wmo caseload. They are many and simple, so they use the callback
 * layer (one handler per wijk for the inflow, no process or closure per applicant): request,
 * renege after the patience time if still waiting, hold, release.
 */
import { URGENT, type Environment, type Request, type Resource } from '../../engine/index.js';
import { exponential, nextArrivalNHPP } from '../../random/index.js';
import type { Chain } from '../context.js';
import { CALLBACK_REQUEST } from '../nodes.js';
import type { Outputs } from '../outputs.js';
import { DurationSampler } from '../sample.js';
import type { SwtTeams } from './swt-teams.js';
import { maxFactor, rateFactor } from './inflow.js';

export class WmoDesk {
  /** The Wmo caseload of each wijk's team. */
  readonly teams: Resource[];
  private readonly handling: DurationSampler;

  /** Priority of a Wmo request: first at its own staff, in turn with youth at a shared team. */
  private readonly priority: number;

  constructor(
    private readonly chain: Chain,
    swt: SwtTeams,
  ) {
    this.teams = swt.wmo;
    this.priority = swt.shared ? 1 : 0;
    this.handling = new DurationSampler(chain.s.swt.wmo_handling);
  }

  /** Start the Wmo inflow of every wijk. */
  start(): void {
    this.chain.s.population.wijken.forEach((_, w) => this.arrivals(w));
  }

  private arrivals(w: number): void {
    const { env, s, out, streams, warmup, end } = this.chain;
    const rate = s.inflow.wmo_rate.value * s.population.wijken[w]!.share.value;
    if (rate <= 0) return;
    const u = streams.stream(`arrivals.wmo.${w}`);
    const max = rate * maxFactor(s, warmup, end);
    const res = this.teams[w]!;
    const desk: Desk = { env, out, res };
    const patience = s.swt.wmo_patience?.value;
    const rateAt = (t: number) => rate * rateFactor(s, warmup, t);
    const handling = this.handling;
    let started = false;
    const step = () => {
      if (started) {
        const observed = env.now >= warmup;
        const hold = handling.sample(u);
        const req = res.request(CALLBACK_REQUEST[this.priority]!);
        const applicant = new WmoApplicant(desk, req, env.now, observed, hold);
        if (req.processed) applicant._wake();
        else {
          req.addCallback(applicant);
          // Applicants who wait too long find another solution (reneging).
          if (patience !== undefined) applicant.renege = env.schedule(exponential(u, patience), applicant);
        }
      }
      started = true;
      const next = nextArrivalNHPP(u, env.now, rateAt, max, end);
      if (next < end) env.schedule(next - env.now, step);
    };
    env.scheduleAt(env.now, step, URGENT);
  }
}

/** What Wmo applicants of one wijk share. */
interface Desk {
  readonly env: Environment;
  readonly out: Outputs;
  readonly res: Resource;
}

/**
 * A Wmo applicant at the sociaal wijkteam, its own engine handler: `_wake` when its request is
 * granted, `_fire` when its patience runs out (still waiting) or its handling ends (in service).
 */
class WmoApplicant {
  /** Calendar id of the reneging timer, or -1. */
  renege = -1;
  private inService = false;

  constructor(
    private readonly desk: Desk,
    private readonly req: Request,
    private readonly t0: number,
    private readonly observed: boolean,
    private readonly hold: number,
  ) {}

  /** @internal A place at the team: record the wait and hold it for the handling time. */
  _wake(): void {
    const { env, out } = this.desk;
    if (this.renege >= 0) env.cancel(this.renege);
    if (this.observed) out.recordWmoWait(this.t0, env.now);
    this.inService = true;
    env.schedule(this.hold, this);
  }

  /** @internal Handling ended, or patience ran out. */
  _fire(): void {
    const { env, out, res } = this.desk;
    if (this.inService) {
      res.release(this.req);
      if (this.observed) out.recordSwtClosure(this.t0, env.now);
      return;
    }
    if (this.req.status !== 'queued') return; // granted at this very time: _wake comes next
    res.withdraw(this.req);
    if (this.observed) out.wmoReneged++;
  }
}
