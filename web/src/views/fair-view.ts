/**
 * Comparing on equal terms, as people read it (BRIEF 2a): what the comparison holds equal and the
 * factors it took, the warning where a design has much more slack than the baseline, the policies
 * in which the scenarios differ, and the staff, money and utilisation of every design. The
 * numbers and rules come from src/experiment/fair.ts (the CLI's code); only the words are here.
 */
import { policyDifferences, slackStages, type PolicyWords } from '../../../src/experiment/fair.js';
import { resourceLabel } from '../../../src/experiment/kpis.js';
import type { Compared } from '../data.js';
import { h } from '../dom.js';
import type { I18n } from '../i18n/index.js';
import type { FairState, SearchProgress } from '../app/runs.js';
import type { Host, SlotView } from '../app/host.js';

/** Policy names and values in the app's language. */
export function policyWords(t: I18n): PolicyWords {
  const pct = (x: number) => `${t.fmtInput(100 * x, 1)}%`;
  const yesNo = (b: boolean) => t.t(b ? 'policy.yes' : 'policy.no');
  const placement = (p: 'stepped' | 'matched') => t.t(`policy.placement.${p}`);
  return {
    name: (id) => t.t(`policy.${id}`),
    value: (id, f) => {
      const pl = f.placement;
      const b = f.bypass;
      switch (id) {
        case 'placement':
          return placement(pl.policy);
        case 'triage_accuracy':
          return pl.policy === 'matched' ? t.t('policy.triage.matched', { accuracy: pct(pl.accuracy), bias: pct(pl.upwardBias) }) : t.t('policy.triage.stepped', { accuracy: pct(pl.accuracy) });
        case 'duplicate_intake':
          return yesNo(f.duplicateIntake);
        case 'ivh_reassessment':
          return yesNo(f.ivhReassessment);
        case 'ivh_placement':
          return `${placement(f.ivh.placement)}, ${pct(f.ivh.mdoAccuracy)} / ${pct(f.ivh.casemanagerAccuracy)}`;
        case 'compulsory_mdo':
          return yesNo(f.compulsoryMdo);
        case 'gp_bypass':
          return t.t('policy.bypass.value', { threshold: t.fmtInput(b.threshold, 2), sensitivity: pct(b.sensitivity), max: pct(b.max), initial: t.fmtInput(b.initial, 2), memory: t.fmtInput(b.memory, 2) });
      }
    },
    section: (section) => t.tOr(`policy.section.${section}`, section),
  };
}

const factor = (t: I18n, f: number) => `×${t.fmtInput(f, 3)}`;

/** The lines under the status: how the designs were made equal, the search in progress, and slack warnings. */
export function fairNotes(host: Pick<Host, 'i18n' | 'views'>, c: Compared | null, fair: FairState | null, progress: SearchProgress | null): string[] {
  const t = host.i18n;
  const views = host.views;
  const ref = views[0]?.label ?? '';
  const label = (name: string) => views.find((v) => v.scenario.name === name)?.label ?? name;
  const lines: string[] = [];
  if (fair?.error) lines.push(t.t('fair.staff.error'));
  else if (fair?.result) {
    const r = fair.result;
    const others = r.designs.filter((d) => d.scenario !== r.reference);
    if (fair.mode === 'budget') {
      const list = others.map((d) => t.t(d.reached ? 'fair.budget.item' : 'fair.budget.itemMissed', { scenario: label(d.scenario), factor: factor(t, d.factor), value: t.fmt(d.value, 2), gap: t.signed(100 * d.gap, 1), rounds: d.rounds })).join('; ');
      lines.push(t.t('fair.budget', { reference: ref, target: t.fmt(r.target, 2), list }));
      if (!fair.final) lines.push(t.t('fair.budget.provisional', { reps: fair.reps }));
    } else {
      const list = others.map((d) => t.t('fair.staff.item', { scenario: label(d.scenario), factor: factor(t, d.factor) })).join('; ');
      lines.push(t.t('fair.staff', { reference: ref, target: t.fmt(r.target, 1), list }));
    }
  }
  if (progress) lines.push(t.t('fair.search', { reps: progress.reps, round: progress.round, done: progress.done, total: progress.total }));
  // As designed: where a design's stage is much less busy than the baseline's.
  if (c && !fair && c.k >= 2 && views.length > 1) {
    const refSum = c.sums[0]!;
    for (let i = 1; i < c.sums.length; i++) {
      const v = views[i];
      if (!v) continue;
      for (const w of slackStages({ scenario: views[0]!.scenario, kpis: refSum.kpis }, { scenario: v.scenario, kpis: c.sums[i]!.kpis })) {
        lines.push(
          t.t('fair.slack', {
            scenario: v.label,
            stage: t.t(`fair.slack.${w.stage}`, { group: resourceLabel(w.group, t.lang) }),
            util: t.fmt(w.utilisation, 0),
            ref: t.fmt(w.refUtilisation, 0),
            reference: ref,
            refGroup: resourceLabel(w.refGroup, t.lang),
          }),
        );
      }
    }
  }
  return lines;
}

/** The policies in which the scenarios differ, in the app's language (nothing when they are all the same). */
export function drawPolicies(el: HTMLElement, views: readonly SlotView[], t: I18n): void {
  const rows = policyDifferences(views.map((v) => v.scenario), policyWords(t));
  if (rows.length === 0) return;
  el.append(h('h3', {}, t.t('policy.title')), h('p', { class: 'note' }, t.t('policy.note')));
  const table = h('table', { class: 'kpis policies', id: 'policy-table' });
  table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.t('policy.column')), ...views.map((v) => h('th', { scope: 'col' }, v.label)))));
  const body = h('tbody');
  for (const r of rows) body.append(h('tr', { 'data-policy': r.id }, h('th', { scope: 'row' }, r.policy), ...r.values.map((v) => h('td', {}, v))));
  table.append(body);
  el.append(table);
}

/** The staff, money and utilisation KPIs a comparison has, in the CLI's order. */
export function staffKpis(c: Compared): string[] {
  const present = [...new Set(c.sums.flatMap((s) => Object.keys(s.kpis)))];
  const family = (prefix: string) => present.filter((k) => k.startsWith(prefix)).sort();
  return ['fte_access_total', ...family('fte.'), 'cost_total_meur', ...family('cost_by_type.'), 'cost_wmo_meur', ...family('utilisation.')].filter((k) => present.includes(k));
}
