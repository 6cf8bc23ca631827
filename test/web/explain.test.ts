/**
 * The web app's "Why this difference?" and tornado (web/src/analysis/compute.ts) give the CLI's
 * numbers: the same code, the same seed and replication numbers, the same runs as the app's
 * workers make (web/src/worker.ts). Checked for the default pair (the Nijmegen baseline against
 * the brede basisteams) on a short experiment.
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { toRecord } from '../../src/experiment/results.js';
import { runReplication } from '../../src/model/model.js';
import { main } from '../../src/cli/main.js';
import type { Scenario } from '../../src/scenario/types.js';
import { explainPair, tornadoPair, type RunPoints } from '../../web/src/analysis/compute.js';
import { runOptions } from '../../web/src/data.js';
import { buildScenario, DESIGN_FILES } from '../../web/src/scenarios.js';
import type { Settings } from '../../web/src/state.js';

const ROOT = resolve(__dirname, '../..');
const settings: Settings = { reps: 2, seed: 3, horizonYears: 1, warmupYears: 0.5, equal: 'designed' };
const cliSettings = ['--seed', String(settings.seed), '--horizon-years', String(settings.horizonYears), '--warmup-years', String(settings.warmupYears), '--workers', '1', '--json'];
const pair = [DESIGN_FILES[0]!, DESIGN_FILES[2]!];

/** What the app's workers return for each replication of each point (web/src/worker.ts). */
const inNode: RunPoints = async (points: readonly Scenario[], reps: number) => points.map((s) => Array.from({ length: reps }, (_, r) => toRecord(0, 0, r, runReplication(s, runOptions(settings, r)), null, false).kpis));

async function cli(args: string[]): Promise<unknown> {
  const out: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: () => undefined });
  expect(code).toBe(0);
  return JSON.parse(out.join('\n'));
}

/** Equal as the CLI's JSON writes them (a number that is not finite as null). */
const same = (x: number, y: number | null, what: string) => (y === null ? expect(Number.isFinite(x), what).toBe(false) : expect(x, what).toBe(y));

describe('web explain and tornado = the CLI', () => {
  it('explain baseline vs brede basisteams: every KPI\'s total and contributions with their intervals equal ketensim explain\'s', async () => {
    const [a, b] = pair.map((f) => buildScenario(f, {})) as [Scenario, Scenario];
    const kpis = ['wait_intake_weeks', 'time_to_care_weeks', 'cost_total_meur'];
    const web = await explainPair(a, b, { reps: settings.reps, seed: settings.seed, kpis }, inNode);
    const want = (await cli(['explain', ...pair.map((f) => join(ROOT, f)), '--reps', String(settings.reps), '--kpis', kpis.join(','), ...cliSettings])) as {
      points: number;
      groups: { name: string }[];
      kpis: Record<string, { total: { mean: number | null; ciLow: number | null; ciHigh: number | null }; contributions: { group: string; mean: number | null; ciLow: number | null; ciHigh: number | null }[] }>;
    };
    expect(web.points).toBe(want.points);
    expect(web.groups.map((g) => g.name)).toEqual(want.groups.map((g) => g.name));
    expect(web.groups.length).toBeGreaterThanOrEqual(4);
    for (const k of kpis) {
      const w = want.kpis[k]!;
      const x = web.kpis[k]!;
      for (const f of ['mean', 'ciLow', 'ciHigh'] as const) same(x.total[f], w.total[f], `${k} total ${f}`);
      expect(x.contributions.map((c) => c.group)).toEqual(w.contributions.map((c) => c.group));
      x.contributions.forEach((c, i) => {
        for (const f of ['mean', 'ciLow', 'ciHigh'] as const) same(c[f], w.contributions[i]![f], `${k} ${c.group} ${f}`);
      });
      // The contributions add up to the total.
      expect(x.contributions.reduce((s, c) => s + c.mean, 0)).toBeCloseTo(x.total.mean, 9);
    }
  }, 300_000);

  it('tornado baseline vs brede basisteams: the rows equal ketensim sensitivity\'s', async () => {
    const scenarios = pair.map((f) => buildScenario(f, {}));
    const opts = { samples: 4, reps: 1, top: 2, seed: settings.seed, kpis: ['wait_intake_weeks'] };
    const web = await tornadoPair(scenarios, opts, inNode);
    const want = (await cli(['sensitivity', ...pair.map((f) => join(ROOT, f)), '--samples', '4', '--reps', '1', '--top', '2', '--kpis', 'wait_intake_weeks', ...cliSettings])) as { samples: number; tornado: Record<string, { path: string; design: string; low: number | null; high: number | null; base: number | null; lowValue: number; highValue: number; range: string }[]> };
    expect(web.samples).toBe(want.samples);
    const rows = web.tornado.wait_intake_weeks!;
    const wantRows = want.tornado.wait_intake_weeks!;
    expect(rows.map((r) => `${r.path} ${r.design}`)).toEqual(wantRows.map((r) => `${r.path} ${r.design}`));
    // Two assumptions, each for the scenarios that have it and for the difference.
    expect(rows).toHaveLength(wantRows.length);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    rows.forEach((r, i) => {
      const w = wantRows[i]!;
      for (const f of ['low', 'high', 'base'] as const) same(r[f], w[f], `${r.path} ${r.design} ${f}`);
      expect([r.lowValue, r.highValue, r.range]).toEqual([w.lowValue, w.highValue, w.range]);
    });
  }, 300_000);
});
