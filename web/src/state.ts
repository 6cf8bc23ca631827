/**
 * The app state that a share link carries and that undo/redo walks through: the scenarios side by
 * side (slot 0 is the baseline) with their lever overrides, the experiment settings, the view.
 * Pure: encoding and decoding share links is tested without a browser.
 */
import { EQUAL_MODES, type EqualMode } from '../../src/experiment/fair.js';
import { MODEL_VERSION } from '../../src/model/model.js';
import { LEVERS } from './levers.js';
import type { Overrides } from './scenarios.js';

export interface Slot {
  file: string;
  overrides: Overrides;
}

export interface Settings {
  reps: number;
  seed: number;
  horizonYears: number;
  warmupYears: number;
  /**
   * What the comparison holds equal (BRIEF 2a, `ketensim compare --equal`): each design as its file
   * has it, the reference's total yearly budget, or its FTE in access and first line.
   */
  equal: EqualMode;
}

export type Tab = 'compare' | 'flow' | 'time' | 'years' | 'waits' | 'table' | 'sweep' | 'assumptions';
export const TABS: Tab[] = ['compare', 'flow', 'time', 'years', 'waits', 'table', 'sweep', 'assumptions'];

export interface AppState {
  slots: Slot[];
  /** The slot whose levers are shown. */
  active: number;
  settings: Settings;
  tab: Tab;
  /** Time series shown (e.g. 'in_system'). */
  series: string;
  /** The KPI of the headline view's main chart (e.g. 'wait_intake_weeks'). */
  kpi: string;
  lang: 'nl' | 'en';
}

/**
 * The web app's default experiment is the CLI's: 20 replications, seed 1, and the scenario files'
 * 5-year warm-up and 5 observed years (the baseline is calibrated on these; with a shorter warm-up
 * the SWT queue has not filled up yet and the youth wait falls below the Nijmegen 2019 figure,
 * docs/model.md 4.1). `ketensim compare --reps 20` prints the same numbers.
 */
export const DEFAULT_SETTINGS: Settings = { reps: 20, seed: 1, horizonYears: 5, warmupYears: 5, equal: 'designed' };

export function defaultState(files: string[]): AppState {
  return { slots: files.map((file) => ({ file, overrides: {} })), active: 0, settings: { ...DEFAULT_SETTINGS }, tab: 'compare', series: 'in_system', kpi: 'wait_intake_weeks', lang: 'nl' };
}

/**
 * Where two states differ in their scenarios: the slot (in `b`) whose file or levers changed and
 * the first lever path that did, or null when only the view or the settings differ.
 */
export function stateChange(a: AppState, b: AppState): { slot: number; path: string | null } | null {
  for (let i = 0; i < Math.max(a.slots.length, b.slots.length); i++) {
    const x = a.slots[i];
    const y = b.slots[i];
    if (!x || !y) return { slot: Math.min(i, b.slots.length - 1), path: null };
    if (x.file !== y.file) return { slot: i, path: null };
    const paths = new Set([...Object.keys(x.overrides), ...Object.keys(y.overrides)]);
    for (const p of [...paths].sort()) if (x.overrides[p] !== y.overrides[p]) return { slot: i, path: p };
  }
  return null;
}

/** Undo/redo over states; `replay` flips between the last two without changing the history. */
export class History<T> {
  private states: T[];
  private index = 0;
  constructor(initial: T) {
    this.states = [initial];
  }
  get current(): T {
    return this.states[this.index]!;
  }
  push(s: T): void {
    this.states = this.states.slice(0, this.index + 1);
    this.states.push(s);
    this.index++;
    if (this.states.length > 200) {
      this.states.shift();
      this.index--;
    }
  }
  get canUndo(): boolean {
    return this.index > 0;
  }
  get canRedo(): boolean {
    return this.index < this.states.length - 1;
  }
  undo(): T {
    if (this.canUndo) this.index--;
    return this.current;
  }
  redo(): T {
    if (this.canRedo) this.index++;
    return this.current;
  }
  /** The state before the current one (for "replay last change"), if any. */
  get previous(): T | undefined {
    return this.index > 0 ? this.states[this.index - 1] : undefined;
  }
}

// ---- share links ------------------------------------------------------------------------------

interface LinkPayload {
  v: string;
  s: AppState;
}

const b64 = {
  encode: (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  decode: (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))),
};

export function encodeLink(state: AppState): string {
  return '#s=' + b64.encode(JSON.stringify({ v: MODEL_VERSION, s: state } satisfies LinkPayload));
}

/** A share link that cannot be used: `code` names the problem for the locale files (link.<code>). */
export class LinkError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/**
 * Read a share link. Everything is checked before it is used: only known files, only the app's
 * levers with values of the right kind, settings in range; anything else is an error and nothing
 * is applied. Returns the state and the model version the link was made with.
 */
export function decodeLink(hash: string, knownFiles: readonly string[]): { state: AppState; version: string } {
  const m = /^#s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) throw new LinkError('notLink', 'not a ketensim link');
  let payload: unknown;
  try {
    payload = JSON.parse(b64.decode(m[1]!));
  } catch {
    throw new LinkError('damaged', 'the link is damaged');
  }
  const p = payload as Partial<LinkPayload>;
  if (typeof p !== 'object' || p === null || typeof p.v !== 'string' || typeof p.s !== 'object' || p.s === null) throw new LinkError('damaged', 'the link is damaged');
  const s = p.s as Partial<AppState>;
  if (!Array.isArray(s.slots) || s.slots.length < 1 || s.slots.length > 4) throw new LinkError('count', 'expected 1 to 4 scenarios');
  const slots: Slot[] = s.slots.map((slot, i) => {
    if (typeof slot !== 'object' || slot === null || typeof slot.file !== 'string' || !knownFiles.includes(slot.file)) throw new LinkError('unknownFile', `scenario ${i + 1}: unknown scenario file`, { n: i + 1 });
    const overrides: Overrides = {};
    for (const [path, value] of Object.entries(slot.overrides ?? {})) {
      const lever = LEVERS.find((l) => l.path === path);
      if (!lever) throw new LinkError('unknownLever', `scenario ${i + 1}: unknown lever '${path}'`, { n: i + 1, lever: path });
      const ok =
        (lever.kind === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
        (lever.kind === 'switch' && typeof value === 'boolean') ||
        (lever.kind === 'choice' && typeof value === 'string' && lever.choices!.some((c) => c.value === value));
      if (!ok) throw new LinkError('badValue', `scenario ${i + 1}: lever '${path}' has an invalid value`, { n: i + 1, lever: path });
      overrides[path] = value;
    }
    return { file: slot.file, overrides };
  });
  const st = s.settings as Partial<Settings> | undefined;
  const num = (x: unknown, lo: number, hi: number, int: boolean) => typeof x === 'number' && x >= lo && x <= hi && (!int || Number.isInteger(x));
  if (!st || !num(st.reps, 2, 200, true) || !num(st.seed, 0, 2 ** 31, true) || !num(st.horizonYears, 0.25, 20, false) || !num(st.warmupYears, 0, 10, false)) throw new LinkError('settings', 'invalid experiment settings');
  // Links made before the switch existed compare as designed.
  if (st.equal !== undefined && !EQUAL_MODES.includes(st.equal)) throw new LinkError('settings', 'invalid experiment settings');
  const tab = TABS.includes(s.tab as Tab) ? (s.tab as Tab) : 'compare';
  const state: AppState = {
    slots,
    active: Number.isInteger(s.active) && (s.active as number) >= 0 && (s.active as number) < slots.length ? (s.active as number) : 0,
    settings: { reps: st.reps!, seed: st.seed!, horizonYears: st.horizonYears!, warmupYears: st.warmupYears!, equal: st.equal ?? 'designed' },
    tab,
    series: typeof s.series === 'string' && /^[a-z_.0-9]{1,60}$/.test(s.series) ? s.series : 'in_system',
    kpi: typeof s.kpi === 'string' && /^[a-z_0-9]{1,60}$/.test(s.kpi) ? s.kpi : 'wait_intake_weeks',
    lang: s.lang === 'en' ? 'en' : 'nl',
  };
  return { state, version: p.v };
}
