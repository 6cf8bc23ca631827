/**
 * Scenario comparison under common random numbers: paired differences per replication.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { compareScenarios } from '../src/experiment/compare.js';
import { main } from '../src/cli/main.js';

const root = join(import.meta.dirname, '..');
const load = (f: string) => loadScenario(join(root, 'scenarios', f)).scenario;
const short = { reps: 4, seed: 3, horizonWeeks: 104, warmupWeeks: 52 };

describe('compareScenarios', () => {
  it('pairs replications: a scenario against itself differs by exactly zero', async () => {
    const base = load('nijmegen-2019-indicatiemodel.yaml');
    const twin = { ...base, name: 'twin' };
    const c = await compareScenarios([base, twin], short);
    for (const d of Object.values(c.diffs.twin!)) if (d.n > 0) expect(d.mean).toBe(0);
  });

  it('paired differences are tighter than the spread of either scenario', async () => {
    const c = await compareScenarios([load('nijmegen-2019-indicatiemodel.yaml'), load('variants/verplicht-mdo.yaml')], short);
    const d = c.diffs['variant-verplicht-mdo']!.mdo_cases_per_year!;
    expect(d.mean).toBeGreaterThan(0); // a compulsory MDO discusses more children
    const cost = c.diffs['variant-verplicht-mdo']!.cost_total_meur!;
    const sdBase = c.runs[0]!.kpis.cost_total_meur!.sd;
    expect(cost.sd).toBeLessThan(sdBase);
  });

  it('rejects duplicate names and an unknown reference', async () => {
    const base = load('nijmegen-2019-indicatiemodel.yaml');
    await expect(compareScenarios([base, base], short)).rejects.toThrow(/names must differ/);
    await expect(compareScenarios([base], short, 'nope')).rejects.toThrow(/reference 'nope'/);
  });

  it('worker threads give byte-identical results (1 vs 2 workers)', async () => {
    const scenarios = [load('nijmegen-2019-indicatiemodel.yaml'), load('one-stop-shop.yaml')];
    const one = await compareScenarios(scenarios, short, undefined, 1);
    const two = await compareScenarios(scenarios, short, undefined, 2);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('the CLI prints a table with paired differences, or JSON', async () => {
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: () => undefined };
    const files = ['nijmegen-2019-indicatiemodel.yaml', 'one-stop-shop.yaml'].map((f) => join(root, 'scenarios', f));
    expect(await main(['compare', ...files, '--reps', '2', '--horizon-years', '1', '--warmup-years', '0.5', '--json'], io)).toBe(0);
    const j = JSON.parse(out.join('\n')) as { reference: string; differences: Record<string, Record<string, { n: number }>> };
    expect(j.reference).toBe('nijmegen-2019-indicatiemodel');
    expect(j.differences['one-stop-shop']!.wait_intake_weeks!.n).toBe(2);
    const err: string[] = [];
    expect(await main(['compare', ...files, '--reference', 'x'], { out: () => undefined, err: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toMatch(/--reference: expected one of nijmegen-2019-indicatiemodel, one-stop-shop, found 'x'/);
  });
});
