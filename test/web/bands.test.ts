/**
 * The uncertainty in the assumptions the web app ships (web/src/data/assumption-bands.json, made
 * by `npm run bands`): it must hold for the scenario files and the model as they are (a changed
 * default design fails here until the file is made again), a couple of its sample points must come
 * out exactly again from the CLI's code, and the app shows it only where it holds (bands.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BANDS_SAMPLE, bandsFingerprint, bandsStatus, type AssumptionBandsFile } from '../../src/experiment/assumption-bands.js';
import { DEFAULT_DESIGN_FILES } from '../../src/experiment/defaults.js';
import { runExperiment } from '../../src/experiment/experiment.js';
import { HEADLINE_KPIS } from '../../src/experiment/kpis.js';
import { pointsPlan } from '../../src/experiment/plan.js';
import { assumptionsOf, meanKpis, samplePositions, screeningPoints } from '../../src/experiment/sensitivity.js';
import { MODEL_VERSION } from '../../src/model/model.js';
import { BANDS_FILE, defaultDesigns, designInputs, ROOT } from '../../web/tools/bands.js';
import { bandsFor, shippedBandsStatus } from '../../web/src/bands.js';
import { defaultState } from '../../web/src/state.js';
import { DESIGN_FILES } from '../../web/src/scenarios.js';

const shipped = JSON.parse(readFileSync(BANDS_FILE, 'utf8')) as AssumptionBandsFile;
const fromDisk = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const REGENERATE = 'the shipped bands are out of date: run npm run bands (web/tools/bands.ts) and commit web/src/data/assumption-bands.json';

describe('the shipped assumption bands', () => {
  it('were made from the default designs, the model and the scenario files as they are now', () => {
    expect(shipped.designs.map((d) => d.file), REGENERATE).toEqual(DEFAULT_DESIGN_FILES.map((f) => `scenarios/${f}`));
    expect(Object.keys(shipped.files), REGENERATE).toEqual(designInputs());
    expect({ samples: shipped.samples, reps: shipped.reps, seed: shipped.seed }, REGENERATE).toEqual(BANDS_SAMPLE);
    expect(shipped.modelVersion, REGENERATE).toBe(MODEL_VERSION);
    expect(bandsStatus(shipped, MODEL_VERSION, fromDisk), REGENERATE).toEqual({ fresh: true });
    // The app checks the same against the texts it embeds (Vite's ?raw imports).
    expect(shippedBandsStatus()).toEqual({ fresh: true });
    for (const d of shipped.designs) for (const k of HEADLINE_KPIS) {
      const b = shipped.bands[d.name]?.[k];
      expect(b, `${d.name} ${k}`).toBeDefined();
      if (Number.isFinite(b!.p50)) expect(b!.p10 <= b!.p50 && b!.p50 <= b!.p90, `${d.name} ${k}`).toBe(true);
    }
  });

  it('notices a changed file or model version, and names what changed', () => {
    const edited = (p: string) => (p === 'scenarios/brede-basisteams.yaml' ? `${fromDisk(p)}\n# changed\n` : fromDisk(p));
    expect(bandsStatus(shipped, MODEL_VERSION, edited)).toEqual({ fresh: false, model: false, changed: ['scenarios/brede-basisteams.yaml'] });
    expect(bandsStatus(shipped, `${MODEL_VERSION}-next`, fromDisk)).toEqual({ fresh: false, model: true, changed: [] });
    expect(bandsFingerprint(MODEL_VERSION, { ...shipped, reps: shipped.reps + 1 }, shipped.files)).not.toBe(shipped.fingerprint);
  });

  it('gives exactly its stored points again when the CLI code runs them', async () => {
    const entries = defaultDesigns();
    const scenarios = entries.map((e) => e.scenario);
    const assumptions = assumptionsOf(scenarios);
    expect(assumptions.length).toBe(shipped.assumptions);
    const q = samplePositions(assumptions, shipped.samples, shipped.seed);
    const kpis = [...HEADLINE_KPIS];
    const { kept, points } = screeningPoints(scenarios, assumptions, shipped.checks.map((c) => q[c.sample]!));
    expect(kept.length).toBe(shipped.checks.length);
    const plan = pointsPlan('check', entries, points, assumptions.map((a) => a.path), { reps: shipped.reps, seed: shipped.seed, kpis });
    const { runs } = await runExperiment(plan, { workers: 2 });
    const means = points.map((_, p) => meanKpis(runs.filter((r) => r.point === p).map((r) => r.kpis as Record<string, number>), kpis));
    shipped.checks.forEach((c, i) => expect(means.slice(i * scenarios.length, (i + 1) * scenarios.length), `sample point ${c.sample}`).toEqual(c.values));
  }, 600_000);
});

describe('where the app shows them (bands.ts)', () => {
  const fresh = { fresh: true } as const;
  const views = (n: number) => Array.from({ length: n }, (_, i) => ({ slot: i }));

  it('on the default designs as loaded, as designed, at the default horizon', () => {
    const s = defaultState(DESIGN_FILES);
    const shown = bandsFor(s, views(4), shipped, fresh);
    expect(shown.note).toBeNull();
    shown.bands.forEach((b, i) => expect(b).toBe(shipped.bands[shipped.designs[i]!.name]));
  });

  it('not on a changed scenario (its untouched reference keeps its band), nor on equal budget or another horizon', () => {
    const s = defaultState(DESIGN_FILES);
    s.slots[0]!.overrides = { 'toegang.wijkteam.staff.fte': 10 };
    // A changed baseline: the reference as loaded (slot null), then the changed one.
    const changed = bandsFor(s, [{ slot: null }, { slot: 0 }, { slot: 1 }], shipped, fresh);
    expect(changed.bands.map((b) => b !== null)).toEqual([true, false, true]);
    expect(changed.note).toEqual({ kind: 'changed' });
    const equal = bandsFor({ ...s, settings: { ...s.settings, equal: 'budget' } }, views(4), shipped, fresh);
    expect(equal.bands.every((b) => b === null) && equal.note).toEqual({ kind: 'equal' });
    const short = bandsFor({ ...s, settings: { ...s.settings, horizonYears: 2 } }, views(4), shipped, fresh);
    expect(short.note).toEqual({ kind: 'settings' });
  });

  it('nowhere when out of date, saying what changed', () => {
    const shown = bandsFor(defaultState(DESIGN_FILES), views(4), shipped, { fresh: false, model: false, changed: ['scenarios/one-stop-shop.yaml'] });
    expect(shown.bands.every((b) => b === null)).toBe(true);
    expect(shown.note).toEqual({ kind: 'stale', model: false, changed: ['scenarios/one-stop-shop.yaml'] });
  });
});
