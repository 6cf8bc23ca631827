/**
 * The sweep view: a KPI over two levers as a heatmap, from a sweep results folder (manifest.json
 * and runs.jsonl written by `ketensim sweep`) or from a small sweep run here in the browser on
 * the active scenario.
 */
import { canonicalRuns, parseRunsJsonl, RESULTS_FORMAT, type Manifest, type RunRecord } from '../../src/experiment/results.js';
import { HEADLINE_KPIS } from '../../src/experiment/kpis.js';
import { Csv } from '../../src/experiment/results.js';
import { summarise } from '../../src/experiment/ci.js';
import { renderHeatmap, type HeatCell } from './charts/heatmap.js';
import { runOptions, scenarioKey } from './data.js';
import { h } from './dom.js';
import { leverStates, type LeverState } from './levers.js';
import { Runner } from './runner.js';
import { buildScenario, scenarioDataOf } from './scenarios.js';
import type { Host } from './app/host.js';
import { chartBox, csvWords, fileName } from './views/chart-box.js';

interface HeatResult {
  title: string;
  /** The swept parameters (scenario paths), named in the current language when drawn. */
  xPath: string;
  yPath: string;
  kpi: string;
  /** Per point: x, y and the KPIs of its replications. */
  points: { x: number; y: number; runs: Record<string, number | null>[] }[];
}

/** Evenly spaced values around the current one, within the lever's range. */
export function leverGrid(value: number, min: number, max: number, step: number, n: number): number[] {
  const lo = Math.max(min, value * 0.6);
  const hi = Math.min(max, value === 0 ? max / 2 : value * 1.4);
  const out = new Set<number>();
  for (let i = 0; i < n; i++) out.add(Math.round((lo + ((hi - lo) * i) / Math.max(1, n - 1)) / step) * step);
  return [...out].map((v) => Number(v.toFixed(6)));
}

export class SweepView {
  private result: HeatResult | null = null;
  private loaded: { manifest: Manifest; runs: RunRecord[] } | null = null;
  private runner: Runner | null = null;
  /** Runs done of the sweep started here (its text is drawn in the current language). */
  private progress: { done: number; total: number } | null = null;
  private kpi = 'time_to_care_weeks';
  /** The form's choices, kept across redraws. */
  private form: { x?: string; y?: string; steps: number; reps: number } = { steps: 3, reps: 3 };

  constructor(private readonly app: Host) {}

  render(el: HTMLElement, width: number): void {
    const t = this.app.i18n.t;
    el.append(h('h2', {}, t('sweep.title')));
    // From a results folder
    const file = h('input', { type: 'file', id: 'sweep-files', multiple: true, accept: '.json,.jsonl', onchange: (e: Event) => void this.load(e) });
    el.append(h('div', { class: 'sweep-load' }, h('label', { for: 'sweep-files' }, t('sweep.load')), ' ', file));
    // A small sweep here
    const states = this.numberLevers();
    const sel = (id: string, pick: number, key: 'x' | 'y') =>
      h('select', { id, onchange: (e: Event) => (this.form[key] = (e.target as HTMLSelectElement).value) }, ...states.map((s, i) => h('option', { value: s.def.path, selected: this.form[key] ? s.def.path === this.form[key] : i === pick }, this.app.i18n.t(`lever.${s.def.path}`))));
    // The capacity of the design's own toegang across, deterioration up.
    const access = ['swt.staff.fte', 'basisteam.staff.fte', 'one_stop_shop.intake_staff.fte'];
    const xs = sel('sweep-x', Math.max(0, states.findIndex((s) => access.includes(s.def.path))), 'x');
    const ys = sel('sweep-y', Math.max(0, states.findIndex((s) => s.def.path === 'dynamics.deterioration_per_week')), 'y');
    const steps = h('input', { type: 'number', id: 'sweep-steps', min: 2, max: 6, value: this.form.steps, class: 'num', onchange: (e: Event) => (this.form.steps = Number((e.target as HTMLInputElement).value)) });
    const reps = h('input', { type: 'number', id: 'sweep-reps', min: 2, max: 20, value: this.form.reps, class: 'num', onchange: (e: Event) => (this.form.reps = Number((e.target as HTMLInputElement).value)) });
    const kpi = h('select', { id: 'sweep-kpi', onchange: (e: Event) => ((this.kpi = (e.target as HTMLSelectElement).value), this.app.scheduleRender()) }, ...HEADLINE_KPIS.map((k) => h('option', { value: k, selected: k === this.kpi }, this.app.i18n.kpi(k))));
    el.append(
      h(
        'fieldset',
        { class: 'sweep-run' },
        h('legend', {}, t('sweep.run')),
        h('label', {}, t('sweep.x'), ' ', xs),
        h('label', {}, t('sweep.y'), ' ', ys),
        h('label', {}, t('sweep.steps'), ' ', steps),
        h('label', {}, t('sweep.reps'), ' ', reps),
        h('button', { type: 'button', id: 'sweep-start', onclick: () => this.start(xs.value, ys.value, Number(steps.value), Number(reps.value)) }, t('sweep.start')),
        h('span', { class: 'status', id: 'sweep-progress', role: 'status' }, this.progress ? t('sweep.progress', this.progress) : ''),
      ),
      h('label', { class: 'picker' }, t('sweep.kpi'), ' ', kpi),
    );
    if (this.loaded) this.result = this.fromResults(this.loaded.manifest, this.loaded.runs);
    const r = this.result;
    if (!r) return;
    // A lever by its label; a swept path that is no lever (from a results folder) as written.
    const label = (path: string) => this.app.i18n.tOr(`lever.${path}`, path);
    const xLabel = label(r.xPath);
    const yLabel = label(r.yPath);
    const values = (p: HeatResult['points'][number]) => p.runs.map((k) => k[this.kpi]).filter((v): v is number => typeof v === 'number');
    const cells: HeatCell[] = r.points.map((p) => ({ x: p.x, y: p.y, value: values(p).length > 0 ? summarise(values(p)).mean : NaN }));
    chartBox(
      el,
      'sweep-heatmap',
      this.app,
      (box) => renderHeatmap(box, cells, { title: `${this.app.i18n.kpi(this.kpi)}${this.app.i18n.unit(this.kpi) ? ` (${this.app.i18n.unit(this.kpi)})` : ''} – ${r.title}`, xLabel, yLabel }, this.app.ctx(width - 20)),
      () => {
        const w = csvWords(this.app.i18n);
        const csv = new Csv(w.dialect, [r.xPath, r.yPath, ...['kpi', 'mean', 'ci_low', 'ci_high', 'n'].map(w.col)]);
        for (const p of r.points) {
          const s = summarise(values(p));
          csv.row([p.x, p.y, this.kpi, s.mean, s.ciLow, s.ciHigh, s.n]);
        }
        return csv.toString();
      },
      fileName(this.app.i18n, 'sweep'),
      { chart: 'sweep', title: this.app.i18n.t('sweep.title') },
    );
  }

  /** Stop a sweep in progress (a lever changed: its scenario is no longer the one on screen). */
  cancel(): void {
    this.runner?.dispose();
    this.runner = null;
    if (this.result && !this.loaded) this.progress = null;
  }

  private numberLevers(): LeverState[] {
    const slot = this.app.state.slots[this.app.state.active]!;
    return leverStates(scenarioDataOf(slot.file, slot.overrides), scenarioDataOf(slot.file)).filter((s) => s.def.kind === 'number');
  }

  private fromResults(m: Manifest, runs: RunRecord[]): HeatResult | null {
    const [px, py] = m.parameters;
    if (!px) return null;
    const ordered = canonicalRuns(m, runs);
    return {
      title: m.name,
      xPath: px,
      yPath: py ?? '',
      kpi: this.kpi,
      points: m.points
        .filter((p) => p.base === 0)
        .map((p) => ({ x: p.params[px]!, y: py ? p.params[py]! : 0, runs: ordered.filter((r) => r.point === p.id).map((r) => r.kpis) })),
    };
  }

  private async load(e: Event): Promise<void> {
    const files = [...((e.target as HTMLInputElement).files ?? [])];
    const byName = (n: string) => files.find((f) => f.name === n);
    const mf = byName('manifest.json');
    const rf = byName('runs.jsonl');
    if (!mf || !rf) return this.app.message(this.app.i18n.t('sweep.needFiles'));
    try {
      const manifest = JSON.parse(await mf.text()) as Manifest;
      if (manifest.format !== RESULTS_FORMAT || !Array.isArray(manifest.points) || !Array.isArray(manifest.parameters)) throw new Error(`expected a ${RESULTS_FORMAT} manifest`);
      const { runs } = parseRunsJsonl(await rf.text());
      canonicalRuns(manifest, runs);
      this.loaded = { manifest, runs };
      this.result = null;
      this.app.scheduleRender();
    } catch (err) {
      this.app.message(`${mf.name}: ${(err as Error).message}`);
    }
  }

  private start(xPath: string, yPath: string, steps: number, reps: number): void {
    const states = this.numberLevers();
    const sx = states.find((s) => s.def.path === xPath)!;
    const sy = states.find((s) => s.def.path === yPath)!;
    if (!sx || !sy || xPath === yPath) return;
    const n = Math.max(2, Math.min(6, steps || 3));
    const R = Math.max(2, Math.min(20, reps || 3));
    const gx = leverGrid(sx.value as number, sx.def.min!, sx.def.max!, sx.def.step!, n);
    const gy = leverGrid(sy.value as number, sy.def.min!, sy.def.max!, sy.def.step!, n);
    const slot = this.app.state.slots[this.app.state.active]!;
    const settings = { ...this.app.state.settings };
    const kpi = this.kpi;
    const points: HeatResult['points'] = [];
    const jobs = [];
    for (const y of gy) {
      for (const x of gx) {
        const scenario = buildScenario(slot.file, { ...slot.overrides, [xPath]: x, [yPath]: y });
        const key = scenarioKey(scenario, settings);
        points.push({ x, y, runs: [] });
        for (let r = 0; r < R; r++) jobs.push({ key: `${key}:${r}`, scenario, options: runOptions(settings, r) });
      }
    }
    this.loaded = null;
    this.result = { title: this.app.views[this.app.viewOf(this.app.state.active)]!.label, xPath, yPath, kpi, points };
    this.runner ??= new Runner();
    const runner = this.runner;
    let done = 0;
    const index = new Map(jobs.map((j, i) => [j.key, Math.floor(i / R)]));
    // Runs already done (the same point earlier) count at once.
    for (const j of jobs) {
      const res = runner.get(j.key);
      if (res) {
        points[index.get(j.key)!]!.runs.push(res.record.kpis);
        done++;
      }
    }
    runner.run(
      jobs,
      (key, res) => {
        points[index.get(key)!]!.runs.push(res.record.kpis);
        done++;
        this.progress = { done, total: jobs.length };
        this.app.scheduleRender();
      },
      (msg) => this.app.message(msg),
    );
  }
}
