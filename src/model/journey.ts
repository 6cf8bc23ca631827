/**
 * A casus on its way: its data (`Casus`) and where its journey stands. It is its own engine
 * handler: `_fire` (a delay ended) and `_wake` (a place, meeting or budget was granted) hand it
 * back to the stage that put it to wait, at the step that stage gave. No generator, closure or
 * decision object per step: with some 15,000 casussen per replication, each waiting for months,
 * those made up most of a replication's garbage.
 */
import type { Request, SimEvent } from '../engine/index.js';
import type { Stream } from '../random/index.js';
import type { AgeBand, Referrer, Route, Vindplaats } from '../scenario/types.js';
import type { Casus } from './casus.js';

/** What a journey returns to when its wait ends: a stage of the chain (context.ts). */
export interface Resumable {
  resume(c: Journey, step: number): void;
}

export class Journey implements Casus {
  referrer: Referrer | null = null;
  handoffs = 0;
  professionals = 0;
  nProfessionals = 0;
  episodes = 0;
  failedEpisodes = 0;
  steppedUp = false;
  refused = false;
  deteriorated = false;
  firstContactAt = NaN;
  rightCareAt = NaN;
  lastLevel = 0;
  ktgAt: number | undefined = undefined;
  ambulantYear = -1;
  verblijfYear = -1;
  ambulantSince = 0;
  verblijfSince = 0;

  // Where the journey stands.
  /** The stage that resumes the journey, and the step at which it does. */
  stage: Resumable | null = null;
  step = 0;
  /** The route of the current referral (the first, or the one after a step up). */
  route: Route = 'toegang';
  /** The place held now (toegang slot, casemanager, first line, provider), if any. */
  req: Request | null = null;

  // Per stage.
  /** Toegang: the aanmelding of the current referral. */
  aanmeldingAt = 0;
  /** Start of the current wait (a slot, a provider place, the MDO list). */
  waitFrom = 0;
  /** Start of the current assessment (keukentafelgesprek, intake, vraagverheldering). */
  assessFrom = 0;
  /** The basisteam was full at aanmelding. */
  full = false;
  /** IVH: the adviesplan came from the MDO. */
  viaMdo = false;
  /** The last help was given in the access part (toegang, first line, POH), not by a provider. */
  helpedInAccess = false;
  /** Provider: the care level of the referral, who referred, and whether an assessment came first. */
  level = 0;
  decisionReferrer: Referrer = 'toegang';
  /** Entered the toegang of the design of today, before a switch of design (transition.ts). */
  viaOldToegang = false;
  afterAssessment = false;
  /** Scale of help duration and success (early release, under-treatment). */
  scale = 1;
  /** Duration of the care episode. */
  duration = 0;

  constructor(
    readonly id: number,
    readonly key: string,
    readonly vindplaats: Vindplaats,
    readonly wijk: number,
    readonly age: AgeBand,
    readonly complex: boolean,
    public need: number,
    readonly initialNeed: number,
    readonly u: Stream,
    readonly arrivedAt: number,
    readonly observed: boolean,
    /** Where families from this casus's vindplaats go first. */
    readonly routeOf: (u: Stream) => Route,
  ) {}

  /** @internal A delay ended. */
  _fire(): void {
    this.stage!.resume(this, this.step);
  }

  /** @internal What the casus waited for was granted. */
  _wake(ev: SimEvent<unknown>): void {
    if (!ev.ok) throw ev.value as Error;
    this.stage!.resume(this, this.step);
  }
}
