/**
 * The narrow interface between the app and what it hosts: the views, presentation mode, the
 * sweep view and the levers panel see the app only through `Host`, so none of them imports the
 * App class (no import circles) and each can be tested with a stand-in.
 */
import type { EventLogRow } from '../../../src/model/outputs.js';
import type { Scenario } from '../../../src/scenario/types.js';
import type { ChartContext, ScenarioStyle } from '../charts/common.js';
import type { Compared } from '../data.js';
import type { I18n } from '../i18n/index.js';
import type { AppState } from '../state.js';
import type { Analyses } from './analyses.js';

/**
 * A scenario of the comparison as shown: the scenario run, its label and colour. The comparison's
 * first view is always the reference as loaded (the baseline's file without lever changes): when
 * the room changes the baseline, the changed baseline is a separate, labelled view after it.
 */
export interface SlotView {
  scenario: Scenario;
  label: string;
  style: ScenarioStyle;
  /** The slot (state.slots) this view shows, or null for the untouched reference of a changed baseline. */
  slot: number | null;
  /** The slot's file without its lever changes, when it has changes: its numbers show as "before". */
  before: Scenario | null;
}

/** A lever change as people read it (see changes.ts): scenario, lever, from → to. */
export interface LeverChange {
  /** The slot and its label as shown. */
  slot: number;
  scenario: string;
  path: string;
  lever: string;
  from: string;
  to: string;
}

export interface Host {
  readonly state: AppState;
  readonly i18n: I18n;
  /** The comparison so far (null before the first replications are in). */
  readonly comparison: Compared | null;
  readonly views: readonly SlotView[];
  /** The view of a slot (state.slots index). */
  viewOf(slot: number): number;
  /** Per view, the KPI means of its scenario before the lever changes (null: unchanged or not yet known). */
  readonly before: readonly (Record<string, number> | null)[];
  /** The lever changes of the scenarios shown (each export lists them). */
  readonly changes: readonly LeverChange[];
  /** The status line as shown (what a view says while it waits for numbers). */
  readonly statusText: string;
  /** Single-key shortcuts (P, B, R, L, F, ?) on or off (WCAG 2.1.4). */
  shortcuts: boolean;
  /** Change the state; recorded for undo unless `record` is false. */
  set(change: Partial<AppState>, record?: boolean): void;
  message(text: string): void;
  scheduleRender(): void;
  /** The context charts are drawn in, for a width and for presentation mode (`large`). */
  ctx(width: number, large?: boolean): ChartContext;
  /** The event log of replication 0 of a slot (for the animation), once it has been run. */
  eventLog(slot: number): EventLogRow[] | undefined;
  /** Send what the beamer window draws. */
  broadcast(): void;
  /** "Waarom dit verschil?": the explanation and the tornado of a design, computed on demand (analyses.ts). */
  readonly analyses: Analyses;
}
