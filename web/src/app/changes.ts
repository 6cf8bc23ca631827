/**
 * The lever changes of a state, as people read them (scenario, lever: from → to, with units), for
 * the report and every export: what the room changed travels with what it saw.
 */
import { exactDecimals, unitLabel, type I18n } from '../i18n/index.js';
import { leverStates, type LeverState } from '../levers.js';
import { scenarioDataOf } from '../scenarios.js';
import type { AppState } from '../state.js';
import type { LeverChange, SlotView } from './host.js';

export type { LeverChange };

/** A lever's value for people: a number with its unit, a choice by its label, a switch as yes or no. */
export function leverValue(s: LeverState, value: number | string | boolean, t: I18n): string {
  if (typeof value === 'boolean') return t.t(value ? 'policy.yes' : 'policy.no');
  if (typeof value === 'string') return t.tOr(`lever.${s.def.path}.${value}`, value);
  const unit = unitLabel(t, s.unit);
  return `${t.fmt(value, exactDecimals([value, s.def.step ?? 1]))}${unit ? ` ${unit}` : ''}`;
}

export function leverChanges(state: AppState, views: readonly SlotView[], t: I18n): LeverChange[] {
  const out: LeverChange[] = [];
  state.slots.forEach((slot, i) => {
    if (Object.keys(slot.overrides).length === 0) return;
    const label = views.find((v) => v.slot === i)?.label ?? slot.file;
    for (const s of leverStates(scenarioDataOf(slot.file, slot.overrides), scenarioDataOf(slot.file))) {
      if (s.value === s.fileValue) continue;
      out.push({ slot: i, scenario: label, path: s.def.path, lever: t.t(`lever.${s.def.path}`), from: leverValue(s, s.fileValue, t), to: leverValue(s, s.value, t) });
    }
  });
  return out;
}

/** One line per change: "Basis 2019 (aangepast) – Wijkteam: FTE: 85 fte → 95 fte". */
export function changeLines(changes: readonly LeverChange[]): string[] {
  return changes.map((c) => `${c.scenario} – ${c.lever}: ${c.from} → ${c.to}`);
}

/** A file-name part for a changed comparison ('-aangepast'), or nothing. */
export function changedSuffix(changes: readonly LeverChange[], t: I18n): string {
  return changes.length > 0 ? `-${t.t('scen.edited')}` : '';
}
