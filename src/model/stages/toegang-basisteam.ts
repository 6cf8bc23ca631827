/**
 * The toegang of the brede basisteams (003:L310-330, L1700-1760): a youth-and-family team per
 * wijk that helps directly, without beschikking, up to `max_level_in_team` (begeleiding for
 * `team_share_begeleiding` of the families, ambition 80%), and indicates the rest after a short
 * step. When its caseload is full the design's rule acts: waits, early release or over-referral
 * (003:L1264-1269).
 */
import { Resource } from '../../engine/index.js';
import { hasMet, involve, PRO } from '../casus.js';
import { pressure, Stage, type Chain, type Toegang } from '../context.js';
import type { Journey } from '../journey.js';
import { careNode, ROUTE_NODE } from '../nodes.js';
import { DurationSampler, placeLevel } from '../sample.js';
import { wijkSlots } from '../staff.js';

/** Steps of this stage. */
const GRANTED = 0;
const INTAKE_DONE = 1;
const HELP_DONE = 2;
const INDICATED = 3;

export class BasisteamToegang extends Stage implements Toegang {
  readonly teams: Resource[];
  readonly groups: readonly [string, Resource[]][];
  private readonly intake: DurationSampler;
  private readonly help: Record<1 | 2 | 3, DurationSampler>;
  private readonly indicate: DurationSampler;

  /** `capacity`: the caseload of all teams together, shared by the wijken by population. */
  constructor(chain: Chain, capacity: number) {
    super(chain);
    const b = chain.s.basisteam!;
    this.teams = chain.s.population.wijken.map((w, i) => new Resource(chain.env, { capacity: wijkSlots(chain.s, capacity, i), name: `basisteam.${w.name}` }));
    this.groups = [['basisteam', this.teams]];
    this.intake = new DurationSampler(b.intake);
    this.help = { 1: new DurationSampler(b.help['1']!), 2: new DurationSampler(b.help['2']!), 3: new DurationSampler(b.help['3']!) };
    this.indicate = new DurationSampler(b.indicate);
  }

  enter(c: Journey): void {
    const res = this.teams[c.wijk]!;
    c.full = pressure(res) >= this.chain.s.basisteam!.full_queue_per_slot.value;
    this.aanmelding(c, res, 'basisteam', GRANTED);
  }

  resume(c: Journey, step: number): void {
    switch (step) {
      case GRANTED:
        return this.granted(c);
      case INTAKE_DONE:
        return this.intakeDone(c);
      case HELP_DONE:
        return this.helpDone(c);
      case INDICATED:
        return this.indicated(c);
      default:
        throw new Error(`casus ${c.key}: basisteam resumed at unknown step ${step}`);
    }
  }

  private granted(c: Journey): void {
    this.aanmeldingGranted(c);
    this.chain.routing.notePerceived(c.wijk, this.chain.env.now - c.waitFrom);
    const first = !hasMet(c, PRO.basisteam);
    involve(c, PRO.basisteam, first && c.nProfessionals > 0);
    c.assessFrom = this.chain.env.now; // start of the intake
    this.after(c, this.intake.sample(c.u), INTAKE_DONE);
  }

  private intakeDone(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const b = this.chain.s.basisteam!;
    if (c.need === 0) {
      this.releaseAt(c, this.teams[c.wijk]!);
      return outcome.exit(c);
    }
    const max = b.max_level_in_team.value;
    const inReach = c.need <= max && (c.need !== 2 || c.u.uniform01() < b.team_share_begeleiding.value) && (b.expertise.value >= 1 || c.u.uniform01() < b.expertise.value);
    // Stepped care in a basisteam: the team's own help is the first step, also for a need it
    // cannot meet (a first referral below verblijf); after that fails the family is indicated.
    const firstStep = c.need > max && c.need < 4 && b.placement === 'stepped' && c.lastLevel === 0;
    const overReferral = c.full && b.when_full === 'refer';
    if ((inReach || firstStep) && !overReferral) {
      const level = inReach ? c.need : max;
      const scale = c.full && b.when_full === 'early_release' ? b.early_release_factor.value : 1;
      c.scale = scale;
      c.level = level;
      out.recordEpisode('toegang', true);
      outcome.markEpisode(c, level);
      out.ambulant.start(c, env.now);
      out.log(c, 'basishulp', 'basisteam', env.now);
      return this.after(c, this.help[level as 1 | 2 | 3].sample(c.u, scale), HELP_DONE);
    }
    this.after(c, this.indicate.sample(c.u), INDICATED);
  }

  private helpDone(c: Journey): void {
    const s = this.chain.s;
    this.chain.out.ambulant.end(c);
    this.releaseAt(c, this.teams[c.wijk]!);
    // Help too light for the need succeeds as seldom as a provider's too-light help.
    const p = (c.level >= c.need ? s.basisteam!.help_success.value : s.care[String(c.level) as '1']!.success_too_light.value) * Math.min(1, s.basisteam!.expertise.value);
    this.chain.outcome.helped(c, c.u.uniform01() < p * c.scale * this.chain.outcome.fragmentation(c));
  }

  private indicated(c: Journey): void {
    const { env, out, outcome } = this.chain;
    const b = this.chain.s.basisteam!;
    this.releaseAt(c, this.teams[c.wijk]!);
    if (c.observed) out.assessment.record(env.now - c.assessFrom);
    const level = c.lastLevel > 0 ? outcome.nextLevel(c) : placeLevel(c.u, c.need, b.placement, b.triage_accuracy.value * this.chain.learning(), b.triage_upward_bias?.value);
    out.flow(ROUTE_NODE.toegang, careNode(level));
    this.chain.provider.refer(c, level, 'toegang', true);
  }
}
