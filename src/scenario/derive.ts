/**
 * The fields a scenario derives from others, filled in after the schema has read the file: the
 * population totals and each wijk's share from the youths per wijk and age band, and a
 * vindplaats's rate from its rate per 1000 youths. Run again whenever a parameter they come from
 * changes (the sensitivity analysis varies parsed scenarios), so a derived value never goes stale.
 */
import { RESERVED_SOURCE_CODES, sourceCode, type Param } from './param.js';
import type { Issue } from './schema.js';
import { AGE_BANDS, VINDPLAATSEN, type AgeBand, type ParsedScenario, type PopulationBand, type Scenario } from './types.js';

const derivedParam = (value: number, unit: string, writtenValue: number, source: string, from: string): Param => ({
  value,
  written: { value: writtenValue, unit },
  source,
  aanname: false,
  derived: from,
});

/** The youths of a band in the municipality (the sum over its wijken), or undefined without youths per wijk. */
export function youthsOf(s: Pick<Scenario, 'population'> | Pick<ParsedScenario, 'population'>, band: PopulationBand): number | undefined {
  const ws = s.population.wijken;
  if (!ws.every((w) => w.youth)) return undefined;
  let n = 0;
  for (const w of ws) {
    const p = w.youth![band];
    if (!p) return undefined;
    n += p.value;
  }
  return n;
}

/** Shorter source for a derived parameter: the sources it comes from, deduplicated. */
function sourcesOf(ps: readonly (Param | undefined)[]): string {
  const seen = [...new Set(ps.filter((p): p is Param => p !== undefined && p.derived === undefined).map((p) => p.source))];
  return seen.length <= 2 ? seen.join('; ') : `${seen[0]}; and ${seen.length - 1} more sources`;
}

/**
 * Every source that cites a code cites one the scenario declares under `sources:` (and no declared
 * code is a reserved word). Derived parameters carry the sources of what they come from.
 */
export function checkSourceCodes(s: { sources?: Record<string, string> | undefined }, issues: Issue[]): void {
  const declared = s.sources ?? {};
  for (const code of Object.keys(declared)) {
    if (RESERVED_SOURCE_CODES.includes(code)) issues.push({ path: ['sources', code], expected: `a code other than ${RESERVED_SOURCE_CODES.join(' and ')} (kinds of source of their own)`, found: `'${code}'`, severity: 'error' });
  }
  const walk = (x: unknown, path: (string | number)[]) => {
    if (typeof x !== 'object' || x === null) return;
    const p = x as Partial<Param>;
    if (typeof p.source === 'string' && p.written) {
      if (p.derived !== undefined) return;
      const code = sourceCode(p.source);
      if (code !== undefined && !(code in declared)) {
        const known = Object.keys(declared);
        issues.push({
          path: [...path, 'source'],
          expected: `a seed reference ('003:L665'), text starting with 'aanname', 'fitted to ...', or a source declared under sources:${known.length > 0 ? ` (${known.join(', ')})` : ' (none is declared)'}`,
          found: `'${p.source.length > 60 ? p.source.slice(0, 60) + '...' : p.source}'`,
          severity: 'error',
          hint: `declare it as sources: { ${code}: "the document" }, or write 'aanname: ...'`,
        });
      }
      return;
    }
    if (Array.isArray(x)) x.forEach((v, i) => walk(v, [...path, i]));
    else for (const [k, v] of Object.entries(x)) if (k !== 'sources') walk(v, [...path, k]);
  };
  walk(s, []);
}

/**
 * Fill in the derived fields (or report why they cannot be). Pure: returns a new scenario; the
 * input may be a scenario whose derived fields are stale (they are recomputed).
 */
export function deriveScenario(p: ParsedScenario | Scenario, issues: Issue[]): Scenario | undefined {
  const before = issues.filter((i) => i.severity === 'error').length;
  const pop = p.population;
  const ws = pop.wijken;
  const byYouth = ws.length > 0 && ws.every((w) => w.youth);
  const sum0_18 = byYouth ? AGE_BANDS.reduce((a, b) => a + (youthsOf(p, b) ?? 0), 0) : undefined;
  const sum18_23 = byYouth ? youthsOf(p, '18-23') : undefined;
  const wijkSources = byYouth ? sourcesOf(ws.flatMap((w) => AGE_BANDS.map((b) => w.youth![b]))) : '';

  // Totals: derived from the wijken when they give youths; a value written next to them must agree.
  const total = (field: 'youth' | 'youth_0_23', derived: number | undefined, what: string): Param | undefined => {
    const written = pop[field];
    if (written && written.derived === undefined) {
      if (derived !== undefined && Math.abs(written.value - derived) > 0.005 * derived) {
        issues.push({ path: ['population', field], expected: `the ${what} of the wijken (${Math.round(derived)}) or no value (it follows from the wijken)`, found: `${written.written.value}`, severity: 'error' });
      }
      return written;
    }
    if (derived !== undefined) return derivedParam(derived, 'youths', derived, wijkSources, `the youths of the wijken (population.wijken[].youth)`);
    issues.push({
      path: ['population', field],
      expected: `the number of ${what} (or the wijken's youths per age band${field === 'youth_0_23' ? ', 18-23 included' : ''})`,
      found: 'nothing',
      severity: 'error',
    });
    return undefined;
  };
  const youth = total('youth', sum0_18, 'youths aged 0-18');
  const youth023 = total('youth_0_23', sum0_18 !== undefined && sum18_23 !== undefined ? sum0_18 + sum18_23 : undefined, 'youths aged 0-23');

  const wijken = ws.map((w) => {
    if (!byYouth) return { ...w, share: w.share! };
    const own = AGE_BANDS.reduce((a, b) => a + w.youth![b]!.value, 0);
    const sh = sum0_18! > 0 ? own / sum0_18! : 0;
    return { ...w, share: derivedParam(sh, 'share', sh, sourcesOf(AGE_BANDS.map((b) => w.youth![b])), `the youths of wijk ${w.name}`) };
  });

  const vindplaatsen: Scenario['inflow']['vindplaatsen'] = {};
  for (const v of VINDPLAATSEN) {
    const vp = p.inflow.vindplaatsen[v];
    if (!vp) continue;
    const path = ['inflow', 'vindplaatsen', v];
    const rate = vp.rate && vp.rate.derived === undefined ? vp.rate : undefined;
    if (rate && vp.per_1000) {
      issues.push({ path: [...path, 'per_1000'], expected: 'a rate or a rate per 1000 youths, not both', found: 'both (a file that extends another may write the other; write only one in the chain)', severity: 'error' });
      continue;
    }
    if (rate) {
      vindplaatsen[v] = { ...vp, rate };
      continue;
    }
    if (!vp.per_1000) {
      issues.push({ path: [...path, 'rate'], expected: 'a rate, or a rate per 1000 youths (per_1000)', found: 'neither', severity: 'error' });
      continue;
    }
    if (!byYouth) {
      issues.push({ path: [...path, 'per_1000'], expected: 'youths per age band in every wijk (population.wijken[].youth) to count the youths this rate applies to', found: 'wijken with a share only', severity: 'error' });
      continue;
    }
    const bands = AGE_BANDS.filter((b: AgeBand) => (vp.age[b]?.value ?? 0) > 0);
    const n = bands.reduce((a, b) => a + (youthsOf(p, b) ?? 0), 0);
    const perWeek = (vp.per_1000.value * n) / 1000;
    vindplaatsen[v] = {
      ...vp,
      rate: derivedParam(perWeek, 'per_week', perWeek, sourcesOf([vp.per_1000]), `inflow.vindplaatsen.${v}.per_1000 x the youths aged ${bands.join(', ')} (${Math.round(n)})`),
    };
  }
  // The Wmo inflow: as written, or per 1000 youths aged 0-18.
  let wmo = p.inflow.wmo_rate && p.inflow.wmo_rate.derived === undefined ? p.inflow.wmo_rate : undefined;
  if (!wmo && p.inflow.wmo_per_1000 && youth) {
    const perWeek = (p.inflow.wmo_per_1000.value * youth.value) / 1000;
    wmo = derivedParam(perWeek, 'per_week', perWeek, sourcesOf([p.inflow.wmo_per_1000]), `inflow.wmo_per_1000 x the youths aged 0-18 (${Math.round(youth.value)})`);
  }
  if (!wmo && !p.inflow.wmo_per_1000) issues.push({ path: ['inflow', 'wmo_rate'], expected: 'the Wmo aanmeldingen a year (wmo_rate), or wmo_per_1000', found: 'neither', severity: 'error' });
  if (issues.filter((i) => i.severity === 'error').length > before || !youth || !youth023 || !wmo) return undefined;
  const out = {
    ...p,
    population: { ...pop, youth, youth_0_23: youth023, wijken },
    inflow: { ...p.inflow, vindplaatsen, wmo_rate: wmo },
  } as Scenario;
  const staffed = deriveStaff(out, youth, [], issues) as Scenario;
  return issues.filter((i) => i.severity === 'error').length > before ? undefined : staffed;
}

/**
 * Every team's FTE: as written, or its FTE per 1000 youths aged 0-18 times the youths. A team is
 * an object with a caseload norm (staff of a team or of providers).
 */
function deriveStaff(x: unknown, youth: Param, path: (string | number)[], issues: Issue[]): unknown {
  if (Array.isArray(x)) return x.map((v, i) => deriveStaff(v, youth, [...path, i], issues));
  if (typeof x !== 'object' || x === null || 'written' in x) return x;
  const o = x as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = deriveStaff(v, youth, [...path, k], issues);
  if (!('caseload_per_fte' in o)) return out;
  const fte = o.fte as Param | undefined;
  const per = o.fte_per_1000 as Param | undefined;
  if (fte && fte.derived === undefined) return out;
  if (!per) {
    issues.push({ path: [...path, 'fte'], expected: 'the full-time equivalents (fte), or fte_per_1000 (FTE per 1000 youths aged 0-18)', found: 'neither', severity: 'error' });
    return out;
  }
  const value = (per.value * youth.value) / 1000;
  out.fte = derivedParam(value, 'fte', value, sourcesOf([per, youth]), `${[...path, 'fte_per_1000'].join('.')} x the youths aged 0-18 (${Math.round(youth.value)})`);
  return out;
}
