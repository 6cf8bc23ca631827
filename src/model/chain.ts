/**
 * The youth-care chain on the engine. One journey per casus follows BRIEF section 1:
 * vindplaats -> route (toegang, legal referrer, IVH, first line) -> access (wait, assessment,
 * decision) -> provider (wait, intake, episode) -> outcome (need met, step up, unresolved).
 * Waits are never inputs: they come out of the queues at staff, meeting slots and places.
 *
 * The chain builds the stages of the scenario's design (designs.ts), connects the routes to
 * them, runs the warm-up and the observed period, samples the time series and collects the KPIs.
 */
import { Environment, type Resource } from '../engine/index.js';
import { Streams } from '../random/index.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import { MONTH_WEEKS, SUMMER } from './calendar.js';
import { CARE_LEVEL_NAMES, type CareLevel, type Route, type Scenario } from '../scenario/types.js';
import { PRO, type Casus } from './casus.js';
import type { Chain, Entry, OutcomeRole, ProviderRole, Toegang } from './context.js';
import { DESIGN_TABLE, type DesignRow } from './designs.js';
import { collectKpis } from './kpis.js';
import { costClock, LumpSum } from './money.js';
import { Outputs, type ReplicationResult } from './outputs.js';
import { capacityOf, commonStaff, slotsOf, splitShared, type StaffLine } from './staff.js';
import { EersteLijn } from './stages/eerste-lijn.js';
import { Inflow } from './stages/inflow.js';
import { Ivh } from './stages/ivh.js';
import { Outcomes } from './stages/outcome.js';
import { Providers, type CareFunding } from './stages/provider.js';
import { LegalReferrers, NoReferrer } from './stages/referrers.js';
import { Routing } from './stages/routing.js';
import { SwtTeams } from './stages/swt-teams.js';
import { WmoDesk } from './stages/wmo.js';
import { SwtToegang } from './stages/toegang-swt.js';
import { followCalendar, Transition } from './transition.js';

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

export class ChainModel implements Chain {
  readonly env = new Environment();
  readonly streams: Streams;
  readonly out: Outputs;
  readonly s: Scenario;
  readonly warmup: number;
  readonly end: number;
  readonly design: DesignRow;
  readonly routing: Routing;
  readonly outcome: OutcomeRole;
  readonly provider: ProviderRole;
  readonly swtTeams: SwtTeams;
  private readonly providers: Providers;
  private readonly toegang: Toegang;
  private readonly ivh: Ivh;
  private readonly eersteLijn: EersteLijn;
  private readonly poh: Resource;
  private readonly wmo: WmoDesk;
  private readonly inflow: Inflow;
  private readonly lumpSum: LumpSum | null;
  /** The design's staff: FTE and yearly cost per team. */
  readonly staff: readonly StaffLine[];
  /** A switch from the design of today (transition.ts), or null. */
  private readonly transition: Transition | null;
  /** With a switch: the staff paid at time t (the design in force; the old toegang's until it has no families left). */
  private readonly staffAt: ((t: number) => readonly StaffLine[]) | null = null;
  /** With a switch: the new toegang's resources (they learn) and the old toegang's (they drain). */
  private readonly newToegangResources: Resource[] = [];

  constructor(
    scenario: Scenario,
    private readonly opts: RunOptions,
  ) {
    const s = scenario;
    this.s = s;
    this.design = DESIGN_TABLE[s.design];
    this.streams = new Streams({ seed: opts.seed, replication: opts.replication });
    this.warmup = opts.warmupWeeks ?? s.simulation.warmup.value;
    this.end = this.warmup + (opts.horizonWeeks ?? s.simulation.horizon.value);
    this.out = new Outputs(0, s.population.wijken.length, s.norms.first_contact.value, opts.eventLog ?? false, this.env, s.simulation.start_year !== undefined);
    this.routing = new Routing(this, this.streams.stream('routing'));
    this.outcome = new Outcomes(this);
    this.staff = [...this.design.ownStaff(s), ...commonStaff(s, this.design.toegangGroup === 'swt' && s.swt.pooling === 'shared')];
    this.transition = s.transition ? new Transition(s, this.warmup) : null;
    if (this.transition) {
      // One chain runs both designs: the old toegang sees the scenario of today (a view of this
      // chain with that scenario, at full accuracy), the new one this scenario.
      const tr = this.transition;
      const before = tr.before;
      const oldRow = DESIGN_TABLE[before.design];
      const oldView = Object.create(this, { s: { value: before }, learning: { value: () => 1 } }) as ChainModel;
      this.swtTeams = new SwtTeams(oldView, oldRow.toegangGroup === 'swt');
      const oldToegang = oldRow.toegang(oldView);
      // A new design at the wijkteam has youth teams of its own size.
      const newView = this.design.toegangGroup === 'swt' ? (Object.create(this, { swtTeams: { value: new SwtTeams(this, true) } }) as ChainModel) : this;
      const newToegang = this.design.toegang(newView);
      this.newToegangResources = newToegang.groups.flatMap(([, rs]) => rs);
      const oldResources = oldToegang.groups.flatMap(([, rs]) => rs);
      if (tr.existing === 'move' && oldToegang instanceof SwtToegang) {
        oldToegang.trackWaiting();
        this.env.scheduleAt(tr.at, () => oldToegang.moveWaiting(newToegang), 1);
      }
      const merged = new Map<string, Resource[]>();
      for (const [name, rs] of [...oldToegang.groups, ...newToegang.groups]) merged.set(name, [...(merged.get(name) ?? []), ...rs]);
      this.toegang = {
        groups: [...merged],
        enter: (c) => {
          c.viaOldToegang = this.env.now < tr.at;
          (c.viaOldToegang ? oldToegang : newToegang).enter(c);
        },
      };
      const oldStaff = [...oldRow.ownStaff(before), ...commonStaff(before, oldRow.toegangGroup === 'swt' && before.swt.pooling === 'shared')];
      const oldOwn = oldRow.ownStaff(before);
      const draining = () => oldResources.some((r) => r.inUse > 0 || r.queued > 0);
      this.staffAt = (t) => (t < tr.at ? oldStaff : draining() ? [...this.staff, ...oldOwn] : this.staff);
    } else {
      this.swtTeams = new SwtTeams(this, this.design.toegangGroup === 'swt');
      this.toegang = this.design.toegang(this);
    }
    this.wmo = new WmoDesk(this, this.swtTeams);
    const oss = s.one_stop_shop;
    const yearly = this.design.lumpSum?.(s);
    this.lumpSum = yearly !== undefined ? new LumpSum(this.env, yearly, 'lump_sum') : null;
    const funding: CareFunding = this.lumpSum && oss ? { kind: 'lump_sum', sum: this.lumpSum, whenExhausted: oss.when_exhausted, underTreatment: oss.under_treatment_factor.value } : { kind: 'pxq' };
    this.ivh = new Ivh(this, slotsOf(capacityOf(s.ivh.staff)));
    this.eersteLijn = new EersteLijn(this, slotsOf(capacityOf(s.eerste_lijn.staff)));
    this.providers = new Providers(this, (l) => slotsOf(capacityOf(s.care[String(l) as '1' | '2' | '3' | '4']!.staff)), funding, this.design.careInHouse);
    this.provider = this.providers;
    const referrers = new LegalReferrers(this);
    this.poh = referrers.poh;
    const entries: Record<Route, Entry> = {
      toegang: this.toegang,
      ivh: this.ivh,
      eerste_lijn: this.eersteLijn,
      geen: new NoReferrer(this),
      huisarts: referrers,
      jeugdarts: referrers,
      medisch_specialist: referrers,
      gi: referrers,
    };
    this.routing.connect(entries);
    this.inflow = new Inflow(this, this.routing, opts.onArrival);
  }

  /** The professional of the toegang in force, who re-assesses an IVH advice. */
  get accessProfessional(): number {
    return PRO[DESIGN_TABLE[this.inForce().design].accessProfessional];
  }

  learning(): number {
    return this.transition ? this.transition.accuracy(this.env.now) : 1;
  }

  inForce(): Scenario {
    return this.transition && this.env.now < this.transition.at ? this.transition.before : this.s;
  }

  /** All resources by KPI group, for utilisation and queue-length KPIs and time series. */
  private resourceGroups(): [string, Resource[]][] {
    const care = this.providers.places;
    const g: [string, Resource[]][] = [
      ['ivh_casemanagers', [this.ivh.casemanagers]],
      ['eerste_lijn', [this.eersteLijn.team]],
      ['poh_jeugd', [this.poh]],
      ...([1, 2, 3, 4] as CareLevel[]).map((l): [string, Resource[]] => [CARE_LEVEL_NAMES[l], [care[l]]]),
    ];
    // A shared team is the toegang's group ('swt'): Wmo has no staff of its own then.
    if (this.s.inflow.wmo_rate.value > 0 && !this.swtTeams.shared) g.push(['swt_wmo', this.wmo.teams]);
    g.push(...this.toegang.groups);
    return g;
  }

  run(): ReplicationResult {
    this.inflow.start();
    this.wmo.start();
    if (this.lumpSum) this.env.process(this.lumpSum.years(), 'lump_sum');
    this.env.process(costClock(this.env, this.out, this.end, this.staffAt ?? this.staff, this.lumpSum), 'costs');
    const every = this.opts.seriesEvery ?? WEEKS_PER_YEAR / 12;
    const series: Record<string, number[]> = {};
    const t: number[] = [];
    const groups = this.resourceGroups();
    // Staff on holiday in July and August: every team and provider except verblijf (where
    // children stay) takes on fewer casussen; work already begun goes on (capacity drop 'finish').
    const away = this.s.workforce.summer_absence.value;
    const tr = this.transition;
    // With a switch of design the providers' places and the new teams follow a calendar of their own.
    const ownCalendar = new Set<Resource>();
    if (tr) {
      const places = this.providers.places;
      for (const l of [1, 2, 3, 4] as CareLevel[]) {
        const key = String(l) as '1' | '2' | '3' | '4';
        const before = slotsOf(capacityOf(tr.before.care[key]!.staff));
        const after = places[l].capacity;
        followCalendar(places[l], (t) => Math.round(before + (after - before) * tr.moved(t)), tr.rampTimes(this.end), l === 4 ? 0 : away, this.end);
        ownCalendar.add(places[l]);
      }
      for (const r of this.newToegangResources) {
        const full = r.capacity;
        followCalendar(r, (t) => Math.max(1, Math.round(full * tr.capacity(t))), tr.rampTimes(this.end), away, this.end);
        ownCalendar.add(r);
      }
    }
    if (away > 0) {
      for (const [name, rs] of groups) {
        if (name === 'verblijf') continue;
        for (const r of rs) if (!ownCalendar.has(r)) r.followSchedule({ times: [0, SUMMER.from, SUMMER.to], capacities: [r.capacity, Math.max(1, Math.round(r.capacity * (1 - away))), r.capacity], cycle: WEEKS_PER_YEAR });
      }
    }
    // The series and their keys are made once, in the order of the first sample; a sample only
    // appends numbers.
    const column = (k: string): number[] => (series[k] = []);
    const byGroup = groups.map(([name, rs]) => ({ rs, queue: column(`queue_len.${name}`), caseload: column(`caseload.${name}`) }));
    const inCare = [1, 2, 3, 4].map((l) => ({ level: this.out.inCare[l]!, values: column(`in_care.${CARE_LEVEL_NAMES[l as CareLevel]}`) }));
    const mdoWaiting = column('mdo_waiting');
    const inSystem = column('in_system');
    const mdo = this.ivh.mdo;
    const out = this.out;
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
      mdoWaiting.push(mdo.waiting);
      inSystem.push(out.arrived - out.exited);
    };
    // Monthly samples fall on the calendar's month starts, computed as the capacity calendars
    // compute theirs (year * WEEKS_PER_YEAR + month * MONTH_WEEKS): a sample at the end of the
    // summer then always comes after the staff are back (priority 2 after 0), not before or
    // after depending on the last bit of a sum.
    const at = (k: number) => (this.opts.seriesEvery === undefined ? Math.floor(k / 12) * WEEKS_PER_YEAR + (k % 12) * MONTH_WEEKS : k * every);
    for (let k = 0; at(k) <= this.end + 1e-9; k++) this.env.scheduleAt(at(k), sample, 2);
    this.env.run({ until: this.warmup });
    for (const [, rs] of groups) for (const r of rs) r.resetStats();
    mdo.resetStats();
    this.swtTeams.youthBusy.reset(this.env.now);
    out.startObserving(this.env.now);
    // Calendar years of the observed period: children in care are counted once a year.
    const newYear = (y: number) => {
      out.ambulant.newYear(y, this.env.now);
      out.verblijf.newYear(y, this.env.now);
    };
    newYear(0);
    for (let y = 1; this.warmup + y * WEEKS_PER_YEAR < this.end; y++) this.env.scheduleAt(this.warmup + y * WEEKS_PER_YEAR, () => newYear(y), 2);
    this.env.run({ until: this.end });
    const now = this.env.now;
    const perWijk: Record<string, Record<string, number>> = {};
    this.s.population.wijken.forEach((w, i) => {
      perWijk[w.name] = { wait_intake_weeks: out.wijkWait[i]!.mean, intakes: out.wijkWait[i]!.count };
    });
    return {
      kpis: collectKpis({ out, now, observed: this.end - this.warmup, groups, mdo, lumpSum: this.lumpSum !== null, staff: splitShared(this.staff, this.swtTeams.youthShareOfWork(now)), youth023: this.s.population.youth_0_23.value, ...(this.s.simulation.start_year !== undefined ? { startYear: this.s.simulation.start_year } : {}) }),
      perWijk,
      flows: out.flows(),
      timeSeries: { t, series },
      counts: { arrived: out.arrived, exited: out.exited, inSystem: out.arrived - out.exited, arrivedObserved: out.arrivedObserved },
      hist: { wait_intake: [...out.histIntake], time_to_care: [...out.histCare] },
      ...(out.eventLog ? { eventLog: out.eventLog } : {}),
    };
  }
}
