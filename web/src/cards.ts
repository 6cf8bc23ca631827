/**
 * The headline KPI cards, shared by the desk view, presentation mode and the beamer window: per
 * scenario the mean, its 95% confidence interval, and the paired difference with the baseline
 * (bold when its interval excludes zero; green or red when the KPI has a better direction). The
 * projected views show the same uncertainty as the desk view, on one line under the mean.
 */
import { KPI_LABELS } from '../../src/experiment/kpis.js';
import { DESIGN_TABLE } from '../../src/model/designs.js';
import type { Design } from '../../src/scenario/types.js';
import type { Summary } from '../../src/experiment/ci.js';
import type { Compared } from './data.js';
import { clear, h } from './dom.js';
import { kpiInfo } from './views/info.js';
import { digitsFor, type I18n } from './i18n/index.js';
import type { ScenarioStyle } from './charts/common.js';
import { bandRange, type ShownBands } from './bands.js';

export const CARD_KPIS = ['wait_intake_weeks', 'time_to_care_weeks', 'handoffs_per_casus', 'cost_total_meur'];

export interface CardScenario {
  label: string;
  name: string;
  /** The design (for the stage whose utilisation the staff card shows). */
  design: string;
  style: ScenarioStyle;
  /** KPI means before the scenario's lever changes: a changed card shows before → after. */
  before?: Record<string, number> | null;
  /** Estimates while a slider is dragged (shown provisional, instead of the means). */
  preview?: Record<string, number>;
}

/** Below this many replications the numbers are marked provisional. */
export const PROVISIONAL_BELOW = 5;

export function renderKpiCards(el: HTMLElement, compared: Compared | null, scenarios: readonly CardScenario[], t: I18n, large: boolean, bands?: ShownBands): void {
  clear(el);
  const k = compared?.k ?? 0;
  // A first estimate looks like a number: until there are enough replications, it says so.
  const provisional = k > 0 && k < PROVISIONAL_BELOW;
  el.classList.toggle('provisional', provisional);
  if (provisional) el.append(h('p', { class: 'provisional-badge', title: t.t('provisional.title', { k }) }, t.t('provisional')));
  for (const kpi of CARD_KPIS) {
    const lab = KPI_LABELS[kpi]!;
    const card = h('div', { class: 'card', 'data-kpi': kpi }, h('h3', {}, `${t.kpi(kpi)}${lab.unit ? ` (${lab.unit})` : ''}`, ...(large ? [] : [' ', kpiInfo(t, kpi)])));
    const list = h('ul', {});
    scenarios.forEach((v, i) => {
      const s = compared?.sums[i]?.kpis[kpi];
      const d = compared?.sums[i]?.differences?.[kpi];
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = v.style.color;
      const before = v.before?.[kpi];
      const est = v.preview?.[kpi];
      const value =
        est !== undefined
          ? h('strong', { class: 'value preview', 'data-mean': s ? String(s.mean) : '', 'data-preview': String(est), title: t.t('kpi.preview') }, `≈ ${t.fmt(est)}`)
          : h('strong', { class: 'value', 'data-mean': s ? String(s.mean) : '' }, s && s.n > 0 ? t.fmt(s.mean) : '…');
      const shown = s && s.n > 0 && before !== undefined && Number.isFinite(before);
      // A changed scenario shows its change: the value before the lever changes, an arrow, the value now.
      const li = h(
        'li',
        { 'data-scenario': v.name, class: shown ? 'changed' : '' },
        swatch,
        h('span', { class: 'name' }, v.label),
        shown ? h('span', { class: 'change' }, h('span', { class: 'before', 'data-before': String(before), title: t.t('kpi.before', { value: t.fmt(before!) }) }, t.fmt(before!)), ' → ', value) : value,
      );
      const ci = s && s.n > 1 ? h('span', { class: 'ci', title: t.t('bands.ci.title') }, t.t('kpi.ci', { lo: t.fmt(s.ciLow, digitsFor(s.mean)), hi: t.fmt(s.ciHigh, digitsFor(s.mean)) })) : null;
      const diff = d && d.n > 1 ? diffBadge(kpi, d, t) : null;
      // The uncertainty in the assumptions, next to the CI and told apart from it (issue 22.3).
      const b = bands?.bands[i]?.[kpi];
      const band = b && s && s.n > 0 ? bandRange(t, bands!, b, digitsFor(s.mean)) : null;
      if (large && (ci || diff)) li.append(h('span', { class: 'sub' }, ci, ci && diff ? ' · ' : '', diff), ...(band ? [band] : []));
      else li.append(...[ci, band, diff].filter((x): x is HTMLElement => x !== null));
      list.append(li);
    });
    card.append(list);
    el.append(card);
  }
  if (!large) el.append(staffCard(compared, scenarios, t));
}

/**
 * Staff and how busy: per scenario its FTE in access and first line and the utilisation of its
 * toegang, so a difference that comes from staff rather than design shows next to the KPIs (BRIEF 2a).
 */
function staffCard(compared: Compared | null, scenarios: readonly CardScenario[], t: I18n): HTMLElement {
  const card = h('div', { class: 'card staff', 'data-kpi': 'fte_access_total' }, h('h3', {}, t.t('card.staff'), ' ', kpiInfo(t, 'fte_access_total')));
  const list = h('ul', {});
  scenarios.forEach((v, i) => {
    const k = compared?.sums[i]?.kpis;
    const fte = k?.fte_access_total;
    const group = DESIGN_TABLE[v.design as Design]?.toegangGroup;
    const util = group ? k?.[`utilisation.${group}`] : undefined;
    const swatch = h('span', { class: 'swatch' });
    swatch.style.background = v.style.color;
    const li = h('li', { 'data-scenario': v.name }, swatch, h('span', { class: 'name' }, v.label), h('strong', { class: 'value', 'data-mean': fte ? String(fte.mean) : '' }, fte && fte.n > 0 ? t.fmt(fte.mean, 1) : '…'));
    if (util && util.n > 0) li.append(h('span', { class: 'ci', 'data-util': String(util.mean) }, t.t('card.staff.util', { util: t.fmt(util.mean, 0) })));
    list.append(li);
  });
  card.append(list);
  return card;
}

function diffBadge(kpi: string, d: Summary, t: I18n): HTMLElement {
  const better = KPI_LABELS[kpi]?.better;
  const sig = d.ciLow > 0 || d.ciHigh < 0;
  const good = better === null || !sig ? 'neutral' : (d.mean < 0) === (better === 'lower') ? 'good' : 'bad';
  return h('span', { class: `diff ${sig ? 'sig' : ''} ${good}`, title: t.t('kpi.vs') }, `Δ ${t.signed(d.mean)}`);
}
