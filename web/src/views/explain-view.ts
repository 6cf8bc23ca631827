/**
 * "Waarom dit verschil?" (issue 22): per design, a panel under the headline view with the waterfall
 * of the chosen KPI's difference with the reference (the contributions of the groups of choices,
 * Shapley values with their 95% intervals, adding up to the total) and the tornado of the
 * assumptions. The numbers come from app/analyses.ts (the CLI's code, run in the workers); this
 * module only draws them, in the app's language, at a projector's text size.
 */
import type { Explanation } from '../../../src/experiment/explain.js';
import { KPI_LABELS } from '../../../src/experiment/kpis.js';
import { Csv } from '../../../src/experiment/results.js';
import { differenceName, type TornadoResult } from '../analysis/compute.js';
import { sizeOf, TORNADO_FULL, type AnalysisRequest, type AnalysisResult, type AnalysisState, type PanelState } from '../app/analyses.js';
import type { Host } from '../app/host.js';
import { renderTornado, type TornadoBar } from '../charts/tornado.js';
import { renderWaterfall, type WaterfallRow } from '../charts/waterfall.js';
import { h } from '../dom.js';
import { digitsFor, type I18n } from '../i18n/index.js';
import { paramLabel } from '../i18n/params.js';
import { chartBox, csvWords, fileName } from './chart-box.js';

/** A group of explain.ts as a key of the locale files: 'design (structure)' → 'design', 'IVH and MDO' → 'ivh-and-mdo'. */
export const groupId = (name: string): string =>
  name
    .toLowerCase()
    .replace(/\s*\(.*\)\s*$/, '')
    .trim()
    .replace(/\s+/g, '-');

/** A group for people: its name in the locale files, or (a group named after a section) the section's name. */
export function groupText(t: I18n, name: string): string {
  return t.tOr(`explain.group.${groupId(name)}`, '') || paramLabel(name, t.lang);
}

/** The button next to a design's headline sentence that opens its panel. */
export function explainButton(host: Host, view: number): HTMLButtonElement {
  const t = host.i18n;
  const v = host.views[view]!;
  const open = host.analyses.panel?.design === v.scenario.name;
  return h(
    'button',
    {
      type: 'button',
      class: 'explain-open',
      'data-explain': v.scenario.name,
      'aria-expanded': open ? 'true' : 'false',
      title: t.t('explain.button.title', { scenario: v.label, reference: host.views[0]?.label ?? '' }),
      onclick: () => {
        host.analyses.panel = { design: v.scenario.name, full: { explain: false, tornado: false }, series: 'difference', scroll: true };
        host.scheduleRender();
      },
    },
    t.t('explain.button'),
  );
}

/** What a request's state shows: its own result, or while a fuller one runs, the quick one's. */
function shown(host: Host, s: AnalysisState, req: AnalysisRequest): AnalysisResult | undefined {
  if (s.status === 'done') return s.result;
  const quick = req.full ? host.analyses.peek({ ...req, full: false }) : undefined;
  return quick?.status === 'done' ? quick.result : undefined;
}

/** Progress (a bar and its words), a wait, or an error; nothing when done. */
function statusLine(t: I18n, s: AnalysisState, id: string): HTMLElement | null {
  if (s.status === 'done') return null;
  if (s.status === 'error') return h('p', { class: 'analysis-status error', id, 'data-status': 'error' }, t.t('explain.status.error', { message: s.tooFew !== undefined ? t.t('tornado.tooFew', { n: s.tooFew }) : s.message }));
  const text = s.status === 'running' ? t.t(`explain.status.${s.stage}`, { done: s.done, total: s.total }) : t.t(`explain.status.${s.status}`);
  const bar = s.status === 'running' && s.total > 0 ? h('progress', { max: s.total, value: s.done }) : null;
  return h('p', { class: 'analysis-status', id, role: 'status', 'data-status': s.status }, bar, bar ? ' ' : '', text);
}

/** "voorlopig" and why, with a button for the fuller computation (unless it is the one running). */
function provisionalLine(t: I18n, id: string, text: string, refine: { label: string; go: () => void } | null): HTMLElement {
  return h('p', { class: 'provisional-line', id }, h('span', { class: 'provisional-badge' }, t.t('provisional')), ' ', text, ...(refine ? [' ', h('button', { type: 'button', id: `${id}-refine`, onclick: refine.go }, refine.label)] : []));
}

/**
 * The panel of the design `host.analyses.panel` names, for `kpi` (the headline view's); `kpis`: the
 * KPIs the analyses are computed for (the headline view's choice), so a change of KPI redraws at once.
 */
export function drawExplainPanel(host: Host, el: HTMLElement, width: number, kpi: string, kpis: readonly string[]): void {
  const a = host.analyses;
  const p = a.panel;
  if (!p) return;
  const t = host.i18n;
  const view = host.views.findIndex((v, i) => i > 0 && v.scenario.name === p.design);
  if (view < 0) {
    // The design left the comparison.
    a.panel = null;
    a.cancel();
    return;
  }
  const ref = host.views[0]!;
  const des = host.views[view]!;
  const settings = host.state.settings;
  const base = { reference: ref.scenario, design: des.scenario, settings, kpis };
  const ereq: AnalysisRequest = { ...base, kind: 'explain', full: p.full.explain };
  const treq: AnalysisRequest = { ...base, kind: 'tornado', full: p.full.tornado };
  const [es, ts] = a.request([ereq, treq]) as [AnalysisState, AnalysisState];
  const names = { scenario: des.label, reference: ref.label };
  const section = h('section', { class: 'explain', id: 'explain-panel', 'data-design': p.design, 'aria-labelledby': 'explain-title' });
  const close = h('button', { type: 'button', class: 'explain-close', id: 'explain-close', 'aria-label': t.t('explain.close'), title: t.t('explain.close'), onclick: () => ((a.panel = null), a.cancel(), host.scheduleRender()) }, '×');
  section.append(h('div', { class: 'explain-head' }, h('h2', { id: 'explain-title', tabindex: -1 }, t.t('explain.title', names)), close));
  section.append(h('p', {}, t.t('explain.intro', { ...names, kpi: t.kpi(kpi).toLowerCase() })));
  if (settings.equal !== 'designed') section.append(h('p', { class: 'note' }, t.t('explain.equal')));

  section.append(h('h3', {}, t.t('explain.waterfall')));
  const e = shown(host, es, ereq);
  section.append(statusLine(t, es, 'explain-status') ?? '');
  if (e?.kind === 'explain') drawWaterfall(section, host, e.explanation, e.reps, kpi, width, p);

  section.append(h('h3', {}, t.t('tornado.title')), h('p', {}, t.t('tornado.intro', { top: sizeOf(treq).top! })));
  const series = h(
    'select',
    { id: 'tornado-series', onchange: (ev: Event) => ((p.series = (ev.target as HTMLSelectElement).value as PanelState['series']), host.scheduleRender()) },
    ...(
      [
        ['difference', t.t('tornado.series.difference', names)],
        ['design', des.label],
        ['reference', ref.label],
      ] as const
    ).map(([v, label]) => h('option', { value: v, selected: p.series === v }, label)),
  );
  section.append(h('label', { class: 'picker' }, t.t('tornado.series'), ' ', series));
  const tr = shown(host, ts, treq);
  section.append(statusLine(t, ts, 'tornado-status') ?? '');
  if (tr?.kind === 'tornado') drawTornado(section, host, tr.tornado, kpi, width, p, names);

  el.append(section);
  if (p.scroll) {
    p.scroll = false;
    requestAnimationFrame(() => {
      section.scrollIntoView({ block: 'start' });
      document.getElementById('explain-title')?.focus({ preventScroll: true });
    });
  }
}

function drawWaterfall(section: HTMLElement, host: Host, e: Explanation, reps: number, kpi: string, width: number, p: PanelState): void {
  const t = host.i18n;
  const x = e.kpis[kpi];
  if (!x) return;
  const total = host.state.settings.reps;
  const rows: WaterfallRow[] = x.contributions.map((c) => ({ id: c.group, label: groupText(t, c.group), mean: c.mean, ciLow: c.ciLow, ciHigh: c.ciHigh }));
  const digits = digitsFor(Math.max(Math.abs(x.total.mean), ...rows.map((r) => Math.abs(r.mean))));
  const kpiText = `${t.kpi(kpi)}${t.unit(kpi) ? ` (${t.unit(kpi)})` : ''}`;
  const view = host.views.find((v) => v.scenario.name === e.b);
  const title = t.t('explain.chart', { kpi: kpiText, scenario: view?.label ?? e.b, reference: host.views[0]?.label ?? e.a });
  section.append(h('p', { class: 'note', id: 'explain-settings', 'data-reps': reps }, t.t('explain.settings', { reps, seed: host.state.settings.seed, points: e.points }), ' ', t.t('explain.noise'), ' ', t.t('explain.sameAsCli')));
  if (reps < total) section.append(provisionalLine(t, 'explain-provisional', t.t('explain.provisional', { total }), p.full.explain ? null : { label: t.t('explain.refine', { total }), go: () => ((p.full.explain = true), host.scheduleRender()) }));
  chartBox(
    section,
    `waterfall-${kpi}`,
    host,
    (box) => renderWaterfall(box, rows, { title, totalLabel: t.t('explain.total'), total: x.total, better: KPI_LABELS[kpi]?.better ?? null, digits }, host.ctx(width - 20)),
    () => {
      const w = csvWords(t);
      const csv = new Csv(w.dialect, ['kpi', 'scenario', 'reference', 'group', 'label', 'mean', 'ci_low', 'ci_high', 'alone_mean', 'alone_ci_low', 'alone_ci_high', 'reps'].map(w.col));
      for (const c of x.contributions) csv.row([kpi, e.b, e.a, c.group, groupText(t, c.group), c.mean, c.ciLow, c.ciHigh, c.alone.mean, c.alone.ciLow, c.alone.ciHigh, reps]);
      csv.row([kpi, e.b, e.a, 'total', t.t('explain.total'), x.total.mean, x.total.ciLow, x.total.ciHigh, null, null, null, reps]);
      return csv.toString();
    },
    fileName(t, 'waterfall', `${e.b}-${kpi}`),
    { chart: 'waterfall', title: t.t('explain.waterfall') },
  );
  const more = (n: number) => (n > 0 ? [` ${t.t('explain.groups.more', { n })}`] : []);
  const details = h(
    'details',
    { class: 'explain-groups', open: p.groupsOpen === true, ontoggle: (ev: Event) => (p.groupsOpen = (ev.target as HTMLDetailsElement).open) },
    h('summary', {}, t.t('explain.groups')),
    h('ul', {}, ...e.groups.map((g) => h('li', { 'data-group': g.name }, h('strong', {}, groupText(t, g.name)), ': ', g.paths.slice(0, 6).map((path) => paramLabel(path, t.lang)).join('; '), ...more(g.paths.length - 6)))),
  );
  section.append(details);
}

function drawTornado(section: HTMLElement, host: Host, r: TornadoResult, kpi: string, width: number, p: PanelState, names: { scenario: string; reference: string }): void {
  const t = host.i18n;
  const total = host.state.settings.reps;
  const seriesName = p.series === 'difference' ? differenceName(r.names) : p.series === 'design' ? r.names[1]! : r.names[0]!;
  const seriesLabel = p.series === 'difference' ? t.t('tornado.series.difference', names) : p.series === 'design' ? names.scenario : names.reference;
  const all = (r.tornado[kpi] ?? []).filter((x) => x.design === seriesName);
  section.append(h('p', { class: 'note', id: 'tornado-settings', 'data-reps': r.reps, 'data-samples': r.samples }, t.t('tornado.settings', { samples: r.samples, reps: r.reps, seed: host.state.settings.seed, assumptions: r.assumptions, defaults: r.defaults }), ' ', t.t('tornado.default'), ' ', t.t('tornado.sameAsCli')));
  if (r.reps < total) section.append(provisionalLine(t, 'tornado-provisional', t.t('tornado.provisional', { reps: r.reps, total }), p.full.tornado ? null : { label: t.t('tornado.refine', { samples: TORNADO_FULL.samples, reps: TORNADO_FULL.reps }), go: () => ((p.full.tornado = true), host.scheduleRender()) }));
  const moving = all.filter((x) => Number.isFinite(x.low) && Number.isFinite(x.high) && (x.low !== x.base || x.high !== x.base));
  if (moving.length === 0) {
    section.append(h('p', { class: 'note', id: 'tornado-none' }, t.t('tornado.none')));
    return;
  }
  const value = (v: number) => t.fmtInput(v, 4);
  const bars: TornadoBar[] = all.map((x) => ({ path: x.path, label: paramLabel(x.path, t.lang), low: x.low, high: x.high, lowValue: value(x.lowValue), highValue: value(x.highValue), defaultRange: x.range === 'default' }));
  const base = all[0]!.base;
  const digits = digitsFor(Math.max(...all.flatMap((x) => [x.low, x.high, x.base]).filter(Number.isFinite).map(Math.abs)));
  const kpiText = `${t.kpi(kpi)}${t.unit(kpi) ? ` (${t.unit(kpi)})` : ''}`;
  chartBox(
    section,
    `tornado-${kpi}`,
    host,
    (box) => renderTornado(box, bars, { title: `${kpiText}: ${seriesLabel}`, base, digits, lowLabel: t.t('tornado.low'), highLabel: t.t('tornado.high'), baseLabel: t.t('tornado.base') }, host.ctx(width - 20)),
    () => {
      const w = csvWords(t);
      const csv = new Csv(w.dialect, ['kpi', 'series', 'parameter', 'label', 'low', 'high', 'base', 'low_value', 'high_value', 'range', 'reps'].map(w.col));
      for (const x of all) csv.row([kpi, x.design, x.path, paramLabel(x.path, t.lang), x.low, x.high, x.base, x.lowValue, x.highValue, t.t(`tornado.range.${x.range}`), r.reps]);
      return csv.toString();
    },
    fileName(t, 'tornado', `${r.names[1]}-${kpi}`),
    { chart: 'tornado', title: t.t('tornado.title') },
  );
}
