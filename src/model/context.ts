/**
 * What the stages of the chain share. A stage is a room of the chain (the sociaal wijkteam, a
 * basisteam, the IVH-MDO, the providers): it owns its resources, its durations and its steps,
 * and resumes the journeys it put to wait. The chain (chain.ts) builds the stages a design has
 * (designs.ts) and lets them reach each other through the roles below, so a stage knows what
 * the others do, not how.
 */
import type { Environment, Resource, SimEvent } from '../engine/index.js';
import type { Streams } from '../random/index.js';
import type { Referrer, Route, Scenario } from '../scenario/types.js';
import type { Journey, Resumable } from './journey.js';
import { CALLBACK_REQUEST } from './nodes.js';
import type { Outputs } from './outputs.js';
import type { SwtTeams } from './stages/swt-teams.js';

/** Where a route leads: the stage a journey enters to get access to help. */
export interface Entry {
  enter(c: Journey): void;
}

/** A design's toegang for youth: where the route 'toegang' leads, with its resources by KPI group. */
export interface Toegang extends Entry {
  readonly groups: readonly [string, Resource[]][];
}

/** Route choice, the bypass on perceived waits, and re-referral after help that did not work. */
export interface RoutingRole {
  /** Send `c` down `route` (the toegang of the design, IVH, the first line, a legal referrer, none). */
  access(c: Journey, route: Route): void;
  /** A wait at the toegang of wijk `w` ended: what families and professionals believe moves towards it. */
  notePerceived(w: number, wait: number): void;
  /** After a failed episode and the step-up delay: a new referral. */
  reRefer(c: Journey): void;
}

/** How help ends, and the dynamics every stage applies. */
export interface OutcomeRole {
  /** Need 0 after an assessment: normalised, out of the chain. */
  exit(c: Journey): void;
  /** Help in the access part (toegang, first line, POH) ended. */
  helped(c: Journey, success: boolean): void;
  /** Help ended: need met, a step up through a new referral, or unresolved. */
  outcome(c: Journey, success: boolean): void;
  /**
   * The family is sent away without help although it has a need (a stricter indicatiestelling):
   * the need remains, may worsen, and comes back later as a new referral (CPB, 003:L716-730).
   */
  refuse(c: Journey): void;
  /** The deterioration hazard over a wait that just ended. */
  deteriorate(c: Journey, wait: number): void;
  /** Success factor for fragmentation (from the fourth professional on, 003:L826-827). */
  fragmentation(c: Journey): number;
  /** A help episode at `level` starts. */
  markEpisode(c: Journey, level: number): void;
  /** The level of the next referral after a failed episode. */
  nextLevel(c: Journey): number;
}

/** The providers: waiting list per care level, intake, episode. */
export interface ProviderRole {
  refer(c: Journey, level: number, referrer: Referrer, afterAssessment: boolean): void;
}

export interface Chain {
  readonly env: Environment;
  readonly s: Scenario;
  readonly out: Outputs;
  readonly streams: Streams;
  /** End of the warm-up and of the run (weeks). */
  readonly warmup: number;
  readonly end: number;
  /** The professional (a PRO bit) of the design's toegang, who re-assesses an IVH advice. */
  readonly accessProfessional: number;
  readonly routing: RoutingRole;
  readonly outcome: OutcomeRole;
  readonly provider: ProviderRole;
  /** The sociaal wijkteams' staff, youth and Wmo (every design has them, for Wmo at least). */
  readonly swtTeams: SwtTeams;
  /** The share of its triage accuracy the toegang has now: 1, or less while new teams learn after a switch of design. */
  learning(): number;
  /** The scenario whose design is in force now: the scenario, or before a switch of design the one of today. */
  inForce(): Scenario;
}

/** A stage of the chain, with the steps every stage takes: wait, be woken, take a slot. */
export abstract class Stage implements Resumable {
  constructor(protected readonly chain: Chain) {}

  /** Continue the journey of `c` at `step`, one of this stage's own steps. */
  abstract resume(c: Journey, step: number): void;

  /** Resume `c` here at `step` after `delay`. */
  protected after(c: Journey, delay: number, step: number): void {
    c.stage = this;
    c.step = step;
    this.chain.env.schedule(delay, c);
  }

  /** Resume `c` here at `step` when `ev` is processed. */
  protected when(c: Journey, ev: SimEvent<unknown>, step: number): void {
    c.stage = this;
    c.step = step;
    ev.addCallback(c);
  }

  /** Wait for a slot of a first contact (toegang, casemanager, first line). */
  protected firstHelp(c: Journey, res: Resource, priority: number, step: number): void {
    c.waitFrom = this.chain.env.now;
    const req = res.request(CALLBACK_REQUEST[priority]!);
    c.req = req;
    this.when(c, req, step);
  }

  /** Deterioration applies over the wait, and the first contact of the casus is noted. */
  protected firstHelpGranted(c: Journey): void {
    const now = this.chain.env.now;
    this.chain.outcome.deteriorate(c, now - c.waitFrom);
    if (Number.isNaN(c.firstContactAt)) c.firstContactAt = now;
  }

  /**
   * Aanmelding at the toegang of any design: wait for a slot (verblijf-level needs first), then
   * the first conversation (`aanmeldingGranted`).
   */
  protected aanmelding(c: Journey, res: Resource, node: string, step: number): void {
    c.aanmeldingAt = this.chain.env.now;
    this.chain.out.log(c, 'aanmelding', node, c.aanmeldingAt);
    this.firstHelp(c, res, c.need >= 4 ? 0 : 1, step);
  }

  /** The slot of an aanmelding was granted: record the intake wait. */
  protected aanmeldingGranted(c: Journey): void {
    this.firstHelpGranted(c);
    this.chain.out.recordIntake(c, c.waitFrom, this.chain.env.now);
  }

  /** Give back the place `c` holds at `res`. */
  protected releaseAt(c: Journey, res: Resource): void {
    res.release(c.req!);
    c.req = null;
  }
}

/** Waiting cases per slot of a resource: a team's work pressure. */
export function pressure(res: Resource): number {
  return res.queued / Math.max(1, res.capacity);
}
