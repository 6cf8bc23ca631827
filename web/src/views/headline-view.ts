/**
 * The headline view: one sentence per design in plain words, generated from the comparison (the
 * difference with the reference as loaded, its 95% interval, and what it costs), and one large
 * chart of the KPI the facilitator picks, every design against the untouched reference.
 */
import { HEADLINE_KPIS, KPI_LABELS } from '../../../src/experiment/kpis.js';
import type { Summary } from '../../../src/experiment/ci.js';
import { renderKpiChart, type KpiRow } from '../charts/kpi-chart.js';
import type { Compared } from '../data.js';
import { h } from '../dom.js';
import { digitsFor, type I18n } from '../i18n/index.js';
import type { Host, SlotView } from '../app/host.js';
import { chartBox, fileName, waiting } from './chart-box.js';
import { drawExplainPanel, explainButton } from './explain-view.js';

/** KPIs a facilitator can put in the main chart (those the sentences can say). */
export const MAIN_KPIS = ['wait_intake_weeks', 'time_to_care_weeks', 'pct_right_care_reached', 'pct_within_norm', 'handoffs_per_casus', 'pct_deteriorated', 'pct_stepped_up', 'cost_total_meur'];

/** A difference is told when its 95% interval excludes zero; otherwise it is "not distinguishable". */
const distinguishable = (d: Summary) => d.ciLow > 0 || d.ciHigh < 0;

/**
 * The clause for one KPI of one design: "wachten gezinnen gemiddeld 6,26 weken korter op een
 * eerste gesprek (95%-BI 5,75 tot 6,76)". The first clause follows "Met <scenario>" (Dutch puts
 * the verb first there); a later one stands on its own ("de kosten stijgen ..."): `headline.rest.*`.
 */
export function clause(kpi: string, d: Summary, reference: string, t: I18n, first = true): string {
  const dd = digitsFor(d.mean);
  const pick = (key: string) => (!first && t.tOr(`headline.rest.${key}`, '') ? `headline.rest.${key}` : `headline.${key}`);
  if (!distinguishable(d)) return t.t(pick('same'), { kpi: t.kpi(kpi).toLowerCase(), reference, d: t.signed(d.mean, dd), lo: t.fmt(d.ciLow, dd), hi: t.fmt(d.ciHigh, dd) });
  const dir = d.mean < 0 ? 'less' : 'more';
  const [lo, hi] = d.mean < 0 ? [-d.ciHigh, -d.ciLow] : [d.ciLow, d.ciHigh];
  const key = t.tOr(`headline.${kpi}.${dir}`, '') ? pick(`${kpi}.${dir}`) : pick(`other.${dir}`);
  return `${t.t(key, { d: t.fmt(Math.abs(d.mean), dd), kpi: t.kpi(kpi).toLowerCase(), unit: t.unit(kpi) })} ${t.t('headline.ci', { lo: t.fmt(lo, dd), hi: t.fmt(hi, dd) })}`;
}

/** One sentence per design that is not the reference: the main KPI, then the cost. */
export function headlineSentences(c: Compared, views: readonly SlotView[], kpi: string, t: I18n): { view: number; text: string }[] {
  const ref = views[0]?.label ?? '';
  const out: { view: number; text: string }[] = [];
  for (let i = 1; i < c.sums.length; i++) {
    const diffs = c.sums[i]!.differences;
    const main = diffs?.[kpi];
    if (!main || main.n < 2 || !views[i]) continue;
    const parts = [clause(kpi, main, ref, t)];
    const cost = diffs?.cost_total_meur;
    if (kpi !== 'cost_total_meur' && cost && cost.n > 1) parts.push(clause('cost_total_meur', cost, ref, t, false));
    out.push({ view: i, text: t.t('headline.sentence', { scenario: views[i]!.label, reference: ref, clauses: parts.join(t.t('headline.and')) }) });
  }
  return out;
}

/** The rows of the main chart: every view, the reference first. */
export function kpiRows(c: Compared, views: readonly { label: string; style: { color: string } }[], kpi: string, t: I18n, before: readonly (Record<string, number> | null)[] = []): KpiRow[] {
  const better = KPI_LABELS[kpi]?.better ?? null;
  return c.sums.map((s, i) => {
    const v = s.kpis[kpi];
    const d = s.differences?.[kpi];
    const row: KpiRow = { label: views[i]?.label ?? s.point.scenario, color: views[i]?.style.color ?? '#777777', mean: v?.mean ?? NaN, ciLow: v?.ciLow ?? NaN, ciHigh: v?.ciHigh ?? NaN, reference: i === 0 };
    if (d && d.n > 1) {
      const sig = distinguishable(d);
      row.diff = { text: `Δ ${t.signed(d.mean, digitsFor(d.mean))}`, sig, tone: better === null || !sig ? 'neutral' : (d.mean < 0) === (better === 'lower') ? 'good' : 'bad' };
    }
    const b = before[i]?.[kpi];
    if (b !== undefined) row.before = b;
    return row;
  });
}

export function viewHeadline(host: Host, el: HTMLElement, width: number): void {
  const c = host.comparison;
  const t = host.i18n;
  if (!c) return waiting(el, host.statusText);
  const kpi = MAIN_KPIS.includes(host.state.kpi) ? host.state.kpi : MAIN_KPIS[0]!;
  const list = h('ul', { class: 'headline', id: 'headline' });
  for (const s of headlineSentences(c, host.views, kpi, t)) {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = host.views[s.view]!.style.color;
    list.append(h('li', { 'data-scenario': host.views[s.view]!.scenario.name }, sw, ' ', s.text, ' ', explainButton(host, s.view)));
  }
  el.append(
    h(
      'label',
      { class: 'picker' },
      t.t('headline.pick'),
      ' ',
      h('select', { id: 'main-kpi', onchange: (e: Event) => host.set({ kpi: (e.target as HTMLSelectElement).value }, false) }, ...MAIN_KPIS.filter((k) => HEADLINE_KPIS.includes(k)).map((k) => h('option', { value: k, selected: k === kpi }, t.kpi(k)))),
    ),
    list,
  );
  const unit = t.unit(kpi);
  chartBox(
    el,
    `hoofdgrafiek-${kpi}`,
    host,
    (box) => renderKpiChart(box, kpiRows(c, host.views, kpi, t, host.before), { title: t.kpi(kpi), unit, digits: digitsFor(Math.max(...c.sums.map((s) => Math.abs(s.kpis[kpi]?.mean ?? 0)))) }, host.ctx(width - 20)),
    null,
    fileName(t, 'main', kpi),
    { chart: 'main', title: t.kpi(kpi) },
  );
  el.append(h('p', { class: 'note' }, t.t('headline.note', { reference: host.views[0]?.label ?? '' })));
  // "Waarom dit verschil?" of the design whose button was pressed.
  drawExplainPanel(host, el, width, kpi, MAIN_KPIS.filter((k) => HEADLINE_KPIS.includes(k)));
}
