/**
 * The data behind the web app's views, without a browser: share links, levers, embedded
 * scenarios and imports, the job order, and the comparison (the same numbers as the CLI).
 */
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { decodeLink, defaultState, encodeLink, History, LinkError } from '../../web/src/state.js';
import { LEVERS, leverStates, readPath } from '../../web/src/levers.js';
import { buildScenario, catalogue, DESIGN_FILES, FILES, headerOf, importScenario, scenarioDataOf } from '../../web/src/scenarios.js';
import { compare, jobsFor, tableCsv, uniqueNames } from '../../web/src/data.js';
import { leverGrid } from '../../web/src/sweep-view.js';
import { toRecord } from '../../src/experiment/results.js';
import { scenariosPlan } from '../../src/experiment/plan.js';
import { summarisePoints } from '../../src/experiment/results.js';
import { growingQueues } from '../../src/experiment/stability.js';
import { runReplication } from '../../src/model/model.js';
import { loadScenario } from '../../src/scenario/load.js';
import { readFileSync } from 'node:fs';
import { isTargetsText } from '../../src/experiment/targets.js';

const ROOT = resolve(__dirname, '../..');

describe('embedded scenarios', () => {
  it('are the shipped files, parse like the CLI, and list the default designs first', () => {
    const cat = catalogue();
    expect(cat.slice(0, DESIGN_FILES.length).map((c) => c.file)).toEqual(DESIGN_FILES);
    expect(cat.length).toBeGreaterThanOrEqual(8);
    for (const c of cat) {
      const web = buildScenario(c.file, {});
      const cli = loadScenario(join(ROOT, c.file)).scenario;
      expect(JSON.stringify(web)).toBe(JSON.stringify(cli));
      // The catalogue reads these from the files' top lines without parsing them: the same as the parser.
      expect({ name: c.name, title: c.title, design: c.design }).toEqual({ name: cli.name, title: cli.title, design: cli.design });
    }
    // Every shipped scenario file's header is read that way (none falls back to a full parse); tables and targets files are not scenarios.
    for (const [f, text] of Object.entries(FILES)) if (f.startsWith('scenarios/') && !f.startsWith('scenarios/import/') && /\.ya?ml$/.test(f) && !isTargetsText(text)) expect(headerOf(text), f).not.toBeNull();
    expect(headerOf('name: a\ntitle: >\n  folded\ndesign: indicatiemodel\n')).toBeNull();
  });

  it('an imported file goes through the same validator: errors name file, line and field; nothing is added', () => {
    const before = Object.keys(FILES).length;
    const bad = importScenario('mijn scenario.yaml', 'extends: nijmegen-2019-indicatiemodel.yaml\nname: mijn\ntitle: x\ndesign: indicatiemodel\nswt:\n  youth_share: { value: -3, unit: share, source: aanname }\n');
    expect('errors' in bad && bad.errors.join('\n')).toMatch(/mijn_scenario\.yaml:6: swt\.youth_share\.value: expected a number in \[0, 1\]/);
    expect(Object.keys(FILES).length).toBe(before);
    expect('errors' in importScenario('x.yaml', 'name: [unclosed')).toBe(true);
    expect('errors' in importScenario('x.yaml', 'a'.repeat(1_000_001))).toBe(true);
    const good = importScenario('meer.yaml', 'extends: nijmegen-2019-indicatiemodel.yaml\nname: meer-capaciteit\ntitle: Meer capaciteit\ndesign: indicatiemodel\nswt:\n  youth_share: { value: 0.5, unit: share, source: aanname }\n');
    expect(good).toEqual({ file: 'scenarios/import/meer.yaml' });
    expect(buildScenario('scenarios/import/meer.yaml', {}).swt.youth_share.value).toBe(0.5);
    expect(catalogue().filter((c) => c.imported).map((c) => c.name)).toEqual(['meer-capaciteit']);
  });
});

describe('levers', () => {
  it('every lever points at a number, choice or switch in at least one design, within its range', () => {
    const datas = DESIGN_FILES.map((f) => scenarioDataOf(f));
    for (const l of LEVERS) {
      const found = datas.map((d) => readPath(d, l.path)).filter((x) => x !== undefined);
      expect(found.length, l.path).toBeGreaterThan(0);
      for (const f of found) {
        if (l.kind === 'number') {
          expect(typeof f!.value, l.path).toBe('number');
          expect(f!.value as number, l.path).toBeGreaterThanOrEqual(l.min!);
          expect(f!.value as number, l.path).toBeLessThanOrEqual(l.max!);
          expect(f!.source, l.path).not.toBe('');
        } else if (l.kind === 'switch') expect(typeof f!.value).toBe('boolean');
        else expect(l.choices!.map((c) => c.value)).toContain(f!.value);
      }
    }
  });

  it('a lever changes the scenario in the unit the file writes (months, years), and shows source or aanname', () => {
    const s = buildScenario(DESIGN_FILES[0]!, { 'ivh.mdo_period': 0.5, 'swt.placement': 'matched', 'ivh.compulsory_mdo': true });
    expect(s.ivh.mdo_period.value).toBeCloseTo(0.5 * (365.25 / 7 / 12), 10);
    expect(s.swt.placement).toBe('matched');
    expect(s.ivh.compulsory_mdo).toBe(true);
    const states = leverStates(scenarioDataOf(DESIGN_FILES[0]!, { 'ivh.mdo_period': 0.5 }), scenarioDataOf(DESIGN_FILES[0]!));
    const mdo = states.find((x) => x.def.path === 'ivh.mdo_period')!;
    expect(mdo).toMatchObject({ value: 0.5, fileValue: 1, unit: 'months', source: '000:L1642', aanname: false });
    expect(states.find((x) => x.def.path === 'swt.youth_share')!.aanname).toBe(true);
    // Levers of another design are not offered.
    expect(states.some((x) => x.def.path.startsWith('basisteam.'))).toBe(false);
  });

  it('every design offers its own policy levers (BRIEF 2a): placement, triage, duplicate intake, bypass, its risks', () => {
    const offered = (file: string) => leverStates(scenarioDataOf(file), scenarioDataOf(file)).map((x) => x.def.path);
    const [ind, opt, bbt, oss] = DESIGN_FILES.map(offered) as [string[], string[], string[], string[]];
    const everywhere = ['provider_intake_repeats_ktg', 'ivh.placement', 'ivh.mdo_accuracy', 'ivh.reassessment', 'routing.perceived_wait_threshold', 'routing.max_bypass', 'routing.perceived_wait_memory'];
    for (const l of [ind, opt, bbt, oss]) for (const p of everywhere) expect(l, p).toContain(p);
    expect(ind).toEqual(expect.arrayContaining(['swt.placement', 'swt.triage_accuracy', 'swt.pooling']));
    expect(opt).toEqual(expect.arrayContaining(['swt.placement', 'swt.indicatiesteller.triage_accuracy', 'swt.indicatiesteller.refusal_share', 'swt.indicatiesteller.staff.fte', 'swt.pooling']));
    expect(bbt).toEqual(expect.arrayContaining(['basisteam.placement', 'basisteam.triage_accuracy', 'basisteam.staff_realised', 'basisteam.expertise']));
    expect(oss).toEqual(expect.arrayContaining(['one_stop_shop.placement', 'one_stop_shop.triage_accuracy']));
    // Not offered where the design does not use them.
    expect(ind.filter((p) => p.startsWith('basisteam.') || p.startsWith('one_stop_shop.') || p.startsWith('swt.indicatiesteller.'))).toEqual([]);
    expect(bbt.filter((p) => p === 'swt.placement' || p === 'swt.triage_accuracy')).toEqual([]);
    // A lever changes what the model reads.
    expect(buildScenario(DESIGN_FILES[2]!, { 'basisteam.placement': 'stepped', 'basisteam.expertise': 0.7 }).basisteam).toMatchObject({ placement: 'stepped', expertise: { value: 0.7 } });
    expect(buildScenario(DESIGN_FILES[3]!, { provider_intake_repeats_ktg: true }).provider_intake_repeats_ktg).toBe(true);
    expect(buildScenario(DESIGN_FILES[1]!, { 'swt.indicatiesteller.refusal_share': 0.4 }).swt.indicatiesteller!.refusal_share.value).toBe(0.4);
  });

  it('a grid for the in-browser sweep stays within the lever range and on its step', () => {
    expect(leverGrid(23, 5, 60, 1, 3)).toEqual([14, 23, 32]);
    expect(leverGrid(0.005, 0, 0.05, 0.001, 3)).toEqual([0.003, 0.005, 0.007]);
  });
});

describe('share links and history', () => {
  const files = Object.keys(FILES);
  it('round-trip the state and carry the model version', () => {
    const s = { ...defaultState(DESIGN_FILES), tab: 'time' as const, series: 'queue_len.swt', lang: 'en' as const };
    s.slots[1]!.overrides = { 'basisteam.staff.fte': 50 };
    const { state, version } = decodeLink(encodeLink(s), files);
    expect(state).toEqual(s);
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('reject anything that is not the app own: unknown files, levers, wrong kinds, bad settings', () => {
    const enc = (x: unknown) => '#s=' + Buffer.from(JSON.stringify(x)).toString('base64url');
    const ok = { v: '0.1.0', s: defaultState(DESIGN_FILES) };
    expect(() => decodeLink('#s=!!', files)).toThrow(LinkError);
    expect(() => decodeLink(enc({ ...ok, s: { ...ok.s, slots: [{ file: '../../etc/passwd', overrides: {} }] } }), files)).toThrow(/unknown scenario file/);
    expect(() => decodeLink(enc({ ...ok, s: { ...ok.s, slots: [{ file: DESIGN_FILES[0], overrides: { 'population.youth': 1 } }] } }), files)).toThrow(/unknown lever 'population\.youth'/);
    expect(() => decodeLink(enc({ ...ok, s: { ...ok.s, slots: [{ file: DESIGN_FILES[0], overrides: { 'swt.placement': 'random' } }] } }), files)).toThrow(/invalid value/);
    expect(() => decodeLink(enc({ ...ok, s: { ...ok.s, settings: { ...ok.s.settings, reps: 1e9 } } }), files)).toThrow(/settings/);
    expect(() => decodeLink(enc({ ...ok, s: { ...ok.s, slots: [] } }), files)).toThrow(/1 to 4/);
  });

  it('undo, redo and the previous state for "replay last change"', () => {
    const hst = new History(1);
    hst.push(2);
    hst.push(3);
    expect(hst.previous).toBe(2);
    expect(hst.undo()).toBe(2);
    expect(hst.redo()).toBe(3);
    hst.undo();
    hst.push(4);
    expect(hst.canRedo).toBe(false);
    expect(hst.undo()).toBe(2);
  });
});

describe('comparison', () => {
  const settings = { reps: 3, seed: 4, horizonYears: 0.5, warmupYears: 0.25, equal: 'designed' as const };
  const slots = DESIGN_FILES.slice(0, 2).map((file) => ({ file, scenario: buildScenario(file, {}) }));

  it('jobs: a first estimate of every scenario before refining; replication 0 keeps the event log', () => {
    const jobs = jobsFor(slots, settings, 2);
    expect(jobs.map((j) => `${slots.findIndex((s) => j.scenario === s.scenario)}:${j.options.replication}`)).toEqual(['0:0', '1:0', '0:1', '1:1', '0:2', '1:2']);
    expect(jobs.filter((j) => j.eventLog).length).toBe(2);
    expect(new Set(jobs.map((j) => j.key)).size).toBe(6);
  });

  it('the same summaries as the CLI compare for the same files, seed, horizon and warm-up', () => {
    const records = jobsFor(slots, settings).map((j) => ({ j, rec: toRecord(0, 0, j.options.replication, runReplication(j.scenario, j.options), null, true) }));
    const get = (slot: number, rep: number) => records.find((r) => r.j.scenario === slots[slot]!.scenario && r.j.options.replication === rep)?.rec;
    const c = compare(slots, settings, get)!;
    expect(c.k).toBe(3);
    const plan = scenariosPlan('compare', slots.map((s) => ({ file: s.file, scenario: loadScenario(join(ROOT, s.file)).scenario })), { reps: 3, seed: 4, horizonWeeks: 0.5 * (365.25 / 7), warmupWeeks: 0.25 * (365.25 / 7) });
    const cliRuns = slots.flatMap((s, p) => [0, 1, 2].map((rep) => toRecord(p * 3 + rep, p, rep, runReplication(s.scenario, { seed: 4, replication: rep, horizonWeeks: 0.5 * (365.25 / 7), warmupWeeks: 0.25 * (365.25 / 7) }), null, true)));
    expect(JSON.stringify(c.sums)).toBe(JSON.stringify(summarisePoints(plan.manifest, cliRuns)));
    // The same warnings about queues still growing as the CLI prints (a half-year run from empty has some).
    expect(c.growing).toEqual(growingQueues(plan.manifest, cliRuns));
    expect(c.growing.length).toBeGreaterThan(0);
    // Only replications that every scenario has count (differences stay paired).
    const partial = compare(slots, settings, (slot, rep) => (slot === 1 && rep === 2 ? undefined : get(slot, rep)))!;
    expect(partial.k).toBe(2);
    expect(partial.sums[1]!.differences!.wait_intake_weeks!.n).toBe(2);
    // The table CSV has what the table shows.
    const csv = tableCsv(c, ['wait_intake_weeks']);
    expect(csv.split('\r\n')[1]).toMatch(/^wait_intake_weeks;nijmegen-2019-indicatiemodel;\d+,\d+;/);
    expect(csv.split('\r\n')[0]).not.toMatch(/assumptions/);
    // With the assumptions' ranges the table shows: two columns of their own, empty where a scenario has none.
    const banded = tableCsv(c, ['wait_intake_weeks', 'cost_total_meur'], undefined, [{ wait_intake_weeks: { p10: 1.5, p90: 9.25 } }, null]).split('\r\n').filter(Boolean);
    expect(banded[0]!.split(';').slice(-2)).toEqual(['assumptions_p10', 'assumptions_p90']);
    expect(banded[1]!.split(';').slice(-2)).toEqual(['1,5', '9,25']);
    expect(banded.slice(2).map((l) => l.split(';').slice(-2).join(';'))).toEqual([';', ';', ';']);
  });

  it('two slots with the same scenario get different names', () => {
    const s = buildScenario(DESIGN_FILES[0]!, {});
    expect(uniqueNames([{ file: 'a', scenario: s }, { file: 'a', scenario: s }]).map((x) => x.scenario.name)).toEqual(['nijmegen-2019-indicatiemodel', 'nijmegen-2019-indicatiemodel-2']);
  });

  it('index.html allows only its own origin', () => {
    const html = readFileSync(join(ROOT, 'web/index.html'), 'utf8');
    const csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).not.toMatch(/https?:/);
  });
});

describe('locale files', () => {
  it('nl and en have the same keys, and every lever and choice has a label in both', async () => {
    const { nl } = await import('../../web/src/i18n/nl.js');
    const { en } = await import('../../web/src/i18n/en.js');
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
    for (const l of LEVERS) {
      expect(nl, l.path).toHaveProperty([`lever.${l.path}`]);
      for (const c of l.choices ?? []) expect(en, c.value).toHaveProperty([`lever.${l.path}.${c.value}`]);
    }
  });

  it('every resource group and care level in a time series has a name in both (no internal ids on screen)', async () => {
    const { RESOURCE_LABELS } = await import('../../src/experiment/kpis.js');
    const names = new Set<string>();
    for (const f of ['nijmegen-2019-indicatiemodel', 'brede-basisteams', 'one-stop-shop']) {
      const r = runReplication(loadScenario(join(ROOT, `scenarios/${f}.yaml`)).scenario, { seed: 1, replication: 0, horizonWeeks: 4, warmupWeeks: 1 });
      for (const k of Object.keys(r.timeSeries.series)) if (k.includes('.')) names.add(k.split('.')[1]!);
    }
    expect(names.size).toBeGreaterThanOrEqual(10);
    for (const n of names) {
      expect(RESOURCE_LABELS[n]?.nl, n).toBeTruthy();
      expect(RESOURCE_LABELS[n]?.en, n).toBeTruthy();
    }
  });
});
