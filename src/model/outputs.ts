/**
 * What a replication reports: the KPIs of BRIEF section 4 (their ids), time series, per-wijk
 * breakdowns, flow counts between nodes, and optionally an event log.
 *
 * Observation rules (also in docs/model.md): per-casus KPIs count casussen that arrived after
 * the warm-up; journey KPIs (hand-offs, professionals, episodes, deterioration) count those
 * whose journey ended before the horizon; volumes, costs and utilisation count what happened in
 * the observed period; time-weighted levels include zeros.
 */
import { Tally, TimeWeighted } from '../engine/index.js';
import { isJanMay, isQ3 } from './calendar.js';
import { WEEKS_PER_YEAR } from '../scenario/param.js';
import type { Casus } from './casus.js';

export interface EventLogRow {
  casus: string;
  activity: string;
  node: string;
  time: number;
}

export interface ReplicationResult {
  kpis: Record<string, number>;
  perWijk: Record<string, Record<string, number>>;
  flows: Record<string, number>;
  timeSeries: { t: number[]; series: Record<string, number[]> };
  counts: { arrived: number; exited: number; inSystem: number; arrivedObserved: number };
  /** Histograms of waits (wait_intake, time_to_care): counts per bin of HIST_BIN_WEEKS; the last bin holds everything beyond. */
  hist?: Record<string, number[]>;
  eventLog?: EventLogRow[];
}

/** Bin width of the wait histograms (weeks), and their number of bins (the last is open-ended). */
export const HIST_BIN_WEEKS = 0.5;
export const HIST_BINS = 105;

/**
 * Flow nodes by number. A node name (`route:toegang`, `care:3`, `exit:need_met`) gets a small
 * integer once, when the model module loads, so counting a flow is an increment in a matrix
 * instead of two map lookups on strings.
 */
const FLOW_NODES_MAX = 64;
const flowNodeNames: string[] = [];
const flowNodeIds = new Map<string, number>();

/** The number of the flow node `name` (the same in every model of this process). */
export function flowNode(name: string): number {
  let id = flowNodeIds.get(name);
  if (id === undefined) {
    id = flowNodeNames.length;
    if (id >= FLOW_NODES_MAX) throw new Error(`Outputs: more than ${FLOW_NODES_MAX} flow nodes (adding '${name}')`);
    flowNodeNames.push(name);
    flowNodeIds.set(name, id);
  }
  return id;
}

/**
 * What one calendar year of the observed period holds (a scenario with a calendar,
 * simulation.start_year): per-casus figures by the year the casus arrived, volumes and money by
 * the year they happened.
 */
export interface YearStats {
  signals: number;
  waitSum: number;
  waitN: number;
  careSum: number;
  careN: number;
  trajectories: number;
  cost: number;
  /** Casussen of the year still on their way to the right help, and the sum of their arrival times. */
  onTheWay: number;
  onTheWayArrivals: number;
}

export const newYearStats = (): YearStats => ({ signals: 0, waitSum: 0, waitN: 0, careSum: 0, careN: 0, trajectories: 0, cost: 0, onTheWay: 0, onTheWayArrivals: 0 });

export class Outputs {
  readonly waitIntake = new Tally('wait_intake', { quantiles: [0.5, 0.9] });
  readonly waitIntakeWmo = new Tally('wait_intake_wmo');
  readonly assessment = new Tally('assessment');
  readonly timeToCare = new Tally('time_to_care', { quantiles: [0.5, 0.9] });
  readonly ktgToCare = new Tally('ktg_to_care');
  /** SWT aanmelding to closure, youth and Wmo together (the seed's figure covers all werksoorten). */
  readonly swtDoorlooptijd = new Tally('swt_doorlooptijd');
  /** SWT wait to the first conversation, youth and Wmo together. */
  readonly swtWaitAll = new Tally('swt_wait_all');
  readonly providerWait = new Tally('provider_wait');
  /** The seeds' periods (calendar.ts): youth and Wmo waits of aanmeldingen in Q3, SWT waits and doorlooptijd of aanmeldingen in January-May. */
  readonly waitIntakeQ3 = new Tally('wait_intake_q3');
  readonly waitIntakeWmoQ3 = new Tally('wait_intake_wmo_q3');
  readonly swtWaitAllJanMay = new Tally('swt_wait_all_janmay');
  readonly swtDoorlooptijdJanMay = new Tally('swt_doorlooptijd_janmay');
  /** Children with ambulant youth care (SWT or basisteam help, providers below verblijf) and with verblijf, per observed year. */
  readonly ambulant = new YearlyUsers('ambulantYear', 'ambulantSince');
  readonly verblijf = new YearlyUsers('verblijfYear', 'verblijfSince');
  withinNorm = 0;
  wmoReneged = 0;
  intakes = 0;
  journeys = { n: 0, handoffs: 0, professionals: 0, fourPlus: 0, episodes: 0, steppedUp: 0, deteriorated: 0, unresolved: 0, refused: 0 };
  episodesFirstLine = 0;
  episodesTotal = 0;
  trajectories = 0;
  referrers: Record<string, number> = {};
  mdoCases = 0;
  costByType: Record<string, number> = {};
  lumpSum = 0;
  overrun = 0;
  readonly inCare: TimeWeighted[];
  /** Flow counts, source node * FLOW_NODES_MAX + target node (see flowNode). */
  private readonly flowCounts = new Float64Array(FLOW_NODES_MAX * FLOW_NODES_MAX);
  readonly wijkWait: Tally[];
  readonly eventLog: EventLogRow[] | null;
  arrived = 0;
  arrivedObserved = 0;
  /** Observed casussen whose need at arrival was above 0 (the denominator of pct_right_care_reached). */
  observedWithNeed = 0;
  /**
   * Observed casussen with a need that have not reached help at the right level and are still in
   * the system: their number and the sum of their arrival times, for the censoring-robust
   * time_to_care_censored_weeks.
   */
  onTheWay = 0;
  onTheWayArrivals = 0;
  exited = 0;
  observing = false;
  /** Per calendar year of the observed period (index 0 = its first year), when the scenario has a calendar; else null. */
  readonly years: YearStats[] | null;
  /** The start of the observed period. */
  private observedFrom = 0;

  constructor(
    now: number,
    wijken: number,
    readonly normWeeks: number,
    eventLog: boolean,
    /** The clock (the engine's environment) and whether to keep results per calendar year. */
    private readonly clock: { readonly now: number } = { now: 0 },
    perYear = false,
  ) {
    this.inCare = [0, 1, 2, 3, 4].map((l) => new TimeWeighted(`in_care.${l}`, now, 0));
    this.wijkWait = Array.from({ length: wijken }, (_, i) => new Tally(`wijk${i}`));
    this.eventLog = eventLog ? [] : null;
    this.years = perYear ? [] : null;
  }

  /** The statistics of the observed year that holds time `t`. */
  year(t: number): YearStats {
    const y = Math.max(0, Math.floor((t - this.observedFrom) / WEEKS_PER_YEAR + 1e-9));
    const ys = this.years!;
    while (ys.length <= y) ys.push(newYearStats());
    return ys[y]!;
  }

  /** An observed casus arrived (now). */
  arrive(c: Casus): void {
    this.arrivedObserved++;
    if (this.years) this.year(c.arrivedAt).signals++;
  }

  /** One casus went from node `from` to node `to` (numbers from flowNode). */
  flow(from: number, to: number): void {
    if (!this.observing) return;
    this.flowCounts[from * FLOW_NODES_MAX + to]++;
  }

  /** Flow counts as `<from> -> <to>` keys, sorted by key; flows that did not occur are left out. */
  flows(): Record<string, number> {
    const rows: [string, number][] = [];
    const names = flowNodeNames;
    for (let from = 0; from < names.length; from++) {
      for (let to = 0; to < names.length; to++) {
        const n = this.flowCounts[from * FLOW_NODES_MAX + to]!;
        if (n > 0) rows.push([`${names[from]} -> ${names[to]}`, n]);
      }
    }
    return Object.fromEntries(rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  log(c: Casus, activity: string, node: string, time: number): void {
    if (this.eventLog !== null && c.observed) this.eventLog.push({ casus: c.key, activity, node, time });
  }

  /** Histograms of the intake wait and the time to the right help (bins of HIST_BIN_WEEKS). */
  readonly histIntake = new Array<number>(HIST_BINS).fill(0);
  readonly histCare = new Array<number>(HIST_BINS).fill(0);

  private static bin(weeks: number): number {
    return Math.min(HIST_BINS - 1, Math.floor(weeks / HIST_BIN_WEEKS));
  }

  /** A youth aanmelding at `from` had its first conversation at `now`. */
  recordIntake(c: Casus, from: number, now: number): void {
    if (!c.observed) return;
    const wait = now - from;
    this.waitIntake.record(wait);
    if (isQ3(from)) this.waitIntakeQ3.record(wait);
    this.histIntake[Outputs.bin(wait)]!++;
    this.wijkWait[c.wijk]!.record(wait);
    this.intakes++;
    if (this.years) {
      const y = this.year(from);
      y.waitSum += wait;
      y.waitN++;
    }
    if (wait <= this.normWeeks) this.withinNorm++;
  }

  /**
   * A help episode started. `referrer` is the registered referrer when the episode is a youth-care
   * trajectory as CBS counts it (jeugdhulp, including help by the wijkteam itself); null for
   * preventive help outside the Jeugdwet (DSAV, PKO, POH), which counts as an episode only.
   */
  recordEpisode(referrer: string | null, firstLine: boolean): void {
    if (!this.observing) return;
    this.episodesTotal++;
    if (firstLine) this.episodesFirstLine++;
    if (referrer === null) return;
    this.trajectories++;
    if (this.years) this.year(this.clock.now).trajectories++;
    this.referrers[referrer] = (this.referrers[referrer] ?? 0) + 1;
  }

  cost(type: string, eur: number): void {
    if (!this.observing) return;
    this.costByType[type] = (this.costByType[type] ?? 0) + eur;
    if (this.years) this.year(this.clock.now).cost += eur;
  }

  /** An observed casus with a need arrived: it is on its way to the right help. */
  startOnTheWay(c: Casus): void {
    this.observedWithNeed++;
    this.onTheWay++;
    this.onTheWayArrivals += c.arrivedAt;
    if (this.years) {
      const y = this.year(c.arrivedAt);
      y.onTheWay++;
      y.onTheWayArrivals += c.arrivedAt;
    }
  }

  /** The casus reached the right help or left without it: no longer on its way. */
  private stopOnTheWay(c: Casus): void {
    this.onTheWay--;
    this.onTheWayArrivals -= c.arrivedAt;
    if (this.years) {
      const y = this.year(c.arrivedAt);
      y.onTheWay--;
      y.onTheWayArrivals -= c.arrivedAt;
    }
  }

  /** The casus started help at a level at least its need, for the first time. */
  reachedRightCare(c: Casus, now: number): void {
    if (!c.observed) return;
    this.timeToCare.record(now - c.arrivedAt);
    if (this.years) {
      const y = this.year(c.arrivedAt);
      y.careSum += now - c.arrivedAt;
      y.careN++;
    }
    this.histCare[Outputs.bin(now - c.arrivedAt)]!++;
    if (c.initialNeed > 0) this.stopOnTheWay(c);
  }

  /**
   * Time to the right help with casussen still on their way at `now` counted at their time so
   * far (a lower bound of theirs): unlike time_to_care_weeks, it grows when queues grow beyond
   * the horizon instead of dropping the longest waits.
   */
  timeToCareCensored(now: number): number {
    const n = this.timeToCare.count + this.onTheWay;
    if (n === 0) return NaN;
    const sum = (this.timeToCare.count > 0 ? this.timeToCare.mean * this.timeToCare.count : 0) + this.onTheWay * now - this.onTheWayArrivals;
    return sum / n;
  }

  endJourney(c: Casus, unresolved: boolean): void {
    this.exited++;
    if (!c.observed) return;
    if (c.initialNeed > 0 && Number.isNaN(c.rightCareAt)) this.stopOnTheWay(c);
    const j = this.journeys;
    j.n++;
    j.handoffs += c.handoffs;
    j.professionals += c.nProfessionals;
    if (c.nProfessionals >= 4) j.fourPlus++;
    j.episodes += c.episodes;
    if (c.steppedUp) j.steppedUp++;
    if (c.deteriorated) j.deteriorated++;
    if (c.refused) j.refused++;
    if (unresolved) j.unresolved++;
  }

  /** A wait at the SWT (youth or Wmo) of an observed aanmelding at `from` ended at `now`. */
  recordSwtWait(from: number, now: number): void {
    this.swtWaitAll.record(now - from);
    if (isJanMay(from)) this.swtWaitAllJanMay.record(now - from);
  }

  /** An observed Wmo aanmelding at `from` was seen at `now`. */
  recordWmoWait(from: number, now: number): void {
    this.waitIntakeWmo.record(now - from);
    if (isQ3(from)) this.waitIntakeWmoQ3.record(now - from);
    this.recordSwtWait(from, now);
  }

  /** An observed SWT aanmelding at `from` (youth or Wmo) was closed at `now`. */
  recordSwtClosure(from: number, now: number): void {
    this.swtDoorlooptijd.record(now - from);
    if (isJanMay(from)) this.swtDoorlooptijdJanMay.record(now - from);
  }

  /** Start the observation window (end of warm-up). */
  startObserving(now: number): void {
    this.observing = true;
    this.observedFrom = now;
    for (const t of this.inCare) t.reset(now);
  }
}

/**
 * Children with care of one kind (ambulant, verblijf) in each observed year, counted once a year
 * however many episodes they have (as CBS counts youths with jeugdhulp, 003:L808-809): a child
 * counts for a year when an episode starts in it or runs into it. No set of children: those in
 * care when a year begins are counted by number, and noted on the child when their episode ends,
 * so a new episode later that year does not count them again.
 */
export class YearlyUsers {
  /** Children per observed year (index 0 = the first year after the warm-up). */
  readonly counts: number[] = [];
  private inCare = 0;
  /** The observed year now, and when it began; -1 in the warm-up. */
  private year = -1;
  private yearFrom = Infinity;

  constructor(
    private readonly field: 'ambulantYear' | 'verblijfYear',
    private readonly since: 'ambulantSince' | 'verblijfSince',
  ) {}

  start(c: Casus, now: number): void {
    this.inCare++;
    c[this.since] = now;
    if (this.year >= 0 && c[this.field] !== this.year) {
      c[this.field] = this.year;
      this.counts[this.year]!++;
    }
  }

  end(c: Casus): void {
    this.inCare--;
    // In care when this year began: counted then.
    if (c[this.since] < this.yearFrom) c[this.field] = this.year;
  }

  /** Observed year `y` begins at `now`: every child in care now counts for it. */
  newYear(y: number, now: number): void {
    this.year = y;
    this.yearFrom = now;
    this.counts[y] = this.inCare;
  }
}
