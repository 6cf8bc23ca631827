/**
 * The scenario schema: what a scenario file may contain, with units, ranges and required
 * sources. The TypeScript type `Scenario` is derived from it, and `docs/scenario.schema.json`
 * is generated from it for editors.
 */
import { arrayOf, boolean, derivable, dictOf, number, object, oneOf, optional, recordOf, refine, string, withDefault, type Schema } from './schema.js';
import { checkSumsToOne, param, SOURCE_CODE, type Param } from './param.js';
import type { Issue } from './schema.js';

export const DESIGNS = ['indicatiemodel', 'geoptimaliseerd-indicatiemodel', 'brede-basisteams', 'one-stop-shop'] as const;
export type Design = (typeof DESIGNS)[number];

export const VINDPLAATSEN = ['consultatiebureau', 'kinderopvang', 'school', 'ouders', 'huisarts', 'medisch_specialist', 'veiligheid'] as const;
export type Vindplaats = (typeof VINDPLAATSEN)[number];

/** Where a family goes after a problem is spotted. */
export const ROUTES = ['toegang', 'huisarts', 'jeugdarts', 'medisch_specialist', 'gi', 'ivh', 'eerste_lijn', 'geen'] as const;
export type Route = (typeof ROUTES)[number];

export const AGE_BANDS = ['0-4', '4-7', '7-12', '12-18'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** The age bands of the population: the youths of the model's bands, and those aged 18 up to 23 (the denominator of 003:L808-809). */
export const POPULATION_BANDS = [...AGE_BANDS, '18-23'] as const;
export type PopulationBand = (typeof POPULATION_BANDS)[number];

/** Need levels: 0 normalise, 1 light help, 2 ambulante begeleiding, 3 behandeling, 4 verblijf. */
export const NEED_LEVELS = ['0', '1', '2', '3', '4'] as const;
export const CARE_LEVELS = ['1', '2', '3', '4'] as const;
export type CareLevel = 1 | 2 | 3 | 4;
export const CARE_LEVEL_NAMES: Record<CareLevel, string> = { 1: 'lichte_hulp', 2: 'begeleiding', 3: 'behandeling', 4: 'verblijf' };

/** Registered referrer categories (CBS, 004:L107-130). */
export const REFERRERS = ['huisarts', 'toegang', 'jeugdarts', 'medisch_specialist', 'gi', 'geen'] as const;
export type Referrer = (typeof REFERRERS)[number];

const share = (description?: string) => param('share', { min: 0, max: 1, ...(description ? { description } : {}) });
const time = (description?: string) => param('time', { min: 0, ...(description ? { description } : {}) });
const positiveTime = (description?: string) => param('time', { min: 0, positive: true, ...(description ? { description } : {}) });
const count = (description?: string) => param('count', { min: 0, ...(description ? { description } : {}) });
const positiveCount = (description?: string) => param('count', { min: 1, integer: true, ...(description ? { description } : {}) });
const factor = (description?: string) => param('factor', { min: 0, ...(description ? { description } : {}) });

/**
 * Staff make capacity and cost (BRIEF section 2a): a team's capacity is fte x caseload_per_fte
 * concurrent casussen, its yearly cost fte x cost_per_fte.
 */
/** FTE per 1000 youths aged 0-18: a team that grows with the population (a municipality's starter values, ketensim init). */
const ftePer1000 = () => optional(param('count', { min: 0, positive: true, description: 'full-time equivalents per 1000 youths aged 0-18 (the fte follows from the population); or fte' }));

export const staffSchema = object(
  {
    fte: derivable(param('count', { min: 0, positive: true, description: 'full-time equivalents; or fte_per_1000' })),
    fte_per_1000: ftePer1000(),
    caseload_per_fte: param('count', { min: 0, positive: true, description: 'concurrent casussen per FTE (caseload norm)' }),
    cost_per_fte: param('money', { min: 0, description: 'yearly cost of one FTE, overhead included' }),
  },
  'staff: capacity = fte x caseload_per_fte, yearly cost = fte x cost_per_fte',
);
export type Staff = NonNullable<ReturnType<typeof staffSchema.parse>>;

/** A provider's staff: places = fte x caseload_per_fte; the municipality pays p x q (the tariff), not the staff. */
const providerStaffSchema = object(
  {
    fte: derivable(param('count', { min: 0, positive: true, description: 'full-time equivalents of the contracted providers of this care type; or fte_per_1000' })),
    fte_per_1000: ftePer1000(),
    caseload_per_fte: param('count', { min: 0, positive: true, description: 'concurrent casussen per FTE' }),
  },
  'provider staff: places = fte x caseload_per_fte',
);

/** How an assessment places a family (BRIEF 1.5), a policy of every assessing stage. */
const placement = () => oneOf(['stepped', 'matched'] as const, 'stepped: start with the lightest plausible help and step up after it fails; matched: place at the assessed need');
const upwardBias = () => optional(share('of the misplacements (matched care), the share that is one level too heavy (default one half)'));

function sharesSchema<K extends string>(keys: readonly K[], description: string): Schema<Partial<Record<K, Param>>> {
  return refine(recordOf(keys, share(), { description }), (v, path, issues) => checkSumsToOne(v, path, issues));
}

/** A duration: lognormal by mean and coefficient of variation (cv 0 = fixed, cv 1 with dist exponential). */
export const durationSchema = object(
  {
    dist: withDefault(oneOf(['lognormal', 'exponential', 'fixed', 'gamma'] as const), 'lognormal' as const),
    mean: time('mean duration'),
    cv: optional(factor('coefficient of variation (sd / mean); not used for exponential and fixed')),
  },
  'a duration distribution',
);
export type Duration = NonNullable<ReturnType<typeof durationSchema.parse>>;

const vindplaatsSchema = object({
  rate: optional(param('rate', { min: 0, description: 'new casussen (children with a signalled problem) per period; or per_1000' })),
  per_1000: optional(
    param('incidence', { min: 0, description: "new casussen a year per 1000 youths of the vindplaats's age bands (those with an age share above 0): the inflow follows the population per wijk; or rate" }),
  ),
  age: sharesSchema(AGE_BANDS, 'age-band mix of the casussen from this vindplaats'),
  complex_share: share('share with meervoudige/complexe problems'),
  need: sharesSchema(NEED_LEVELS, 'need-level mix (0 normalise ... 4 verblijf)'),
  route: sharesSchema(ROUTES, 'where families go first'),
});

const referrerSchema = object({
  consult: durationSchema,
  accuracy: share('probability that the level referred to equals the need'),
  /** GPs refer mostly to jeugd-GGZ (003:L304-308 footnote 8): a bias towards behandeling. */
  upward_bias: optional(share('of the misplacements, the share that is one level too heavy (default one half)')),
});

const careTypeSchema = object({
  staff: providerStaffSchema,
  intake: durationSchema,
  episode: durationSchema,
  success_right_level: share('probability the need is met when the level matches the need or is heavier'),
  success_too_light: share('probability the need is met when the level is too light'),
  tariff: param('tariff', { min: 0, description: 'p x q price per week of care' }),
});

/**
 * A wijk: its share of the youths, or its youths per age band (a table in the form CBS publishes
 * them, docs/tables.md), from which its share, the municipality's totals and the inflow of the
 * vindplaatsen with a rate per 1000 youths follow (derive.ts). Its staff share splits every team
 * over the wijken (default: its share of the youths).
 */
const wijkSchema = object({
  name: string(),
  share: optional(share('share of the youths aged 0-18 (derived from youth when the wijken give their youths)')),
  youth: optional(recordOf(POPULATION_BANDS, count('youths of this age band in the wijk'), { description: 'youths per age band (0-4 is 0 up to 4 years)' })),
  staff_share: optional(share("the wijk's share of the staff of every team that works per wijk (default: its share of the youths)")),
});

function checkWijken(ws: { name: string; share?: Param | undefined; youth?: Partial<Record<PopulationBand, Param>> | undefined; staff_share?: Param | undefined }[], path: (string | number)[], issues: Issue[]): void {
  const seen = new Set<string>();
  ws.forEach((w, i) => {
    if (seen.has(w.name)) issues.push({ path: [...path, i, 'name'], expected: 'a wijk name not used before', found: `'${w.name}' again`, severity: 'error' });
    seen.add(w.name);
    if (w.share && w.youth) issues.push({ path: [...path, i, 'share'], expected: 'a share or youths per age band (the share follows from the youths), not both', found: 'both', severity: 'error' });
    if (!w.share && !w.youth) issues.push({ path: [...path, i], expected: 'a share of the youths, or youths per age band', found: 'neither', severity: 'error' });
    if (w.youth) {
      const missing = AGE_BANDS.filter((b) => !w.youth![b]);
      if (missing.length > 0) issues.push({ path: [...path, i, 'youth'], expected: `youths of every age band ${AGE_BANDS.join(', ')}`, found: `none for ${missing.join(', ')}`, severity: 'error' });
    }
  });
  const withYouth = ws.filter((w) => w.youth).length;
  if (withYouth > 0 && withYouth < ws.length) issues.push({ path: [...path], expected: 'every wijk with youths per age band, or every wijk with a share', found: `${withYouth} of ${ws.length} wijken with youths`, severity: 'error' });
  if (withYouth === 0 && ws.every((w) => w.share)) checkSumsToOne(Object.fromEntries(ws.map((w, i) => [String(i), w.share])), path, issues);
  if (withYouth === ws.length && ws.length > 0) {
    const total = ws.reduce((a, w) => a + AGE_BANDS.reduce((b, k) => b + (w.youth![k]?.value ?? 0), 0), 0);
    if (!(total > 0)) issues.push({ path: [...path], expected: 'youths aged 0-18 in at least one wijk', found: 'none', severity: 'error' });
    const with1823 = ws.filter((w) => w.youth!['18-23']).length;
    if (with1823 > 0 && with1823 < ws.length) issues.push({ path: [...path], expected: 'youths aged 18-23 in every wijk or in none', found: `in ${with1823} of ${ws.length} wijken`, severity: 'error' });
  }
  const staffShares = ws.filter((w) => w.staff_share).length;
  if (staffShares > 0 && staffShares < ws.length) issues.push({ path: [...path], expected: 'a staff_share for every wijk or for none', found: `${staffShares} of ${ws.length} wijken with one`, severity: 'error' });
  if (staffShares === ws.length) checkSumsToOne(Object.fromEntries(ws.map((w, i) => [`${i}.staff_share`, w.staff_share])), path, issues);
}

export const scenarioSchema = object({
  name: string({ pattern: /^[a-z0-9][a-z0-9-]*$/, patternText: 'lower-case letters, digits and dashes' }),
  title: string(),
  description: optional(string()),
  extends: optional(string()),
  sources: optional(
    dictOf(string({ description: 'the document: title, publisher, year, table or page' }), { pattern: SOURCE_CODE, patternText: 'lower-case letters, digits, - and _' }, "the sources the file's numbers cite besides the seeds (a municipality's own figures): code -> the document; a parameter cites one as source: \"code\" or \"code: detail\""),
  ),
  design: oneOf(DESIGNS),
  simulation: object({
    horizon: positiveTime('observed period after the warm-up'),
    warmup: time('period discarded at the start'),
    start_year: optional(number({ min: 1900, max: 2200, integer: true, description: 'the calendar year the observed period begins with (1 January): results are also reported per calendar year (year.<YYYY>.<kpi>), and growth and demography count from it' })),
  }),
  population: object({
    youth: optional(count('youths aged 0-18 (the sum over the wijken when they give their youths)')),
    youth_0_23: optional(count("youths aged 0-23, the denominator of the shares with ambulant help and verblijf (003:L808-809); the sum over the wijken when they give their youths aged 18-23")),
    wijken: refine(arrayOf(wijkSchema, { minLength: 1, description: 'the wijken: a list, or { table: file.csv, source } (docs/tables.md)' }), checkWijken),
    change_per_year: optional(
      // The bands a vindplaats takes in: a change of the youths aged 18-23 would change no inflow.
      recordOf(AGE_BANDS, param('share', { min: -0.5, max: 1, description: 'yearly change of the number of youths of this age band (demography), from the start of the observed period' }), {
        description: 'demography: the yearly change of the youths per age band (0-4, 4-7, 7-12, 12-18: the bands the vindplaatsen take in); the inflow of a vindplaats follows its age bands',
      }),
    ),
  }),
  inflow: object({
    growth_per_year: param('share', { min: -0.5, max: 1, description: 'yearly growth of all inflow' }),
    summer_dip: share('relative drop of inflow in July and August'),
    vindplaatsen: recordOf(VINDPLAATSEN, vindplaatsSchema, { required: true }),
    wmo_rate: derivable(param('rate', { min: 0, description: 'Wmo (adult) aanmeldingen at the sociaal wijkteam, sharing its staff; or wmo_per_1000' })),
    wmo_per_1000: optional(
      param('incidence', { min: 0, description: "Wmo aanmeldingen per 1000 youths aged 0-18: a measure of the municipality's size where its own count is not known (ketensim init); or wmo_rate" }),
    ),
  }),
  routing: object({
    ivh_compliance: share('share of complex cases aged 0-7 whose route goes through the IVH-casemanager'),
    perceived_wait_initial: time('the toegang wait that families and professionals believe in at the start (its reputation)'),
    perceived_wait_threshold: time('perceived toegang wait above which families and professionals bypass to the GP'),
    perceived_wait_sensitivity: param('rate', { min: 0, description: 'extra bypass probability per week of perceived wait above the threshold' }),
    max_bypass: share('cap on the bypass probability'),
    perceived_wait_memory: positiveTime('time over which the belief moves towards the waits families meet (a slow, persistent belief; 000:L1567-1600)'),
  }),
  referrers: object({ huisarts: referrerSchema, jeugdarts: referrerSchema, medisch_specialist: referrerSchema, gi: referrerSchema }),
  poh_jeugd: object({
    staff: staffSchema,
    share_of_gp_consults: share('share of GP consults seen by a POH-jeugd'),
    helps_light: share('share of POH-seen casussen with need <= 1 helped by the POH itself'),
    accuracy: share('referral accuracy after POH request clarification'),
  }),
  eerste_lijn: object({
    staff: staffSchema,
    help: durationSchema,
    max_level: param('count', { min: 0, max: 4, integer: true, description: 'highest need level this help can meet' }),
  }),
  workforce: object({
    productive_hours_per_fte: param('hours', { min: 0, positive: true, description: 'hours a year one FTE works on casussen and meetings (holidays, leave and overhead excluded)' }),
    summer_absence: share('share of the staff on holiday in July and August: every team and provider except verblijf takes on fewer casussen then'),
  }),
  swt: object({
    staff: staffSchema,
    youth_share: share('share of the SWT staff that works for youth (the rest for Wmo); the wijken share the staff by population'),
    pooling: oneOf(['separate', 'shared'] as const, 'separate: youth and Wmo each have their part of the staff; shared: generalists, youth and Wmo wait in one queue for all of it'),
    ktg: durationSchema,
    indicatiestelling: durationSchema,
    wmo_handling: durationSchema,
    wmo_patience: optional(positiveTime('mean time a Wmo applicant waits before finding another solution (exponential); absent = waits forever')),
    pressure_stretch: factor('extra share of assessment time per waiting case per slot above work_pressure_threshold (files lie longer under pressure; 0 = off)'),
    pressure_stretch_max: param('factor', { min: 1, description: 'cap on that stretch: under any pressure an assessment takes at most this multiple of its usual time' }),
    own_support_max_level: param('count', { min: 0, max: 4, integer: true }),
    own_support_share: share('share of casussen within own-support reach that the SWT helps itself when not under pressure'),
    own_support: durationSchema,
    own_support_success: share(),
    work_pressure_slope: factor('rise of the probability to indicate instead of helping, per waiting case per slot above the threshold (0 = off)'),
    work_pressure_threshold: factor('waiting cases per slot above which work pressure bites (own support and stretch)'),
    placement: placement(),
    triage_accuracy: share('matched care: probability the placement equals the need'),
    triage_upward_bias: upwardBias(),
    indicatiesteller: optional(
      object(
        {
          staff: staffSchema,
          duration: durationSchema,
          triage_accuracy: share('matched care: probability the placement equals the need'),
          triage_upward_bias: upwardBias(),
          refusal_share: share('share of the families it would indicate that it sends to the sociale basis instead (stricter indicatiestelling)'),
          refusal_max_level: param('count', { min: 1, max: 4, integer: true, description: 'the heaviest need it may refuse' }),
        },
        'an ambtelijke indicatiesteller (design geoptimaliseerd-indicatiemodel, 003:L716-730): indicatiestelling by a team of the municipality, apart from the wijkteam',
      ),
    ),
  }),
  basisteam: optional(
    object({
      staff: staffSchema,
      staff_realised: share('share of the planned FTE that actually works in the teams (a risk of 003:L1236-1270: professionals who do not move); the budget pays the plan'),
      expertise: share('the expertise of the teams, 1 as planned (003:L1258-1262): the share of the families within reach the team dares to help itself (the rest it refers), and a factor on its help success'),
      intake: durationSchema,
      help: recordOf(['1', '2', '3'] as const, durationSchema, { required: true }),
      help_success: share(),
      max_level_in_team: param('count', { min: 1, max: 3, integer: true }),
      team_share_begeleiding: share('share of begeleiding (need 2) helped in the team (ambition 80%)'),
      indicate: durationSchema,
      when_full: oneOf(['wait', 'early_release', 'refer'] as const),
      full_queue_per_slot: factor('waiting casussen per slot at which the team counts as full'),
      early_release_factor: share('help duration multiplier on early release'),
      placement: placement(),
      triage_accuracy: share('matched care: probability the placement equals the need'),
      triage_upward_bias: upwardBias(),
    }),
  ),
  one_stop_shop: optional(
    object({
      intake_staff: staffSchema,
      intake: durationSchema,
      placement: placement(),
      triage_accuracy: share('matched care: probability the placement equals the need'),
      triage_upward_bias: upwardBias(),
      budget_per_year: param('money', { min: 0, description: 'lump sum for the intake staff and all care' }),
      when_exhausted: oneOf(['wait', 'overrun', 'under_treatment'] as const),
      under_treatment_factor: share('episode duration multiplier once the lump sum is spent'),
    }),
  ),
  ivh: object({
    staff: staffSchema,
    vraagverheldering: durationSchema,
    mdo_use: share('share of complex IVH casussen brought to the MDO (the rest go directly to a provider)'),
    compulsory_mdo: boolean('every complex case goes through the MDO (matched care)'),
    mdo_period: positiveTime('time between MDO meetings'),
    mdo_slots: positiveCount('children per MDO meeting'),
    mdo_minutes_per_case: time('discussion time per child'),
    mdo_participants: param('count', { min: 0, description: 'professionals at an MDO meeting (their hours are its cost)' }),
    extra_mdo: optional(arrayOf(object({ at: time('time after the start of the observed period'), slots: positiveCount() }))),
    placement: placement(),
    mdo_accuracy: share('matched care: probability the MDO adviesplan matches the need'),
    casemanager_accuracy: share('matched care: probability a casemanager who skips the MDO places at the need'),
    reassessment: boolean('the local team re-assesses an IVH advice before a beschikking (002:L1785-1790)'),
    reassessment_time: durationSchema,
  }),
  care: recordOf(CARE_LEVELS, careTypeSchema, { required: true, description: 'providers per care level' }),
  provider_intake_repeats_ktg: boolean('provider intake repeats the keukentafelgesprek (003:L671-672)'),
  dynamics: object({
    deterioration_per_week: param('rate', { min: 0, description: 'hazard that the need rises one level, per week of waiting (0 = off)' }),
    fragmentation_from: param('count', { min: 1, integer: true, description: 'number of professionals from which effectiveness drops (003:L826-827)' }),
    fragmentation_penalty: share('drop in success probability per professional from that number on'),
    step_up_delay: durationSchema,
    max_episodes: param('count', { min: 1, integer: true, description: 'after this many failed episodes or refusals the case leaves unresolved' }),
    return_after: durationSchema,
  }),
  norms: object({ first_contact: time('norm for the first conversation (14 days, 003:L1408-1412)') }),
  transition: optional(
    object(
      {
        from: string({ description: 'the scenario before the switch (a file, relative to this one): the design of today' }),
        year: number({ min: 1900, max: 2200, integer: true, description: 'the switch, on 1 January of this year (within the observed period: simulation.start_year and later)' }),
        learning_time: time('time the new teams take to reach their full capacity and triage accuracy (a learning curve, 003:L470); 0 = at once'),
        start_capacity: share('share of their capacity the new teams have at the switch (rising linearly to all of it)'),
        start_accuracy: share('share of their triage accuracy the new teams have at the switch (rising linearly to all of it)'),
        existing: oneOf(['finish', 'move'] as const, 'finish: families already at the old toegang finish there; move: those still waiting for their first conversation move to the new toegang'),
      },
      'a switch from the design of today to this design at a chosen date, with a transition (docs/model.md 2.7)',
    ),
  ),
});

/** A scenario as the schema reads it, before the derived fields are filled in (derive.ts). */
export type ParsedScenario = NonNullable<ReturnType<typeof scenarioSchema.parse>>;
type ParsedVindplaats = NonNullable<ParsedScenario['inflow']['vindplaatsen'][Vindplaats]>;
type ParsedWijk = ParsedScenario['population']['wijken'][number];
/** A vindplaats with its rate: written, or its per_1000 times the youths of its age bands. */
export type VindplaatsSpec = ParsedVindplaats & { rate: Param };
export type Wijk = ParsedWijk & { share: Param };

/**
 * A scenario: the parsed file with its derived fields (a vindplaats's rate, a wijk's share, the
 * population totals) filled in. A derived parameter has `derived` set and is not an assumption of
 * its own (the sensitivity analysis and `fit` vary what it is derived from).
 */
export type Scenario = Omit<ParsedScenario, 'inflow' | 'population' | 'transition'> & {
  inflow: Omit<ParsedScenario['inflow'], 'vindplaatsen'> & { vindplaatsen: Partial<Record<Vindplaats, VindplaatsSpec>> };
  population: Omit<ParsedScenario['population'], 'youth' | 'youth_0_23' | 'wijken'> & { youth: Param; youth_0_23: Param; wijken: Wijk[] };
  /** A switch from the scenario `before` (read from `from`) to this one. */
  transition?: NonNullable<ParsedScenario['transition']> & { before: Scenario };
};

/** The designs a transition may go from and to (docs/model.md 2.7): from today's indicatiemodel to a design paid by p x q. */
export const TRANSITION_FROM: readonly Design[] = ['indicatiemodel'];
export const TRANSITION_TO: readonly Design[] = ['geoptimaliseerd-indicatiemodel', 'brede-basisteams'];
