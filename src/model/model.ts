/**
 * The youth-care chain on the engine. One journey per casus follows BRIEF section 1:
 * vindplaats -> route (toegang, legal referrer, IVH, first line) -> access (wait, assessment,
 * decision) -> provider (wait, intake, episode) -> outcome (need met, step up, unresolved).
 * Waits are never inputs: they come out of the queues at staff, meeting slots and places.
 *
 * Designs differ in what `toegang` is: the sociaal wijkteam (indicatiemodel), a youth-and-family
 * basisteam (brede basisteams), or the intake of one main provider (one-stop-shop).
 */
import { Container, Environment, Meeting, Resource, URGENT, type ProcessGenerator, type Request, type RequestOptions, type SimEvent } from '../engine/index.js';
import { bernoulli, exponential, makeDiscrete, nextArrivalNHPP, Streams, type Stream } from '../random/index.js';
import { WEEKS_PER_YEAR, type Param } from '../scenario/param.js';
import {
  AGE_BANDS,
  CARE_LEVEL_NAMES,
  NEED_LEVELS,
  ROUTES,
  VINDPLAATSEN,
  type AgeBand,
  type CareLevel,
  type Duration,
  type Referrer,
  type Route,
  type Scenario,
  type Vindplaats,
} from '../scenario/types.js';
import { hasMet, involve, isYoungChild, meet, PRO, type Casus } from './casus.js';
import { flowNode, Outputs, type ReplicationResult } from './outputs.js';
import { DurationSampler, placeLevel } from './sample.js';

export const MODEL_VERSION = '0.1.0';

// Names of flow nodes, professionals and cost types, built once: a template string per call
// would allocate (and hash) a new string on every step of every casus.
const ROUTE_NODE = Object.fromEntries(ROUTES.map((r) => [r, flowNode(`route:${r}`)])) as Record<Route, number>;
const VINDPLAATS_NODE = Object.fromEntries(VINDPLAATSEN.map((v) => [v, flowNode(`vindplaats:${v}`)])) as Record<Vindplaats, number>;
const CARE_NODE = [0, 1, 2, 3, 4].map((l) => flowNode(`care:${l}`));
const careNode = (level: number): number => CARE_NODE[level] ?? flowNode(`care:${level}`);
/**
 * Options of the model's requests, by priority (0 first): on the callback layer there is no
 * process to interrupt (owner null). Shared constants, so a request allocates no options object.
 */
const CALLBACK_REQUEST: readonly RequestOptions[] = [0, 1].map((priority) => Object.freeze({ priority, owner: null }));
const NODE = {
  exitNormalised: flowNode('exit:normalised'),
  exitNeedMet: flowNode('exit:need_met'),
  exitUnresolved: flowNode('exit:unresolved'),
  stepUp: flowNode('step_up'),
  mdo: flowNode('mdo'),
};
const byLevel = <T>(name: (l: CareLevel) => T) => ({ 1: name(1), 2: name(2), 3: name(3), 4: name(4) }) as Record<CareLevel, T>;
const PROVIDER = byLevel((l) => PRO[`aanbieder_${l}`]);
const CARE_COST = byLevel((l) => `care.${CARE_LEVEL_NAMES[l]}`);

export interface RunOptions {
  seed: number | string;
  replication: number;
  /** Override the scenario's horizon and warm-up (weeks). */
  horizonWeeks?: number;
  warmupWeeks?: number;
  eventLog?: boolean;
  /** Sampling interval of the time series (weeks). */
  seriesEvery?: number;
  /** Called with every new casus (tests of common random numbers, animation). */
  onArrival?: (c: Casus) => void;
}

type CareType = Scenario['care']['1'] & object;
type VindplaatsSpec = Scenario['inflow']['vindplaatsen'][Vindplaats] & object;

const sharesOf = <K extends string>(keys: readonly K[], rec: Partial<Record<K, Param>>) => keys.map((k) => rec[k]?.value ?? 0);

export class ChainModel {
  readonly env = new Environment();
  readonly streams: Streams;
  readonly out: Outputs;
  private readonly s: Scenario;
  private readonly warmup: number;
  private readonly end: number;
  private readonly swt: Resource[] = [];
  private readonly swtWmo: Resource[] = [];
  private readonly basisteam: Resource[] = [];
  private ossIntake: Resource | null = null;
  private ossBudget: Container | null = null;
  private readonly casemanagers: Resource;
  private readonly eersteLijn: Resource;
  private readonly mdo: Meeting<Casus>;
  private readonly care: Record<CareLevel, Resource>;
  /** The scenario's care types by level. */
  private readonly careTypes: Record<CareLevel, CareType>;
  /** Per wijk: the SWT wait that families and professionals there believe in, and when it was last updated. */
  private readonly perceivedWait: number[];
  private readonly perceivedAt: number[];
  /** The scenario's durations, compiled once (see DurationSampler). */
  private readonly dur: Durations;
  private nextId = 0;
  private inSystem = 0;
  private readonly route: Stream;

  constructor(scenario: Scenario, private readonly opts: RunOptions) {
    const s = scenario;
    this.s = s;
    this.streams = new Streams({ seed: opts.seed, replication: opts.replication });
    this.route = this.streams.stream('routing');
    this.warmup = opts.warmupWeeks ?? s.simulation.warmup.value;
    this.end = this.warmup + (opts.horizonWeeks ?? s.simulation.horizon.value);
    this.out = new Outputs(0, s.population.wijken.length, s.norms.first_contact.value, opts.eventLog ?? false);
    const slots = (p: Param) => Math.max(1, Math.round(p.value));
    this.perceivedWait = s.population.wijken.map(() => 0);
    this.perceivedAt = s.population.wijken.map(() => 0);
    s.population.wijken.forEach((w) => {
      this.swt.push(new Resource(this.env, { capacity: slots(s.swt.youth_slots_per_wijk), name: `swt.${w.name}` }));
      this.swtWmo.push(new Resource(this.env, { capacity: slots(s.swt.wmo_slots_per_wijk), name: `swt_wmo.${w.name}` }));
      if (s.basisteam) this.basisteam.push(new Resource(this.env, { capacity: slots(s.basisteam.slots_per_wijk), name: `basisteam.${w.name}` }));
    });
    if (s.one_stop_shop) {
      this.ossIntake = new Resource(this.env, { capacity: slots(s.one_stop_shop.intake_slots), name: 'oss.intake' });
      this.ossBudget = new Container(this.env, { name: 'oss.budget', init: s.one_stop_shop.budget_per_year.value });
    }
    this.casemanagers = new Resource(this.env, { capacity: slots(s.ivh.casemanager_slots), name: 'ivh.casemanagers' });
    this.eersteLijn = new Resource(this.env, { capacity: slots(s.eerste_lijn.capacity), name: 'eerste_lijn' });
    this.mdo = new Meeting<Casus>(this.env, {
      name: 'ivh.mdo',
      period: s.ivh.mdo_period.value,
      slots: s.ivh.mdo_slots.value,
      perCase: s.ivh.mdo_minutes_per_case.value,
      firstAt: s.ivh.mdo_period.value,
    });
    for (const extra of s.ivh.extra_mdo ?? []) this.mdo.addMeeting(this.warmup + extra.at.value, extra.slots.value);
    this.careTypes = byLevel((l) => s.care[String(l) as '1' | '2' | '3' | '4']!);
    this.dur = compileDurations(s);
    this.care = {
      1: new Resource(this.env, { capacity: slots(s.care['1']!.places), name: 'care.lichte_hulp' }),
      2: new Resource(this.env, { capacity: slots(s.care['2']!.places), name: 'care.begeleiding' }),
      3: new Resource(this.env, { capacity: slots(s.care['3']!.places), name: 'care.behandeling' }),
      4: new Resource(this.env, { capacity: slots(s.care['4']!.places), name: 'care.verblijf' }),
    };
  }

  /** All resources, for utilisation and queue-length KPIs. */
  private resourceGroups(): Record<string, Resource[]> {
    const g: Record<string, Resource[]> = {
      ivh_casemanagers: [this.casemanagers],
      eerste_lijn: [this.eersteLijn],
      lichte_hulp: [this.care[1]],
      begeleiding: [this.care[2]],
      behandeling: [this.care[3]],
      verblijf: [this.care[4]],
    };
    if (this.s.design === 'indicatiemodel') g.swt = this.swt;
    if (this.s.inflow.wmo_rate.value > 0) g.swt_wmo = this.swtWmo;
    if (this.basisteam.length > 0) g.basisteam = this.basisteam;
    if (this.ossIntake) g.oss_intake = [this.ossIntake];
    return g;
  }

  run(): ReplicationResult {
    const s = this.s;
    for (const v of VINDPLAATSEN) this.arrivals(v);
    s.population.wijken.forEach((_, w) => this.wmoArrivals(w));
    if (this.ossBudget) this.env.process(this.budgetYears(), 'oss.budget');
    this.env.process(this.costClock(), 'costs');
    const every = this.opts.seriesEvery ?? WEEKS_PER_YEAR / 12;
    const series: Record<string, number[]> = {};
    const t: number[] = [];
    const groups = this.resourceGroups();
    // The series and their keys are made once, in the order of the first sample; a sample only
    // appends numbers.
    const column = (k: string): number[] => (series[k] = []);
    const byGroup = Object.entries(groups).map(([name, rs]) => ({ rs, queue: column(`queue_len.${name}`), caseload: column(`caseload.${name}`) }));
    const inCare = [1, 2, 3, 4].map((l) => ({ level: this.out.inCare[l]!, values: column(`in_care.${CARE_LEVEL_NAMES[l as CareLevel]}`) }));
    const mdoWaiting = column('mdo_waiting');
    const inSystem = column('in_system');
    const sample = () => {
      t.push(this.env.now);
      for (const g of byGroup) {
        let queued = 0;
        let inUse = 0;
        for (const r of g.rs) {
          queued += r.queued;
          inUse += r.inUse;
        }
        g.queue.push(queued);
        g.caseload.push(inUse);
      }
      for (const c of inCare) c.values.push(c.level.current);
      mdoWaiting.push(this.mdo.waiting);
      inSystem.push(this.inSystem);
    };
    for (let k = 0; k * every <= this.end + 1e-9; k++) this.env.scheduleAt(k * every, sample, 2);
    this.env.run({ until: this.warmup });
    for (const rs of Object.values(groups)) for (const r of rs) r.resetStats();
    this.mdo.resetStats();
    this.out.startObserving(this.env.now);
    this.env.run({ until: this.end });
    return this.collect(groups, { t, series });
  }

  // ---- inflow ------------------------------------------------------------------------------

  private rateFactor(t: number): number {
    const inflow = this.s.inflow;
    const g = inflow.growth_per_year.value;
    const growth = g === 0 ? 1 : Math.pow(1 + g, t / WEEKS_PER_YEAR); // (pow(1, x) is 1)
    const weekOfYear = t % WEEKS_PER_YEAR;
    // July and August: weeks 26 to 35 of a year that starts on 1 January.
    const summer = weekOfYear >= 26 && weekOfYear < 35 ? 1 - inflow.summer_dip.value : 1;
    return growth * summer;
  }

  private maxFactor(): number {
    const g = this.s.inflow.growth_per_year.value;
    return g >= 0 ? Math.pow(1 + g, this.end / WEEKS_PER_YEAR) : 1;
  }

  /**
   * The inflow from one vindplaats. It runs on the callback layer: one handler per source,
   * scheduled again after every arrival, where a process would resume a generator (and
   * allocate an iterator result) per arrival. Like a process it starts at the current time,
   * before other events at that time.
   */
  private arrivals(v: Vindplaats): void {
    const env = this.env;
    const spec = this.s.inflow.vindplaatsen[v]!;
    const base = spec.rate.value;
    if (base <= 0) return; // no inflow from this vindplaats
    const u = this.streams.stream(`arrivals.${v}`);
    const max = base * this.maxFactor();
    const ageOf = makeDiscrete(AGE_BANDS, sharesOf(AGE_BANDS, spec.age));
    const needOf = makeDiscrete(NEED_LEVELS.map(Number), sharesOf(NEED_LEVELS, spec.need));
    const wijkOf = makeDiscrete(
      this.s.population.wijken.map((_, i) => i),
      this.s.population.wijken.map((w) => w.share.value),
    );
    const routeOf = makeDiscrete(ROUTES, sharesOf(ROUTES, spec.route));
    const rateAt = (t: number) => base * this.rateFactor(t);
    let n = -1; // -1: not started
    const step = () => {
      if (n >= 0) this.arrive(v, spec, `${v}#${n}`, needOf, wijkOf, ageOf, routeOf);
      n++;
      const next = nextArrivalNHPP(u, env.now, rateAt, max, this.end);
      if (next < this.end) env.schedule(next - env.now, step);
    };
    env.scheduleAt(env.now, step, URGENT);
  }

  private arrive(v: Vindplaats, spec: VindplaatsSpec, key: string, needOf: (u: Stream) => number, wijkOf: (u: Stream) => number, ageOf: (u: Stream) => string, routeOf: (u: Stream) => Route): void {
    const cu = this.streams.forKey('casus', key);
    // `| 0` keeps the need a small integer (same value). Optimised code can hand the drawn level
    // over as a boxed double; stored in a casus, that once changed the hidden class of every
    // casus mid-run (need, initialNeed and lastLevel became double fields) and deoptimised all
    // code that handles casussen.
    const need = needOf(cu) | 0;
    const wijk = wijkOf(cu);
    const age = ageOf(cu) as AgeBand;
    const complex = bernoulli(cu, spec.complex_share.value);
    const c = new Journey(this, this.nextId++, key, v, wijk, age, complex, need, need, cu, this.env.now, this.env.now >= this.warmup, routeOf);
    this.out.arrived++;
    if (c.observed) {
      this.out.arrivedObserved++;
      if (need > 0) this.out.startOnTheWay(c);
    }
    this.opts.onArrival?.(c);
    this.inSystem++;
    this.env.schedule(0, c, URGENT); // the journey starts now, before other events at this time
  }

  /**
   * Wmo aanmeldingen occupy the sociaal wijkteam's Wmo caseload. They are many and simple, so they
   * use the callback layer (one handler per wijk for the inflow, no process or closure per
   * applicant, see WmoApplicant): request, renege after the patience time if still waiting, hold,
   * release.
   */
  private wmoArrivals(w: number): void {
    const s = this.s;
    const env = this.env;
    const rate = s.inflow.wmo_rate.value * s.population.wijken[w]!.share.value;
    if (rate <= 0) return;
    const u = this.streams.stream(`arrivals.wmo.${w}`);
    const max = rate * this.maxFactor();
    const res = this.swtWmo[w]!;
    const desk: WmoDesk = { env, out: this.out, res };
    const patience = s.swt.wmo_patience?.value;
    const rateAt = (t: number) => rate * this.rateFactor(t);
    const handling = this.dur.wmoHandling;
    let started = false;
    const step = () => {
      if (started) {
        const observed = env.now >= this.warmup;
        const hold = handling.sample(u);
        const req = res.request(CALLBACK_REQUEST[0]!);
        const applicant = new WmoApplicant(desk, req, env.now, observed, hold);
        if (req.processed) applicant._wake();
        else {
          req.addCallback(applicant);
          // Applicants who wait too long find another solution (reneging).
          if (patience !== undefined) applicant.renege = env.schedule(exponential(u, patience), applicant);
        }
      }
      started = true;
      const next = nextArrivalNHPP(u, env.now, rateAt, max, this.end);
      if (next < this.end) env.schedule(next - env.now, step);
    };
    env.scheduleAt(env.now, step, URGENT);
  }

  // ---- the journey -----------------------------------------------------------------------

  private chooseRoute(c: Journey): Route {
    let route = c.routeOf(c.u);
    const r = this.s.routing;
    if (c.complex && isYoungChild(c) && route !== 'gi' && route !== 'medisch_specialist' && bernoulli(c.u, r.ivh_compliance.value)) route = 'ivh';
    return this.bypass(c, route);
  }

  /**
   * Perceived-wait route switching: "dan gaat het sneller" via the GP (000:L1567-1573). The
   * professionals who send families on (PKO, DSAV, the wijkteam itself) know the wait of their
   * own wijk's team, so the perceived wait is per wijk (waits differ per wijk, 000:L3326-3369).
   */
  private bypass(c: Casus, route: Route): Route {
    if (route !== 'toegang' || this.s.design !== 'indicatiemodel') return route;
    const r = this.s.routing;
    const p = Math.min(r.max_bypass.value, r.perceived_wait_sensitivity.value * Math.max(0, this.perceived(c.wijk) - r.perceived_wait_threshold.value));
    return this.route.uniform01() < p ? 'huisarts' : route;
  }

  private perceived(w: number): number {
    const tau = this.s.routing.perceived_wait_memory.value;
    const decay = Math.exp(-(this.env.now - this.perceivedAt[w]!) / tau);
    return this.perceivedWait[w]! * decay;
  }

  private notePerceived(w: number, wait: number): void {
    const tau = this.s.routing.perceived_wait_memory.value;
    const a = 1 - Math.exp(-Math.max(this.env.now - this.perceivedAt[w]!, 1 / 7) / tau);
    this.perceivedWait[w] = this.perceivedWait[w]! + a * (wait - this.perceivedWait[w]!);
    this.perceivedAt[w] = this.env.now;
  }

  /**
   * The journey, on the callback layer. A casus is its own handler (`Journey`): the engine calls it
   * back when a delay ends or what it waits for (a place, a meeting, money) is granted, and
   * `resume` continues where its `phase` says. No generator, closure or decision object per step:
   * with some 15,000 casussen per replication, each waiting for months, those made up
   * most of a replication's garbage. Every step below is one stretch of the journey between two
   * waits, in the order BRIEF section 1 describes.
   */
  resume(c: Journey): void {
    switch (c.phase) {
      case P.START:
        return this.start(c);
      case P.STEP_UP:
        return this.stepUpReferral(c);
      case P.SWT_GRANTED:
        return this.swtGranted(c);
      case P.SWT_KTG:
        return this.swtKtgDone(c);
      case P.SWT_OWN:
        return this.swtOwnDone(c);
      case P.SWT_IND:
        return this.swtIndicated(c);
      case P.BT_GRANTED:
        return this.basisteamGranted(c);
      case P.BT_INTAKE:
        return this.basisteamIntakeDone(c);
      case P.BT_HELP:
        return this.basisteamHelpDone(c);
      case P.BT_IND:
        return this.basisteamIndicated(c);
      case P.OSS_GRANTED:
        return this.ossGranted(c);
      case P.OSS_INTAKE:
        return this.ossIntakeDone(c);
      case P.IVH_GRANTED:
        return this.ivhGranted(c);
      case P.IVH_VV:
        return this.ivhVraagverhelderd(c);
      case P.IVH_MDO:
        return this.ivhDiscussed(c);
      case P.IVH_REASSESS:
        return this.ivhFinish(c);
      case P.EL_GRANTED:
        return this.eersteLijnGranted(c);
      case P.EL_HELP:
        return this.eersteLijnHelpDone(c);
      case P.REF_CONSULT:
        return this.referrerConsulted(c);
      case P.REF_POH:
        return this.helped(c, c.u.uniform01() < this.s.swt.own_support_success.value * this.fragmentationFactor(c));
      case P.PROV_GRANTED:
        return this.providerGranted(c);
      case P.PROV_INTAKE:
        return this.providerIntakeDone(c);
      case P.PROV_BUDGET:
        return this.providerEpisode(c);
      case P.PROV_EPISODE:
        return this.providerEpisodeDone(c);
      default:
        throw new Error(`casus ${c.key}: resumed in unknown phase ${c.phase}`);
    }
  }

  /** Resume `c` at `phase` after `delay`. */
  private after(c: Journey, delay: number, phase: number): void {
    c.phase = phase;
    this.env.schedule(delay, c);
  }

  /** Resume `c` at `phase` when `ev` is processed. */
  private when(c: Journey, ev: SimEvent<unknown>, phase: number): void {
    c.phase = phase;
    ev.addCallback(c);
  }

  private start(c: Journey): void {
    const route = this.chooseRoute(c);
    c.route = route;
    this.out.flow(VINDPLAATS_NODE[c.vindplaats], ROUTE_NODE[route]);
    this.out.log(c, 'signal', c.vindplaats, this.env.now);
    this.access(c, route);
  }

  /** The access part of a route ends in one of exit, helped or toProvider. */
  private access(c: Journey, route: Route): void {
    switch (route) {
      case 'toegang':
        if (this.s.design === 'brede-basisteams') return this.basisteamAccess(c);
        if (this.s.design === 'one-stop-shop') return this.ossAccess(c);
        return this.swtAccess(c);
      case 'ivh':
        return this.ivhAccess(c);
      case 'eerste_lijn':
        return this.eersteLijnHelp(c);
      case 'geen':
        return this.noReferrer(c);
      default:
        return this.legalReferrer(c);
    }
  }

  // Decisions of the access part; the journey goes on from there.
  private exit(c: Journey): void {
    this.out.flow(ROUTE_NODE[c.route], NODE.exitNormalised);
    this.finish(c, false);
  }

  private helped(c: Journey, success: boolean): void {
    c.helpedInAccess = true;
    this.outcome(c, success);
  }

  private toProvider(c: Journey, level: number, referrer: Referrer, afterAssessment: boolean): void {
    c.helpedInAccess = false;
    c.level = level;
    c.decisionReferrer = referrer;
    c.afterAssessment = afterAssessment;
    this.provider(c);
  }

  /** Help ended: need met, or a step up through a new referral (new waits, new hand-offs), or unresolved. */
  private outcome(c: Journey, success: boolean): void {
    const from = c.helpedInAccess ? ROUTE_NODE[c.route] : careNode(c.level);
    if (success) {
      this.out.flow(from, NODE.exitNeedMet);
      return this.finish(c, false);
    }
    c.failedEpisodes++;
    if (c.failedEpisodes >= this.s.dynamics.max_episodes.value) {
      this.out.flow(from, NODE.exitUnresolved);
      return this.finish(c, true);
    }
    c.steppedUp = true;
    this.out.flow(from, NODE.stepUp);
    this.after(c, this.dur.stepUpDelay.sample(c.u), P.STEP_UP);
  }

  /**
   * A re-referral goes the way the first one went; after first-line help, IVH or a provider
   * without referrer it goes through the toegang, which families may again bypass.
   */
  private stepUpReferral(c: Journey): void {
    const route = c.route;
    c.route = this.bypass(c, route === 'eerste_lijn' || route === 'ivh' || route === 'geen' ? 'toegang' : route);
    this.out.flow(NODE.stepUp, ROUTE_NODE[c.route]);
    this.access(c, c.route);
  }

  private finish(c: Journey, unresolved: boolean): void {
    this.out.log(c, 'exit', unresolved ? 'unresolved' : 'done', this.env.now);
    this.inSystem--;
    this.out.endJourney(c, unresolved);
    this.streams.release(c.u); // the casus draws no more numbers: drawing from its stream would be a bug
  }

  /** Apply the deterioration hazard to a wait that just ended. */
  private deteriorate(c: Casus, wait: number): void {
    const h = this.s.dynamics.deterioration_per_week.value;
    if (h <= 0 || c.need <= 0 || c.need >= 4 || wait <= 0) return;
    if (c.u.uniform01() < 1 - Math.exp(-h * wait)) {
      c.need++;
      c.deteriorated = true;
    }
  }

  private fragmentationFactor(c: Casus): number {
    const d = this.s.dynamics;
    const extra = c.nProfessionals - d.fragmentation_from.value + 1;
    return extra > 0 ? Math.max(0, 1 - d.fragmentation_penalty.value * extra) : 1;
  }

  /** Waiting cases per slot of a resource: the team's work pressure. */
  private pressure(res: Resource): number {
    return res.queued / Math.max(1, res.capacity);
  }

  /**
   * Under work pressure files lie longer: the keukentafelgesprek and the indicatiestelling take
   * longer the more families wait per slot, up to a cap (003:L667-669, L677-679).
   */
  private stretch(res: Resource): number {
    const s = this.s.swt;
    const over = Math.max(0, this.pressure(res) - s.work_pressure_threshold.value);
    return Math.min(s.pressure_stretch_max.value, 1 + s.pressure_stretch.value * over);
  }

  /** No referrer: the family finds a provider itself, at the level of its need. */
  private noReferrer(c: Journey): void {
    if (c.need === 0) return this.exit(c);
    const level = c.lastLevel > 0 ? this.nextLevel(c) : c.need;
    this.out.flow(ROUTE_NODE.geen, careNode(level));
    this.toProvider(c, level, 'geen', false);
  }

  /**
   * Aanmelding at the toegang of any design: wait for a slot (verblijf-level needs first), then
   * the first conversation (`aanmeldingGranted`).
   */
  private aanmelding(c: Journey, res: Resource, node: string, phase: number): void {
    this.out.log(c, 'aanmelding', node, this.env.now);
    this.firstHelp(c, res, c.need >= 4 ? 0 : 1, phase);
  }

  /** The slot of an aanmelding was granted: record the intake wait. */
  private aanmeldingGranted(c: Journey): void {
    this.firstHelpGranted(c);
    this.out.recordIntake(c, this.env.now - c.t0);
  }

  /** Wait for a slot of a first contact (toegang, casemanager, first line). */
  private firstHelp(c: Journey, res: Resource, priority: number, phase: number): void {
    c.t0 = this.env.now;
    const req = res.request(CALLBACK_REQUEST[priority]!);
    c.req = req;
    this.when(c, req, phase);
  }

  /** Deterioration applies over the wait, and the first contact of the casus is noted. */
  private firstHelpGranted(c: Journey): void {
    this.deteriorate(c, this.env.now - c.t0);
    if (Number.isNaN(c.firstContactAt)) c.firstContactAt = this.env.now;
  }

  /** Give back the place `c` holds at `res`. */
  private releaseAt(c: Journey, res: Resource): void {
    res.release(c.req!);
    c.req = null;
  }

  // ---- indicatiemodel: the sociaal wijkteam, shared with Wmo (000:L1535, L1555-1557) ----

  private swtAccess(c: Journey): void {
    this.aanmelding(c, this.swt[c.wijk]!, 'swt', P.SWT_GRANTED);
  }

  private swtGranted(c: Journey): void {
    this.aanmeldingGranted(c);
    const wait = this.env.now - c.t0;
    if (c.observed) this.out.swtWaitAll.record(wait);
    this.notePerceived(c.wijk, wait);
    involve(c, PRO.swt, c.nProfessionals > 0);
    this.out.log(c, 'keukentafelgesprek', 'swt', this.env.now);
    c.t1 = this.env.now; // start of the keukentafelgesprek
    this.after(c, this.dur.ktg.sample(c.u, this.stretch(this.swt[c.wijk]!)), P.SWT_KTG);
  }

  private swtKtgDone(c: Journey): void {
    const s = this.s.swt;
    const res = this.swt[c.wijk]!;
    if (c.need === 0) {
      this.releaseAt(c, res);
      this.recordSwtClosure(c);
      return this.exit(c);
    }
    // The vicious circle: under pressure the team indicates instead of helping (003:L655-662, L1217-1220).
    const extra = s.work_pressure_slope.value * Math.max(0, this.pressure(res) - s.work_pressure_threshold.value);
    const pOwn = c.need <= s.own_support_max_level.value ? s.own_support_share.value * Math.max(0, 1 - extra) : 0;
    if (c.u.uniform01() < pOwn) {
      this.out.recordEpisode('toegang', true);
      this.out.log(c, 'eigen ondersteuning', 'swt', this.env.now);
      this.markEpisode(c, c.need);
      return this.after(c, this.dur.ownSupport.sample(c.u), P.SWT_OWN);
    }
    this.out.log(c, 'indicatiestelling', 'swt', this.env.now);
    this.after(c, this.dur.indicatiestelling.sample(c.u, this.stretch(res)), P.SWT_IND);
  }

  private swtOwnDone(c: Journey): void {
    this.releaseAt(c, this.swt[c.wijk]!);
    this.recordSwtClosure(c);
    this.helped(c, c.u.uniform01() < this.s.swt.own_support_success.value * this.fragmentationFactor(c));
  }

  private swtIndicated(c: Journey): void {
    const s = this.s.swt;
    this.releaseAt(c, this.swt[c.wijk]!);
    if (c.observed) this.out.assessment.record(this.env.now - c.t1);
    this.recordSwtClosure(c);
    const level = c.lastLevel > 0 ? this.nextLevel(c) : placeLevel(c.u, c.need, s.placement, s.triage_accuracy.value);
    this.out.log(c, 'beschikking', 'swt', this.env.now);
    this.out.flow(ROUTE_NODE.toegang, careNode(level));
    this.toProvider(c, level, 'toegang', true);
  }

  /** SWT closure of an observed casus: aanmelding (t0) to now; the keukentafelgesprek began at t1. */
  private recordSwtClosure(c: Journey): void {
    if (!c.observed) return;
    this.out.swtDoorlooptijd.record(this.env.now - c.t0);
    c.ktgAt = c.t1;
  }

  // ---- brede basisteams: help without beschikking in the team; indicate GGZ, dagbehandeling, verblijf (003:L1736-1747) ----

  private basisteamAccess(c: Journey): void {
    const res = this.basisteam[c.wijk]!;
    c.full = this.pressure(res) >= this.s.basisteam!.full_queue_per_slot.value;
    this.aanmelding(c, res, 'basisteam', P.BT_GRANTED);
  }

  private basisteamGranted(c: Journey): void {
    this.aanmeldingGranted(c);
    const first = !hasMet(c, PRO.basisteam);
    involve(c, PRO.basisteam, first && c.nProfessionals > 0);
    c.t1 = this.env.now; // start of the intake
    this.after(c, this.dur.basisteam!.intake.sample(c.u), P.BT_INTAKE);
  }

  private basisteamIntakeDone(c: Journey): void {
    const b = this.s.basisteam!;
    if (c.need === 0) {
      this.releaseAt(c, this.basisteam[c.wijk]!);
      return this.exit(c);
    }
    const inReach = c.need <= b.max_level_in_team.value && (c.need !== 2 || c.u.uniform01() < b.team_share_begeleiding.value);
    const overReferral = c.full && b.when_full === 'refer';
    if (inReach && !overReferral) {
      const scale = c.full && b.when_full === 'early_release' ? b.early_release_factor.value : 1;
      c.scale = scale;
      this.out.recordEpisode('toegang', true);
      this.markEpisode(c, c.need);
      this.out.log(c, 'basishulp', 'basisteam', this.env.now);
      return this.after(c, this.dur.basisteam!.help[c.need as 1 | 2 | 3].sample(c.u, scale), P.BT_HELP);
    }
    this.after(c, this.dur.basisteam!.indicate.sample(c.u), P.BT_IND);
  }

  private basisteamHelpDone(c: Journey): void {
    this.releaseAt(c, this.basisteam[c.wijk]!);
    this.helped(c, c.u.uniform01() < this.s.basisteam!.help_success.value * c.scale * this.fragmentationFactor(c));
  }

  private basisteamIndicated(c: Journey): void {
    const b = this.s.basisteam!;
    this.releaseAt(c, this.basisteam[c.wijk]!);
    if (c.observed) this.out.assessment.record(this.env.now - c.t1);
    const level = c.lastLevel > 0 ? this.nextLevel(c) : placeLevel(c.u, c.need, 'matched', b.triage_accuracy.value);
    this.out.flow(ROUTE_NODE.toegang, careNode(level));
    this.toProvider(c, level, 'toegang', true);
  }

  // ---- one-stop-shop: one intake, internal allocation, one lump sum (003:L440-470) ----

  private ossAccess(c: Journey): void {
    this.aanmelding(c, this.ossIntake!, 'one_stop_shop', P.OSS_GRANTED);
  }

  private ossGranted(c: Journey): void {
    this.aanmeldingGranted(c);
    involve(c, PRO.hoofdaannemer, false);
    c.t1 = this.env.now;
    this.after(c, this.dur.ossIntake!.sample(c.u), P.OSS_INTAKE);
  }

  private ossIntakeDone(c: Journey): void {
    this.releaseAt(c, this.ossIntake!);
    if (c.observed) this.out.assessment.record(this.env.now - c.t1);
    if (c.need === 0) return this.exit(c);
    const level = c.lastLevel > 0 ? this.nextLevel(c) : placeLevel(c.u, c.need, 'matched', this.s.one_stop_shop!.triage_accuracy.value);
    this.out.flow(ROUTE_NODE.toegang, careNode(level));
    this.toProvider(c, level, 'toegang', true);
  }

  // ---- Integrale Vroeghulp: casemanager, monthly MDO with 4 slots, adviesplan (000:L1642-1668, L1779-1839) ----

  private ivhAccess(c: Journey): void {
    this.firstHelp(c, this.casemanagers, 0, P.IVH_GRANTED);
  }

  private ivhGranted(c: Journey): void {
    this.firstHelpGranted(c);
    involve(c, PRO.ivh_casemanager, c.nProfessionals > 0);
    this.out.log(c, 'vraagverheldering', 'ivh', this.env.now);
    c.t1 = this.env.now; // start of the IVH assessment
    this.after(c, this.dur.vraagverheldering.sample(c.u), P.IVH_VV);
  }

  private ivhVraagverhelderd(c: Journey): void {
    const v = this.s.ivh;
    if (c.need === 0) {
      this.releaseAt(c, this.casemanagers);
      return this.exit(c);
    }
    if (v.compulsory_mdo || c.u.uniform01() < v.mdo_use.value) {
      c.viaMdo = true;
      c.t0 = this.env.now; // joined the MDO list
      this.out.flow(ROUTE_NODE.ivh, NODE.mdo);
      return this.when(c, this.mdo.join(c), P.IVH_MDO);
    }
    c.viaMdo = false;
    c.level = placeLevel(c.u, c.need, 'matched', this.s.swt.triage_accuracy.value);
    this.ivhAdvised(c);
  }

  private ivhDiscussed(c: Journey): void {
    this.deteriorate(c, this.env.now - c.t0);
    if (this.out.observing) this.out.mdoCases++;
    meet(c, PRO.mdo);
    this.out.log(c, 'MDO', 'ivh', this.env.now);
    c.level = placeLevel(c.u, c.need, 'matched', this.s.ivh.mdo_accuracy.value);
    this.ivhAdvised(c);
  }

  private ivhAdvised(c: Journey): void {
    const v = this.s.ivh;
    if (v.reassessment && this.s.design === 'indicatiemodel') {
      // Duplicate assessment: the local team re-assesses the advice before the beschikking.
      involve(c, PRO.swt, true);
      return this.after(c, this.dur.reassessment.sample(c.u), P.IVH_REASSESS);
    }
    this.ivhFinish(c);
  }

  private ivhFinish(c: Journey): void {
    this.releaseAt(c, this.casemanagers);
    if (c.observed) this.out.assessment.record(this.env.now - c.t1);
    // Casussen discussed in the MDO go on from there (route:ivh -> mdo -> care), the others straight.
    this.out.flow(c.viaMdo ? NODE.mdo : ROUTE_NODE.ivh, careNode(c.level));
    this.toProvider(c, c.level, 'toegang', true);
  }

  // ---- direct help without beschikking at school or childcare (DSAV, PKO; 000:L772-782) ----

  private eersteLijnHelp(c: Journey): void {
    const e = this.s.eerste_lijn;
    if (c.need === 0) return this.exit(c);
    if (c.need > e.max_level.value) {
      involve(c, PRO.eerste_lijn, false);
      this.out.flow(ROUTE_NODE.eerste_lijn, ROUTE_NODE.toegang);
      return this.access(c, 'toegang');
    }
    this.firstHelp(c, this.eersteLijn, 0, P.EL_GRANTED);
  }

  private eersteLijnGranted(c: Journey): void {
    this.firstHelpGranted(c);
    involve(c, PRO.eerste_lijn, c.nProfessionals > 0);
    this.out.recordEpisode(null, true);
    this.markEpisode(c, c.need);
    this.after(c, this.dur.eersteLijnHelp.sample(c.u), P.EL_HELP);
  }

  private eersteLijnHelpDone(c: Journey): void {
    this.releaseAt(c, this.eersteLijn);
    this.helped(c, c.u.uniform01() < this.s.swt.own_support_success.value * this.fragmentationFactor(c));
  }

  // ---- legal referrers refer straight to a provider with an open-ended indication (003:L304-308) ----

  private legalReferrer(c: Journey): void {
    this.after(c, this.dur.consult[c.route as LegalReferrer].sample(c.u), P.REF_CONSULT);
  }

  private referrerConsulted(c: Journey): void {
    const route = c.route as LegalReferrer;
    const r = this.s.referrers[route];
    if (Number.isNaN(c.firstContactAt)) c.firstContactAt = this.env.now;
    let accuracy = r.accuracy.value;
    if (route === 'huisarts') {
      const poh = this.s.poh_jeugd;
      if (c.u.uniform01() < poh.share_of_gp_consults.value) {
        involve(c, PRO.poh_jeugd, c.nProfessionals > 0);
        accuracy = poh.accuracy.value;
        if (c.need <= 1 && c.u.uniform01() < poh.helps_light.value) {
          if (c.need === 0) return this.exit(c);
          this.out.recordEpisode(null, true);
          this.markEpisode(c, c.need);
          return this.after(c, this.dur.eersteLijnHelp.sample(c.u), P.REF_POH);
        }
      }
    }
    involve(c, PRO[route], c.nProfessionals > 0);
    if (c.need === 0) return this.exit(c);
    const referrer: Referrer = route === 'jeugdarts' ? 'jeugdarts' : route;
    const level = c.lastLevel > 0 ? this.nextLevel(c) : placeLevel(c.u, c.need, 'matched', accuracy, r.upward_bias?.value ?? 0.5);
    this.out.flow(ROUTE_NODE[route], careNode(level));
    this.toProvider(c, level, referrer, false);
  }

  /**
   * The level of the next referral after a failed episode: one step heavier when the last help
   * was too light (stepped care), the same level when it was right but did not work.
   */
  private nextLevel(c: Casus): number {
    return c.lastLevel < c.need ? c.lastLevel + 1 : c.lastLevel;
  }

  private markEpisode(c: Casus, level: number): void {
    c.episodes++;
    c.lastLevel = level;
    if (level >= c.need && Number.isNaN(c.rightCareAt)) {
      c.rightCareAt = this.env.now;
      this.out.reachedRightCare(c, this.env.now);
    }
  }

  // ---- a provider: waiting list for a place, intake, episode, outcome (p x q or lump sum) ----

  private provider(c: Journey): void {
    const L = c.level as CareLevel;
    c.referrer = c.decisionReferrer;
    c.t0 = this.env.now;
    const req = this.care[L].request(CALLBACK_REQUEST[L === 4 && c.need >= 4 ? 0 : 1]!);
    c.req = req;
    this.out.log(c, 'wachtlijst', CARE_LEVEL_NAMES[L], c.t0);
    this.when(c, req, P.PROV_GRANTED);
  }

  private providerGranted(c: Journey): void {
    const L = c.level as CareLevel;
    const wait = this.env.now - c.t0;
    if (c.observed) this.out.providerWait.record(wait);
    this.deteriorate(c, wait);
    const oss = this.s.design === 'one-stop-shop';
    involve(c, oss ? PRO.hoofdaannemer : PROVIDER[L], !oss);
    // The provider intake largely repeats the keukentafelgesprek (003:L671-672). Without that
    // repetition it takes half as long (aanname, documented in docs/model.md section 2.2).
    const repeat = this.s.provider_intake_repeats_ktg || !c.afterAssessment;
    this.after(c, this.dur.careIntake[L].sample(c.u, repeat ? 1 : 0.5), P.PROV_INTAKE);
  }

  private providerIntakeDone(c: Journey): void {
    const L = c.level as CareLevel;
    const ct = this.careTypes[L];
    this.out.recordEpisode(c.decisionReferrer, false);
    this.markEpisode(c, L);
    const ktgAt = c.ktgAt;
    if (c.observed && ktgAt !== undefined && c.episodes === 1) this.out.ktgToCare.record(this.env.now - ktgAt);
    this.out.log(c, 'start zorg', CARE_LEVEL_NAMES[L], this.env.now);
    let duration = this.dur.careEpisode[L].sample(c.u);
    let successScale = 1;
    const costEur = ct.tariff.value * duration;
    if (this.s.design === 'one-stop-shop' && this.ossBudget) {
      const o = this.s.one_stop_shop!;
      if (!this.ossBudget.tryGet(Math.min(costEur, this.ossBudget.capacity) || 1e-9)) {
        if (o.when_exhausted === 'wait') {
          c.duration = duration;
          c.scale = successScale;
          return this.when(c, this.ossBudget.get(Math.min(costEur, o.budget_per_year.value) || 1e-9), P.PROV_BUDGET);
        } else if (o.when_exhausted === 'overrun') {
          if (this.out.observing) this.out.overrun += costEur;
        } else {
          duration *= o.under_treatment_factor.value;
          successScale = o.under_treatment_factor.value;
        }
      }
    } else {
      this.out.cost(CARE_COST[L], costEur);
    }
    c.duration = duration;
    c.scale = successScale;
    this.providerEpisode(c);
  }

  private providerEpisode(c: Journey): void {
    this.out.inCare[c.level]!.add(this.env.now, 1);
    this.after(c, c.duration, P.PROV_EPISODE);
  }

  private providerEpisodeDone(c: Journey): void {
    const L = c.level as CareLevel;
    const ct = this.careTypes[L];
    this.out.inCare[L]!.add(this.env.now, -1);
    this.releaseAt(c, this.care[L]);
    const p = (L >= c.need ? ct.success_right_level.value : ct.success_too_light.value) * c.scale * this.fragmentationFactor(c);
    const ok = c.u.uniform01() < p;
    this.out.log(c, ok ? 'doel bereikt' : 'niet voldoende', CARE_LEVEL_NAMES[L], this.env.now);
    this.outcome(c, ok);
  }

  // ---- money -------------------------------------------------------------------------------

  /** Fixed yearly budgets accrue weekly over the observed period. */
  private *costClock(): ProcessGenerator<void> {
    const m = this.s.money;
    const fixed: Record<string, number> = {
      'access.swt': this.s.design === 'indicatiemodel' ? m.swt_cost_per_year.value : 0,
      'access.ivh': m.ivh_cost_per_year.value,
      'access.eerste_lijn': m.eerste_lijn_cost_per_year.value,
      'access.poh_jeugd': m.poh_cost_per_year.value,
      'access.basisteam': this.s.basisteam?.budget_per_year.value ?? 0,
      'lump_sum.one_stop_shop': this.s.one_stop_shop?.budget_per_year.value ?? 0,
    };
    const accruing = Object.entries(fixed).filter(([, v]) => v > 0);
    for (;;) {
      yield 1;
      if (this.env.now > this.end) return;
      for (const [k, v] of accruing) this.out.cost(k, v / WEEKS_PER_YEAR);
    }
  }

  /** The one-stop-shop lump sum is renewed every year; what is left does not carry over. */
  private *budgetYears(): ProcessGenerator<void> {
    const budget = this.ossBudget!;
    const yearly = this.s.one_stop_shop!.budget_per_year.value;
    for (let k = 1; ; k++) {
      yield k * WEEKS_PER_YEAR - this.env.now;
      budget.drain(); // what is left does not carry over, even while care waits for money
      budget.put(Math.min(yearly, budget.capacity));
    }
  }

  // ---- results -----------------------------------------------------------------------------

  private collect(groups: Record<string, Resource[]>, timeSeries: ReplicationResult['timeSeries']): ReplicationResult {
    const o = this.out;
    const now = this.env.now;
    const years = (this.end - this.warmup) / WEEKS_PER_YEAR;
    const k: Record<string, number> = {};
    const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
    k.wait_intake_weeks = o.waitIntake.mean;
    k.wait_intake_p50_weeks = o.waitIntake.quantile(0.5);
    k.wait_intake_p90_weeks = o.waitIntake.quantile(0.9);
    k.wait_intake_wmo_weeks = o.waitIntakeWmo.mean;
    k.assessment_weeks = o.assessment.mean;
    k.time_to_care_weeks = o.timeToCare.mean;
    k.time_to_care_p50_weeks = o.timeToCare.quantile(0.5);
    k.time_to_care_p90_weeks = o.timeToCare.quantile(0.9);
    // time_to_care counts those who reached the right help before the horizon; this says how many did.
    k.pct_right_care_reached = 100 * ratio(o.timeToCare.count, o.observedWithNeed);
    k.time_to_care_censored_weeks = o.timeToCareCensored(now);
    k.ktg_to_care_weeks = o.ktgToCare.mean;
    k.swt_doorlooptijd_weeks = o.swtDoorlooptijd.mean;
    k.swt_wait_all_weeks = o.swtWaitAll.mean;
    k.pct_wmo_reneged = 100 * ratio(o.wmoReneged, o.wmoReneged + o.waitIntakeWmo.count);
    k.provider_wait_weeks = o.providerWait.mean;
    k.pct_within_norm = 100 * ratio(o.withinNorm, o.intakes);
    const j = o.journeys;
    k.handoffs_per_casus = ratio(j.handoffs, j.n);
    k.professionals_per_casus = ratio(j.professionals, j.n);
    k.pct_4plus_professionals = 100 * ratio(j.fourPlus, j.n);
    k.episodes_per_casus = ratio(j.episodes, j.n);
    k.pct_stepped_up = 100 * ratio(j.steppedUp, j.n);
    k.pct_deteriorated = 100 * ratio(j.deteriorated, j.n);
    k.pct_unresolved = 100 * ratio(j.unresolved, j.n);
    k.pct_first_line = 100 * ratio(o.episodesFirstLine, o.episodesTotal);
    k.trajectories_per_year = o.trajectories / years;
    k.mdo_cases_per_year = o.mdoCases / years;
    k.mdo_slot_use = 100 * ratio(this.mdo.slotsUsed, this.mdo.slotsOffered);
    const totalRef = Object.values(o.referrers).reduce((a, b) => a + b, 0);
    for (const r of ['huisarts', 'toegang', 'jeugdarts', 'medisch_specialist', 'gi', 'geen']) k[`referrer_share.${r}`] = 100 * ratio(o.referrers[r] ?? 0, totalRef);
    for (const [name, rs] of Object.entries(groups)) {
      const cap = rs.reduce((a, r) => a + r.capacity, 0);
      k[`utilisation.${name}`] = 100 * ratio(rs.reduce((a, r) => a + r.busy.mean(now), 0), cap);
      k[`queue_len.${name}`] = rs.reduce((a, r) => a + r.queueLength.mean(now), 0);
    }
    for (let l = 1; l <= 4; l++) k[`in_care.${CARE_LEVEL_NAMES[l as CareLevel]}`] = o.inCare[l]!.mean(now);
    let total = o.overrun;
    for (const [type, eur] of Object.entries(o.costByType)) {
      k[`cost_by_type.${type}`] = eur / years / 1e6;
      total += eur;
    }
    if (o.overrun > 0 || this.s.design === 'one-stop-shop') k['cost_by_type.overrun'] = o.overrun / years / 1e6;
    k.cost_total_meur = total / years / 1e6;
    k.cost_per_casus_eur = ratio(total, o.arrivedObserved);
    const perWijk: Record<string, Record<string, number>> = {};
    this.s.population.wijken.forEach((w, i) => {
      perWijk[w.name] = { wait_intake_weeks: o.wijkWait[i]!.mean, intakes: o.wijkWait[i]!.count };
    });
    return {
      kpis: k,
      perWijk,
      flows: o.flows(),
      timeSeries,
      counts: { arrived: o.arrived, exited: o.exited, inSystem: this.inSystem, arrivedObserved: o.arrivedObserved },
      hist: { wait_intake: [...o.histIntake], time_to_care: [...o.histCare] },
      ...(o.eventLog ? { eventLog: o.eventLog } : {}),
    };
  }
}


/** Run one replication of a scenario. */
export function runReplication(scenario: Scenario, opts: RunOptions): ReplicationResult {
  return new ChainModel(scenario, opts).run();
}

/** The steps at which the engine resumes a casus (`Journey.phase`). */
const P = {
  START: 0,
  STEP_UP: 1,
  SWT_GRANTED: 10,
  SWT_KTG: 11,
  SWT_OWN: 12,
  SWT_IND: 13,
  BT_GRANTED: 20,
  BT_INTAKE: 21,
  BT_HELP: 22,
  BT_IND: 23,
  OSS_GRANTED: 30,
  OSS_INTAKE: 31,
  IVH_GRANTED: 40,
  IVH_VV: 41,
  IVH_MDO: 42,
  IVH_REASSESS: 43,
  EL_GRANTED: 50,
  EL_HELP: 51,
  REF_CONSULT: 60,
  REF_POH: 61,
  PROV_GRANTED: 70,
  PROV_INTAKE: 71,
  PROV_BUDGET: 72,
  PROV_EPISODE: 73,
} as const;

type LegalReferrer = Exclude<Route, 'toegang' | 'ivh' | 'eerste_lijn' | 'geen'>;

/** Every duration the journey draws, compiled once per model. */
interface Durations {
  wmoHandling: DurationSampler;
  stepUpDelay: DurationSampler;
  ktg: DurationSampler;
  ownSupport: DurationSampler;
  indicatiestelling: DurationSampler;
  basisteam: { intake: DurationSampler; help: Record<1 | 2 | 3, DurationSampler>; indicate: DurationSampler } | null;
  ossIntake: DurationSampler | null;
  vraagverheldering: DurationSampler;
  reassessment: DurationSampler;
  eersteLijnHelp: DurationSampler;
  consult: Record<LegalReferrer, DurationSampler>;
  careIntake: Record<CareLevel, DurationSampler>;
  careEpisode: Record<CareLevel, DurationSampler>;
}

function compileDurations(s: Scenario): Durations {
  const D = (d: Duration) => new DurationSampler(d);
  const b = s.basisteam;
  const r = s.referrers;
  const care = (l: CareLevel) => s.care[String(l) as '1' | '2' | '3' | '4']!;
  return {
    wmoHandling: D(s.swt.wmo_handling),
    stepUpDelay: D(s.dynamics.step_up_delay),
    ktg: D(s.swt.ktg),
    ownSupport: D(s.swt.own_support),
    indicatiestelling: D(s.swt.indicatiestelling),
    basisteam: b ? { intake: D(b.intake), help: { 1: D(b.help['1']!), 2: D(b.help['2']!), 3: D(b.help['3']!) }, indicate: D(b.indicate) } : null,
    ossIntake: s.one_stop_shop ? D(s.one_stop_shop.intake) : null,
    vraagverheldering: D(s.ivh.vraagverheldering),
    reassessment: D(s.ivh.reassessment_time),
    eersteLijnHelp: D(s.eerste_lijn.help),
    consult: { huisarts: D(r.huisarts.consult), jeugdarts: D(r.jeugdarts.consult), medisch_specialist: D(r.medisch_specialist.consult), gi: D(r.gi.consult) },
    careIntake: byLevel((l) => D(care(l).intake)),
    careEpisode: byLevel((l) => D(care(l).episode)),
  };
}

/**
 * A casus on its way: its data (`Casus`) and where its journey stands. It is its own engine
 * handler: `_fire` (a delay ended) and `_wake` (a place, meeting or budget was granted) hand it
 * back to the model, which resumes it at `phase`.
 */
class Journey implements Casus {
  referrer: Referrer | null = null;
  handoffs = 0;
  professionals = 0;
  nProfessionals = 0;
  episodes = 0;
  failedEpisodes = 0;
  steppedUp = false;
  deteriorated = false;
  firstContactAt = NaN;
  rightCareAt = NaN;
  lastLevel = 0;
  ktgAt: number | undefined = undefined;
  // Where the journey stands.
  phase: number = P.START;
  /** The route of the current referral (the first, or the one after a step up). */
  route: Route = 'toegang';
  /** The place held now (toegang slot, casemanager, first line, provider), if any. */
  req: Request | null = null;
  /** Start of the current wait (request, MDO list). */
  t0 = 0;
  /** Start of the current assessment (keukentafelgesprek, intake, vraagverheldering). */
  t1 = 0;
  /** The last help was given in the access part (toegang, first line, POH), not by a provider. */
  helpedInAccess = false;
  /** Care level of the referral. */
  level = 0;
  decisionReferrer: Referrer = 'toegang';
  afterAssessment = false;
  /** The basisteam was full at aanmelding. */
  full = false;
  viaMdo = false;
  /** Scale of help duration and success (early release, under-treatment). */
  scale = 1;
  /** Duration of the care episode. */
  duration = 0;

  constructor(
    private readonly model: ChainModel,
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
    this.model.resume(this);
  }

  /** @internal What the casus waited for was granted. */
  _wake(ev: SimEvent<unknown>): void {
    if (!ev.ok) throw ev.value as Error;
    this.model.resume(this);
  }
}

/** What Wmo applicants of one wijk share. */
interface WmoDesk {
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
    private readonly desk: WmoDesk,
    private readonly req: Request,
    private readonly t0: number,
    private readonly observed: boolean,
    private readonly hold: number,
  ) {}

  /** @internal A place at the team: record the wait and hold it for the handling time. */
  _wake(): void {
    const { env, out } = this.desk;
    if (this.renege >= 0) env.cancel(this.renege);
    if (this.observed) {
      out.waitIntakeWmo.record(env.now - this.t0);
      out.swtWaitAll.record(env.now - this.t0);
    }
    this.inService = true;
    env.schedule(this.hold, this);
  }

  /** @internal Handling ended, or patience ran out. */
  _fire(): void {
    const { env, out, res } = this.desk;
    if (this.inService) {
      res.release(this.req);
      if (this.observed) out.swtDoorlooptijd.record(env.now - this.t0);
      return;
    }
    if (this.req.status !== 'queued') return; // granted at this very time: _wake comes next
    res.withdraw(this.req);
    if (this.observed) out.wmoReneged++;
  }
}
