/**
 * The ketensim web app: compare designs of the youth-care chain with levers, charts and a
 * presentation mode for round tables. The model runs in Web Workers (runner.ts); this module
 * holds the state, renders the views and wires the controls.
 */
import './style.css';
import { stringify } from 'yaml';
import { MODEL_VERSION } from '../../src/model/model.js';
import { HEADLINE_KPIS, KPI_LABELS, resourceLabel, seriesLabel } from '../../src/experiment/kpis.js';
import { reportHtml } from '../../src/experiment/report.js';
import { Csv, scenarioParameters } from '../../src/experiment/results.js';
import type { Scenario } from '../../src/scenario/types.js';
import { ScenarioError } from '../../src/scenario/parse.js';
import { PALETTE, withDesign, type ChartContext, type ScenarioStyle } from './charts/common.js';
import { downloadCsv, downloadPng, downloadSvg, download } from './charts/export.js';
import { renderSeries } from './charts/timeseries.js';
import { renderWaits, waitsCsv } from './charts/waits.js';
import { renderFlow, animateFlow } from './charts/flow/index.js';
import { flowStrings } from './charts/flow/strings.js';
import { compare, jobsFor, scenarioKey, seriesCsv, tableCsv, type Compared, type SlotScenario } from './data.js';
import { clear, h } from './dom.js';
import { renderKpiCards } from './cards.js';
import { addStrings, digitsFor, exactDecimals, i18n, type I18n } from './i18n/index.js';
import { leverStates, LEVERS, type LeverGroup, type LeverState } from './levers.js';
import { Runner, type JobResult } from './runner.js';
import { buildScenario, catalogue, DESIGN_FILES, FILES, importScenario, restoreImports, saveImport, scenarioDataOf } from './scenarios.js';
import { decodeLink, defaultState, encodeLink, History, LinkError, TABS, type AppState, type Tab } from './state.js';
import { SweepView } from './sweep-view.js';
import { Presenter, BEAMER_CHANNEL, type BeamerMessage } from './present.js';

addStrings(flowStrings);

/** How often the numbers are redrawn while replications come in (ms). */
const REFRESH_MS = 1500;


function startApp(): void {
  restoreImports();
  const files = Object.keys(FILES);
  let state: AppState = defaultState(DESIGN_FILES);
  let linkMessage = '';
  if (location.hash.startsWith('#s=')) {
    try {
      const d = decodeLink(location.hash, files);
      state = d.state;
      if (d.version !== MODEL_VERSION) linkMessage = i18n(state.lang).t('share.versionMismatch', { linkVersion: d.version, version: MODEL_VERSION });
      // Every scenario of the link must build; otherwise nothing of it is applied.
      for (const s of state.slots) buildScenario(s.file, s.overrides);
    } catch (e) {
      state = defaultState(DESIGN_FILES);
      const msg = e instanceof LinkError ? e.message : e instanceof ScenarioError ? e.issues.map((i) => i.text).join('; ') : String(e);
      linkMessage = i18n('nl').t('share.invalid', { message: msg });
    }
  }
  let app: App;
  try {
    app = new App(state, linkMessage);
  } catch (e) {
    // Whatever went wrong with a state, the app starts on the defaults and says so.
    document.getElementById('app')!.replaceChildren();
    history.replaceState(null, '', location.pathname);
    app = new App(defaultState(DESIGN_FILES), i18n('nl').t('share.invalid', { message: e instanceof Error ? e.message : String(e) }));
  }
  (window as unknown as { ketensim: App }).ketensim = app;
}

interface SlotView {
  scenario: Scenario;
  label: string;
  style: ScenarioStyle;
}

export class App {
  history: History<AppState>;
  state: AppState;
  private t: I18n;
  private runner = new Runner();
  private compared: Compared | null = null;
  private slotViews: SlotView[] = [];
  private readonly root = document.getElementById('app')!;
  private els!: { levers: HTMLElement; status: HTMLElement; stability: HTMLElement; cards: HTMLElement; tabs: HTMLElement; view: HTMLElement; message: HTMLElement; header: HTMLElement };
  private replaying: 'before' | 'after' | null = null;
  private animation: { stop(): void; framesPerSecond(): number } | null = null;
  private renderTimer = 0;
  /** Lever groups the user has open (kept across redraws). */
  private readonly openGroups = new Set<string>(['capacity', 'dynamics']);
  /** Assumptions view: only the assumptions. */
  private onlyAanname = false;
  /** The beamer window has said hello: only then is there someone to broadcast to. */
  private beamerSeen = false;
  /** Single-key shortcuts (P, B, R, L, F, ?) can be switched off (WCAG 2.1.4). */
  shortcuts = localStorage.getItem('ketensim.shortcuts') !== 'off';
  /** Counts lever changes, so callbacks of replaced work are ignored. */
  private generation = 0;
  private readonly sweep: SweepView;
  readonly presenter: Presenter;
  private readonly channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(BEAMER_CHANNEL) : null;
  /** Times for the bench: first comparison and full precision, in ms since navigation start. */
  readonly timings: { first?: number; full?: number } = {};

  constructor(initial: AppState, message: string) {
    this.state = initial;
    this.history = new History(initial);
    this.t = i18n(initial.lang);
    this.sweep = new SweepView(this);
    this.presenter = new Presenter(this);
    this.layout();
    this.message(message);
    this.apply(initial, false);
    document.addEventListener('keydown', (e) => this.key(e));
    this.channel?.addEventListener('message', (e: MessageEvent<BeamerMessage>) => {
      if (e.data.type === 'hello') {
        this.beamerSeen = true;
        this.broadcast();
      }
    });
    window.addEventListener('resize', () => this.scheduleRender());
    // A share link pasted into this tab: checked and applied whole, as one undo step, or refused.
    window.addEventListener('hashchange', () => {
      if (location.hash === encodeLink(this.state)) return;
      try {
        const d = decodeLink(location.hash, Object.keys(FILES));
        for (const sl of d.state.slots) buildScenario(sl.file, sl.overrides);
        this.set(d.state);
        if (d.version !== MODEL_VERSION) this.message(this.t.t('share.versionMismatch', { linkVersion: d.version, version: MODEL_VERSION }));
      } catch (e) {
        this.message(this.t.t('share.invalid', { message: e instanceof Error ? e.message : String(e) }));
        history.replaceState(null, '', encodeLink(this.state));
      }
    });
  }

  get i18n(): I18n {
    return this.t;
  }

  /** Frames per second of the flow animation over the last second (0 when none runs). */
  get animationFps(): number {
    return this.animation?.framesPerSecond() ?? 0;
  }

  get comparison(): Compared | null {
    return this.compared;
  }

  get views(): SlotView[] {
    return this.slotViews;
  }

  // ---- state -------------------------------------------------------------------------------

  /** Change the state: recorded for undo unless `record` is false. */
  set(change: Partial<AppState>, record = true): void {
    // After "replay last change" showed the state before, a new change builds on the latest state.
    const base = this.replaying === 'before' ? { ...this.history.current, tab: this.state.tab, lang: this.state.lang, series: this.state.series } : this.state;
    const next: AppState = { ...base, ...change };
    if (record) {
      this.history.push(next);
      this.sweep.cancel();
    }
    this.replaying = null;
    this.apply(next, true);
  }

  /** A state from the history with the current view (tab, language, series): undo is about scenarios. */
  private withView(s: AppState): AppState {
    return { ...s, tab: this.state.tab, lang: this.state.lang, series: this.state.series };
  }

  private apply(next: AppState, updateHash: boolean): void {
    // Controls are drawn anew: keep the keyboard focus where it was (a slider moved by arrows).
    const focused = document.activeElement?.id;
    const langChanged = next.lang !== this.state.lang;
    this.state = next;
    this.t = i18n(next.lang);
    document.documentElement.lang = next.lang;
    if (updateHash) history.replaceState(null, '', encodeLink(next));
    if (langChanged) this.layout();
    this.buildSlots();
    this.renderLevers();
    this.renderTabs();
    this.run();
    this.render();
    if (focused) document.getElementById(focused)?.focus();
  }

  undo(): void {
    this.replaying = null;
    this.apply(this.withView(this.history.undo()), true);
  }

  redo(): void {
    this.replaying = null;
    this.apply(this.withView(this.history.redo()), true);
  }

  /** Flip between the state before and after the last change, for the room to see what it does. */
  replay(): void {
    const before = this.history.previous;
    if (!before) return;
    this.replaying = this.replaying === 'before' ? 'after' : 'before';
    this.apply(this.withView(this.replaying === 'before' ? before : this.history.current), false);
    this.message(this.t.t(this.replaying === 'before' ? 'levers.replay.before' : 'levers.replay.after'));
  }

  private buildSlots(): void {
    const entries = catalogue();
    this.slotViews = this.state.slots.map((slot, i) => {
      const scenario = buildScenario(slot.file, slot.overrides);
      const entry = entries.find((e) => e.file === slot.file);
      const edited = Object.keys(slot.overrides).length > 0;
      const label = `${entry?.title ?? scenario.title}${edited ? ` (${this.t.t('scen.edited')})` : ''}`;
      return { scenario, label, style: { id: scenario.name, label, color: PALETTE[i % PALETTE.length]!, baseline: i === 0 } };
    });
  }

  // ---- running -----------------------------------------------------------------------------

  private run(): void {
    const slots: SlotScenario[] = this.slotViews.map((v, i) => ({ file: this.state.slots[i]!.file, scenario: v.scenario }));
    const jobs = jobsFor(slots, this.state.settings);
    const keys = slots.map((s) => scenarioKey(s.scenario, this.state.settings));
    // While refining, redraw at most every REFRESH_MS: drawing takes the main thread, and on a
    // small machine the workers need the cores. The first estimate and the final result show at once.
    let shownK = -1;
    let lastShown = 0;
    let timer = 0;
    const available = () => {
      let k = 0;
      while (k < this.state.settings.reps && keys.every((key) => this.runner.get(`${key}:${k}`) !== undefined)) k++;
      return k;
    };
    const show = () => {
      timer = 0;
      this.compared = compare(slots, this.state.settings, (slot, rep) => this.runner.get(`${keys[slot]}:${rep}`)?.record);
      const k = this.compared?.k ?? 0;
      shownK = k;
      lastShown = performance.now();
      if (k > 0 && this.timings.first === undefined) this.timings.first = performance.now();
      if (k >= this.state.settings.reps && this.timings.full === undefined) this.timings.full = performance.now();
      this.status();
      this.scheduleRender();
    };
    const update = () => {
      const k = available();
      if (k === shownK) return;
      const urgent = shownK <= 0 || k >= this.state.settings.reps;
      const wait = REFRESH_MS - (performance.now() - lastShown);
      if (urgent || wait <= 0) {
        if (timer) clearTimeout(timer);
        show();
      } else if (!timer) timer = window.setTimeout(() => this.generation === generation && show(), wait);
    };
    const generation = ++this.generation;
    this.runner.run(
      jobs,
      () => this.generation === generation && update(),
      (msg) => this.message(this.t.t('run.error', { message: msg })),
    );
    update();
  }

  /** The event log of replication 0 of a slot (for the animation), when it has been run. */
  eventLog(slot: number): JobResult['log'] {
    const v = this.slotViews[slot];
    return v ? this.runner.get(`${scenarioKey(v.scenario, this.state.settings)}:0`)?.log : undefined;
  }

  private status(): void {
    const k = this.compared?.k ?? 0;
    const reps = this.state.settings.reps;
    const el = this.els.status;
    el.dataset.reps = String(k);
    el.dataset.done = String(k >= reps);
    if (k === 0) el.textContent = this.t.t('run.first', { n: Math.min(2, reps) });
    else if (k < reps) el.textContent = this.t.t('run.refining', { done: k, total: reps });
    else el.textContent = this.t.t('run.done', { n: reps });
    el.classList.toggle('busy', k < reps);
    // Queues still growing, once every replication is in (a first estimate of two is too noisy).
    const notes = k >= reps ? (this.compared?.growing ?? []) : [];
    clear(this.els.stability);
    this.els.stability.hidden = notes.length === 0;
    // One notice per queue and figures: a resource all designs share (the Wmo desk) grows alike in each.
    const byText = new Map<string, string[]>();
    for (const g of notes) {
      const label = this.slotViews.find((v) => v.scenario.name === g.scenario)?.label ?? g.scenario;
      const group = resourceLabel(g.group, this.state.lang);
      const text = this.t.t('stability.growing', { scenario: '\u0000', group, from: this.t.fmt(g.firstHalf, 1), to: this.t.fmt(g.secondHalf, 1), util: this.t.fmt(g.utilisation, 0) });
      byText.set(text, [...(byText.get(text) ?? []), label]);
    }
    for (const [text, labels] of byText) this.els.stability.append(h('p', {}, text.replace('\u0000', labels.join(', '))));
  }

  message(text: string): void {
    if (!this.els) return;
    this.els.message.textContent = text;
    this.els.message.hidden = text === '';
  }

  // ---- layout ------------------------------------------------------------------------------

  private layout(): void {
    const t = this.t.t;
    clear(this.root);
    const header = h(
      'header',
      { class: 'top' },
      h('div', { class: 'brand' }, h('h1', {}, t('app.title')), h('p', { class: 'sub' }, t('app.subtitle'))),
      h(
        'div',
        { class: 'actions', role: 'toolbar', 'aria-label': 'ketensim' },
        h('button', { type: 'button', id: 'btn-lang', title: t('lang.toggle.title'), onclick: () => this.set({ lang: this.state.lang === 'nl' ? 'en' : 'nl' }, false) }, t('lang.toggle')),
        h('button', { type: 'button', id: 'btn-share', onclick: () => void this.share() }, t('share.link')),
        h('label', { class: 'button', for: 'file-yaml' }, t('yaml.import')),
        h('input', { type: 'file', id: 'file-yaml', accept: '.yaml,.yml,text/yaml', class: 'visually-hidden', onchange: (e: Event) => void this.importYaml(e) }),
        h('button', { type: 'button', id: 'btn-export-yaml', onclick: () => this.exportYaml() }, t('yaml.export')),
        h('button', { type: 'button', id: 'btn-report', onclick: () => this.report() }, t('report.button')),
        h('button', { type: 'button', id: 'btn-present', title: t('present.title'), onclick: () => this.presenter.toggle() }, t('present.button')),
        h('button', { type: 'button', id: 'btn-beamer', title: t('present.beamer.title'), onclick: () => this.presenter.openBeamer() }, t('present.beamer')),
        h('button', { type: 'button', id: 'btn-help', 'aria-label': t('help.title'), title: t('help.title'), onclick: () => this.presenter.help() }, '?'),
      ),
    );
    const levers = h('aside', { class: 'levers', id: 'levers', 'aria-label': t('levers.title') });
    const status = h('p', { class: 'status', id: 'status', role: 'status', 'aria-live': 'polite' });
    const messageEl = h('p', { class: 'message', id: 'message', role: 'alert', hidden: true });
    const stability = h('div', { class: 'stability', id: 'stability', hidden: true });
    const cards = h('section', { class: 'cards', id: 'cards', 'aria-label': 'KPI' });
    const tabs = h('nav', { class: 'tabs', role: 'tablist', id: 'tabs' });
    const view = h('section', { class: 'view', id: 'view', role: 'tabpanel' });
    const main = h('main', {}, messageEl, status, stability, cards, tabs, view, h('p', { class: 'note' }, t('proposal'), ' ', h('span', { class: 'version' }, t('app.modelVersion', { version: MODEL_VERSION }))));
    this.root.append(header, h('div', { class: 'layout' }, levers, main));
    this.els = { levers, status, stability, cards, tabs, view, message: messageEl, header };
  }

  private renderTabs(): void {
    clear(this.els.tabs);
    for (const tab of TABS) {
      const selected = tab === this.state.tab;
      this.els.view.setAttribute('aria-labelledby', `tab-${this.state.tab}`);
    this.els.tabs.append(
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            id: `tab-${tab}`,
            'aria-controls': 'view',
            'aria-selected': selected ? 'true' : 'false',
            tabindex: selected ? 0 : -1,
            onclick: () => this.set({ tab }, false),
            onkeydown: (e: Event) => {
              const k = (e as KeyboardEvent).key;
              if (k !== 'ArrowRight' && k !== 'ArrowLeft' && k !== 'Home' && k !== 'End') return;
              e.stopPropagation();
              e.preventDefault();
              const i = TABS.indexOf(this.state.tab);
              // The WAI-ARIA tabs pattern: arrows move to the neighbour (wrapping), Home and End to the ends.
              const next = k === 'Home' ? TABS[0]! : k === 'End' ? TABS[TABS.length - 1]! : TABS[(i + (k === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
              this.set({ tab: next }, false);
              document.getElementById(`tab-${next}`)?.focus();
            },
          },
          this.t.t(`nav.${tab}`),
        ),
      );
    }
  }

  // ---- levers ------------------------------------------------------------------------------

  private renderLevers(): void {
    const t = this.t.t;
    const el = this.els.levers;
    clear(el);
    // Scenario slots
    const entries = catalogue();
    const slotsBox = h('fieldset', { class: 'slots' }, h('legend', {}, t('scen.choose')));
    this.state.slots.forEach((slot, i) => {
      const id = `slot-${i}`;
      const select = h(
        'select',
        {
          id,
          'aria-label': i === 0 ? t('scen.baseline') : t('scen.slot', { n: i }),
          onchange: (e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            const slots = [...this.state.slots];
            if (v === '') slots.splice(i, 1);
            else slots[i] = { file: v, overrides: {} };
            this.set({ slots, active: Math.min(this.state.active, slots.length - 1) });
          },
        },
        ...(i > 0 ? [h('option', { value: '' }, t('scen.none'))] : []),
        ...entries.map((e) => h('option', { value: e.file, selected: e.file === slot.file }, e.title)),
      );
      const slotName = i === 0 ? t('scen.baseline') : t('scen.slot', { n: i });
      const radio = h('input', { type: 'radio', name: 'active-slot', id: `${id}-active`, 'aria-label': `${t('levers.title')}: ${slotName}`, checked: i === this.state.active, onchange: () => this.set({ active: i }, false) });
      slotsBox.append(
        h(
          'div',
          { class: `slot${i === this.state.active ? ' active' : ''}` },
          h('span', { class: 'swatch', 'data-color': PALETTE[i % PALETTE.length]! }),
          h('label', { for: id }, i === 0 ? t('scen.baseline') : t('scen.slot', { n: i })),
          select,
          h('label', { class: 'edit', title: t('scen.edit') }, radio, ' ', t('levers.title')),
        ),
      );
    });
    if (this.state.slots.length < 4) {
      const add = h(
        'select',
        {
          id: 'slot-add',
          'aria-label': t('scen.slot', { n: this.state.slots.length }),
          onchange: (e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            if (v) this.set({ slots: [...this.state.slots, { file: v, overrides: {} }] });
          },
        },
        h('option', { value: '' }, `+ ${t('scen.slot', { n: this.state.slots.length })}`),
        ...entries.map((e) => h('option', { value: e.file }, e.title)),
      );
      slotsBox.append(h('div', { class: 'slot add' }, add));
    }
    el.append(slotsBox);
    // Swatch colours are set through CSSOM (the CSP allows no inline style attributes).
    el.querySelectorAll<HTMLElement>('.swatch').forEach((s) => (s.style.background = s.dataset.color ?? ''));
    // History controls
    el.append(
      h(
        'div',
        { class: 'history', role: 'group', 'aria-label': t('levers.title') },
        h('button', { type: 'button', id: 'btn-undo', disabled: !this.history.canUndo, onclick: () => this.undo(), title: 'Ctrl+Z' }, t('levers.undo')),
        h('button', { type: 'button', id: 'btn-redo', disabled: !this.history.canRedo, onclick: () => this.redo(), title: 'Ctrl+Y' }, t('levers.redo')),
        h('button', { type: 'button', id: 'btn-replay', disabled: !this.history.previous, onclick: () => this.replay(), title: t('levers.replay.title') }, t('levers.replay')),
        h('button', { type: 'button', id: 'btn-reset', onclick: () => this.resetLevers(), title: t('levers.reset.title') }, t('levers.reset')),
      ),
    );
    // Levers of the active slot
    const slot = this.state.slots[this.state.active]!;
    const states = leverStates(scenarioDataOf(slot.file, slot.overrides), scenarioDataOf(slot.file));
    const groups: LeverGroup[] = ['inflow', 'routing', 'capacity', 'process', 'dynamics', 'money'];
    for (const g of groups) {
      const mine = states.filter((s) => s.def.group === g);
      if (mine.length === 0) continue;
      const details = h('details', { class: 'group', 'data-group': g, open: this.openGroups.has(g) }, h('summary', {}, t(`group.${g}`)));
      details.addEventListener('toggle', () => (details.open ? this.openGroups.add(g) : this.openGroups.delete(g)));
      for (const s of mine) details.append(this.leverControl(s));
      el.append(details);
    }
    el.append(this.experimentControls());
  }

  private leverControl(s: LeverState): HTMLElement {
    const t = this.t.t;
    const id = `lever-${s.def.path.replace(/[^a-z0-9]/gi, '-')}`;
    const label = this.t.t(`lever.${s.def.path}`);
    const changed = s.value !== s.fileValue;
    const src = h('span', { class: `source${s.aanname ? ' aanname' : ''}`, title: t('levers.source', { source: s.source }) }, s.aanname ? t('levers.aanname') : s.source.split(/[;(]/)[0]!.trim());
    const row = h('div', { class: `lever${changed ? ' changed' : ''}`, 'data-path': s.def.path });
    const commit = (value: number | string | boolean) => this.setLever(s.def.path, value);
    if (s.def.kind === 'switch') {
      row.append(h('label', { for: id }, h('input', { type: 'checkbox', id, checked: s.value === true, onchange: (e: Event) => commit((e.target as HTMLInputElement).checked) }), ' ', label), src);
      return row;
    }
    if (s.def.kind === 'choice') {
      row.append(
        h('label', { for: id }, label),
        h('select', { id, onchange: (e: Event) => commit((e.target as HTMLSelectElement).value) }, ...s.def.choices!.map((c) => h('option', { value: c.value, selected: c.value === s.value }, this.t.t(`lever.${s.def.path}.${c.value}`)))),
        src,
      );
      return row;
    }
    const v = s.value as number;
    const min = Math.min(s.def.min!, v);
    const max = Math.max(s.def.max!, v);
    // Decimals that write the step and the value exactly (a step of 0.25 needs two, not one).
    const digits = exactDecimals([s.def.step!, v]);
    const unit = this.unitLabel(s.unit);
    const out = h('output', { for: id }, `${this.t.fmt(v, digits)} ${unit}`);
    const range = h('input', {
      type: 'range',
      id,
      min,
      max,
      step: s.def.step!,
      value: v,
      'aria-valuetext': `${this.t.fmt(v, digits)} ${unit}`,
      oninput: (e: Event) => {
        const x = Number((e.target as HTMLInputElement).value);
        out.textContent = `${this.t.fmt(x, digits)} ${unit}`;
        num.value = this.t.fmtInput(x, digits);
      },
      onchange: (e: Event) => commit(Number((e.target as HTMLInputElement).value)),
    });
    const num = this.numberInput({ id: `${id}-num`, value: v, min, max, step: s.def.step!, digits, label: `${label} (${unit})` }, commit);
    row.append(h('label', { for: id }, label), h('div', { class: 'ctl' }, range, num, h('span', { class: 'unit' }, unit)), h('div', { class: 'meta' }, out, src));
    return row;
  }

  /**
   * A number field in the app's language: a text field (a browser's number field follows the
   * browser's locale, not the page's, and turned a Dutch '1,5' into 15), shown with the locale's
   * decimal separator, read with `parseNumber`, stepped with the arrow keys. A value that is not a
   * number, out of range, or not a whole number where one is needed is refused with a message
   * saying what was expected, and the field shows the current value again.
   */
  private numberInput(o: { id: string; value: number; min: number; max: number; step: number; digits: number; integer?: boolean; label: string }, commit: (x: number) => void): HTMLInputElement {
    const t = this.t;
    // What the user typed is shown as read (up to 6 decimals); the value itself with `digits`.
    const show = (x: number) => t.fmtInput(x, Math.max(o.digits, exactDecimals([x])));
    const accept = (x: number) => Number.isFinite(x) && x >= o.min && x <= o.max && (!o.integer || Number.isInteger(x));
    const input = h('input', {
      type: 'text',
      inputmode: o.integer ? 'numeric' : 'decimal',
      id: o.id,
      class: 'num',
      value: show(o.value),
      'aria-label': o.label,
      onchange: () => {
        const x = t.parse(input.value);
        if (accept(x)) return commit(x);
        this.message(t.t(o.integer ? 'input.integer' : 'input.number', { label: o.label, min: show(o.min), max: show(o.max), found: input.value }));
        input.value = show(o.value);
      },
      onkeydown: (e: Event) => {
        const k = (e as KeyboardEvent).key;
        if (k !== 'ArrowUp' && k !== 'ArrowDown') return;
        e.preventDefault();
        // From the value in force (a redraw after each step brings the focus back by id).
        const x = Math.min(o.max, Math.max(o.min, o.value + (k === 'ArrowUp' ? o.step : -o.step)));
        input.value = show(Number(x.toFixed(10)));
        input.dispatchEvent(new Event('change'));
      },
    });
    return input;
  }

  /** A unit as people read it ('plekken', 'maanden'); unknown units as written. */
  unitLabel(unit: string): string {
    return this.t.tOr(`unit.${unit}`, unit);
  }

  setLever(path: string, value: number | string | boolean): void {
    const slots = this.state.slots.map((s) => ({ ...s, overrides: { ...s.overrides } }));
    const slot = slots[this.state.active]!;
    const fileValue = leverStates(scenarioDataOf(slot.file), scenarioDataOf(slot.file)).find((l) => l.def.path === path)?.fileValue;
    if ((slot.overrides[path] ?? fileValue) === value) return;
    if (value === fileValue) delete slot.overrides[path];
    else slot.overrides[path] = value;
    try {
      buildScenario(slot.file, slot.overrides);
    } catch (e) {
      this.message(e instanceof ScenarioError ? e.issues.map((i) => i.text).join('\n') : String(e));
      this.renderLevers();
      return;
    }
    this.set({ slots });
  }

  private resetLevers(): void {
    const slots = this.state.slots.map((s, i) => (i === this.state.active ? { ...s, overrides: {} } : s));
    this.set({ slots });
  }

  private experimentControls(): HTMLElement {
    const t = this.t.t;
    const s = this.state.settings;
    const field = (key: 'reps' | 'seed' | 'horizonYears' | 'warmupYears', label: string, min: number, max: number, step: number, unit = '') =>
      h(
        'div',
        { class: 'lever' },
        h('label', { for: `exp-${key}` }, label),
        h(
          'div',
          { class: 'ctl' },
          this.numberInput({ id: `exp-${key}`, value: s[key], min, max, step, digits: exactDecimals([step, s[key]]), integer: key === 'reps' || key === 'seed', label }, (x) => this.set({ settings: { ...s, [key]: x } })),
          h('span', { class: 'unit' }, unit),
        ),
      );
    const details = h(
      'details',
      { class: 'group', 'data-group': 'experiment', open: this.openGroups.has('experiment') },
      h('summary', {}, t('group.experiment')),
      field('reps', t('exp.reps'), 2, 200, 1),
      field('seed', t('exp.seed'), 0, 2 ** 31, 1),
      field('horizonYears', t('exp.horizon'), 0.25, 20, 0.25, t('unit.years')),
      field('warmupYears', t('exp.warmup'), 0, 10, 0.25, t('unit.years')),
    );
    details.addEventListener('toggle', () => (details.open ? this.openGroups.add('experiment') : this.openGroups.delete('experiment')));
    return details;
  }

  // ---- rendering ---------------------------------------------------------------------------

  scheduleRender(): void {
    if (this.renderTimer) return;
    this.renderTimer = requestAnimationFrame(() => {
      this.renderTimer = 0;
      this.render();
    });
  }

  ctx(width: number, large = false): ChartContext {
    return { lang: this.state.lang, t: this.t.t, fmt: this.t.fmt, large, width };
  }

  private render(): void {
    this.renderCards(this.els.cards, false);
    this.renderView();
    this.presenter.render();
    this.broadcast();
  }

  /** The headline cards (see cards.ts), for the desk view or, `large`, presentation mode. */
  renderCards(el: HTMLElement, large: boolean): void {
    renderKpiCards(el, this.compared, this.slotViews.map((v) => ({ label: v.label, name: v.scenario.name, style: v.style })), this.t, large);
  }

  private renderView(): void {
    const el = this.els.view;
    const focused = el.contains(document.activeElement) ? document.activeElement?.id : undefined;
    this.animation?.stop();
    this.animation = null;
    clear(el);
    const width = Math.max(320, el.clientWidth || 900);
    this.drawView(el, width);
    if (focused) document.getElementById(focused)?.focus();
  }

  private drawView(el: HTMLElement, width: number): void {
    switch (this.state.tab) {
      case 'flow':
        return this.viewFlow(el, width);
      case 'time':
        return this.viewTime(el, width);
      case 'waits':
        return this.viewWaits(el, width);
      case 'table':
        return this.viewTable(el);
      case 'sweep':
        return this.sweep.render(el, width);
      case 'assumptions':
        return this.viewAssumptions(el);
    }
  }

  /** A chart with its export buttons (PNG, SVG, CSV). */
  chartBox(el: HTMLElement, name: string, draw: (box: HTMLElement) => SVGSVGElement | null, csv: (() => string) | null): void {
    const box = h('figure', { class: 'chart', 'data-chart': name });
    el.append(box);
    const svg = draw(box);
    const bar = h('div', { class: 'export', role: 'group', 'aria-label': this.t.t('export.title') });
    if (svg) {
      bar.append(
        h('button', { type: 'button', 'data-export': 'png', onclick: () => void downloadPng(svg, name) }, this.t.t('export.png')),
        h('button', { type: 'button', 'data-export': 'svg', onclick: () => downloadSvg(svg, name) }, this.t.t('export.svg')),
      );
    }
    if (csv) bar.append(h('button', { type: 'button', 'data-export': 'csv', onclick: () => downloadCsv(csv(), name) }, this.t.t('export.csv')));
    box.append(bar);
  }

  flowData(slot: number) {
    const c = this.compared;
    if (!c) return null;
    const links = (p: number) => c.flows.filter((f) => f.point === p).map((f) => ({ from: f.from, to: f.to, perYear: f.perYear.mean }));
    const cur = this.slotViews[slot]!;
    return {
      current: { style: cur.style, links: links(slot) },
      ...(slot !== 0 ? { baseline: { style: this.slotViews[0]!.style, links: links(0) } } : {}),
    };
  }

  private flowCsv(slot: number): string {
    const c = this.compared!;
    const csv = new Csv('nl', ['scenario', 'from', 'to', 'per_year_mean', 'ci_low', 'ci_high', 'n']);
    for (const f of c.flows.filter((x) => x.point === slot)) csv.row([c.manifest.points[slot]!.scenario, f.from, f.to, f.perYear.mean, f.perYear.ciLow, f.perYear.ciHigh, f.perYear.n]);
    return csv.toString();
  }

  private viewFlow(el: HTMLElement, width: number, large = false): void {
    const slot = this.state.active;
    const data = this.flowData(slot);
    if (!data) return void el.append(h('p', { class: 'wait' }, this.els.status.textContent ?? ''));
    this.chartBox(
      el,
      `stroom-${this.slotViews[slot]!.scenario.name}`,
      (box) => {
        const svg = renderFlow(box, data, withDesign(this.ctx(width - 20, large), this.slotViews[slot]!.scenario.design));
        const log = this.eventLog(slot);
        // The run plays once the numbers are final: while replications come in, the chart is
        // redrawn (which would restart it) and the cores are better spent on the model.
        if (log && log.length > 0 && (this.compared?.k ?? 0) >= this.state.settings.reps) {
          const warm = this.state.settings.warmupYears * (365.25 / 7);
          this.animation = animateFlow(svg, log, { from: warm, to: warm + 52, ctx: this.ctx(width - 20, large) });
        }
        return svg;
      },
      () => this.flowCsv(slot),
    );
  }

  drawFlowLarge(el: HTMLElement, width: number): void {
    this.viewFlow(el, width, true);
  }

  seriesNames(): string[] {
    const c = this.compared;
    if (!c) return [];
    return [...new Set(c.bands.map((b) => b.series))];
  }

  seriesTitle(name: string): string {
    return seriesLabel(name, this.state.lang);
  }


  drawSeries(box: HTMLElement, name: string, width: number, large: boolean): SVGSVGElement | null {
    const c = this.compared;
    if (!c) return null;
    const input = this.slotViews.map((v, i) => ({ style: v.style, band: c.bands.find((b) => b.point === i && b.series === name)! })).filter((x) => x.band);
    return renderSeries(box, input, { title: this.seriesTitle(name), warmupWeeks: this.state.settings.warmupYears * (365.25 / 7) }, this.ctx(width, large));
  }

  private viewTime(el: HTMLElement, width: number): void {
    const names = this.seriesNames();
    if (names.length === 0) return void el.append(h('p', { class: 'wait' }, this.els.status.textContent ?? ''));
    const series = names.includes(this.state.series) ? this.state.series : 'in_system';
    el.append(
      h(
        'label',
        { class: 'picker' },
        this.t.t('chart.choose'),
        ' ',
        h('select', { id: 'series-select', onchange: (e: Event) => this.set({ series: (e.target as HTMLSelectElement).value }, false) }, ...names.map((n) => h('option', { value: n, selected: n === series }, this.seriesTitle(n)))),
      ),
    );
    this.chartBox(el, `reeks-${series}`, (box) => this.drawSeries(box, series, width - 20, false), () => seriesCsv(this.compared!, series));
  }

  drawWaits(box: HTMLElement, which: 'wait_intake' | 'time_to_care', width: number, large: boolean): SVGSVGElement | null {
    const c = this.compared;
    if (!c) return null;
    return renderWaits(box, c, this.slotViews.map((v) => v.style), which, this.ctx(width, large));
  }

  private viewWaits(el: HTMLElement, width: number): void {
    if (!this.compared) return void el.append(h('p', { class: 'wait' }, this.els.status.textContent ?? ''));
    for (const which of ['wait_intake', 'time_to_care'] as const) this.chartBox(el, `wachttijden-${which}`, (box) => this.drawWaits(box, which, width - 20, false), () => waitsCsv(this.compared!, which));
  }

  /** The KPI table: mean [CI] per scenario and the paired difference with the baseline. */
  drawTable(el: HTMLElement, kpis: readonly string[] = HEADLINE_KPIS): void {
    const c = this.compared;
    if (!c) return void el.append(h('p', { class: 'wait' }, this.els.status.textContent ?? ''));
    const table = h('table', { class: 'kpis', id: 'kpi-table' });
    table.append(h('caption', {}, this.t.t('table.note')));
    table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, this.t.t('table.kpi')), ...this.slotViews.map((v) => h('th', { scope: 'col' }, v.label)))));
    const body = h('tbody');
    for (const kpi of kpis) {
      const lab = KPI_LABELS[kpi];
      const tr = h('tr', { 'data-kpi': kpi }, h('th', { scope: 'row' }, `${this.t.kpi(kpi)}${lab?.unit ? ` (${lab.unit})` : ''}`));
      c.sums.forEach((s, i) => {
        const v = s.kpis[kpi];
        const d = s.differences?.[kpi];
        const td = h('td', { 'data-scenario': this.slotViews[i]!.scenario.name, 'data-mean': v ? String(v.mean) : '' });
        if (v && v.n > 0) {
          const dd = digitsFor(v.mean);
          td.append(h('span', { class: 'mean' }, this.t.fmt(v.mean, dd)));
          if (v.n > 1) td.append(' ', h('span', { class: 'ci' }, `[${this.t.fmt(v.ciLow, dd)}; ${this.t.fmt(v.ciHigh, dd)}]`));
          if (d && d.n > 1) {
            const sig = d.ciLow > 0 || d.ciHigh < 0;
            td.append(h('div', { class: `d${sig ? ' sig' : ''}` }, `Δ ${this.t.signed(d.mean, dd)} [${this.t.fmt(d.ciLow, dd)}; ${this.t.fmt(d.ciHigh, dd)}]`));
          }
        } else td.append('–');
        tr.append(td);
      });
      body.append(tr);
    }
    table.append(body);
    el.append(table);
  }

  private viewTable(el: HTMLElement): void {
    this.drawTable(el);
    if (this.compared) {
      el.append(h('div', { class: 'export' }, h('button', { type: 'button', 'data-export': 'csv', id: 'table-csv', onclick: () => downloadCsv(tableCsv(this.compared!, HEADLINE_KPIS), 'kpi-tabel') }, this.t.t('export.csv'))));
    }
  }

  private viewAssumptions(el: HTMLElement): void {
    const t = this.t.t;
    const v = this.slotViews[this.state.active]!;
    const rows = scenarioParameters(v.scenario);
    const a = rows.filter((r) => r.aanname).length;
    const table = h('table', { class: 'params', id: 'assumptions-table' });
    const fill = () => {
      clear(table);
      table.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('assumptions.path')), h('th', { scope: 'col' }, t('assumptions.value')), h('th', { scope: 'col' }, t('assumptions.unit')), h('th', { scope: 'col' }, t('assumptions.source')))));
      const body = h('tbody');
      for (const r of rows) {
        if (this.onlyAanname && !r.aanname) continue;
        body.append(h('tr', { class: r.aanname ? 'aanname' : '' }, h('td', {}, h('code', {}, r.path)), h('td', { class: 'n' }, this.t.fmt(r.value, Number.isInteger(r.value) ? 0 : undefined)), h('td', {}, this.unitLabel(r.unit)), h('td', {}, r.aanname ? h('strong', {}, r.source) : r.source)));
      }
      table.append(body);
    };
    fill();
    el.append(
      h('h2', {}, t('assumptions.title', { name: v.label })),
      h('p', {}, t('assumptions.count', { n: rows.length, a })),
      h('label', {}, h('input', { type: 'checkbox', id: 'only-aanname', checked: this.onlyAanname, onchange: (e: Event) => ((this.onlyAanname = (e.target as HTMLInputElement).checked), fill()) }), ' ', t('assumptions.filter')),
      table,
    );
  }

  // ---- share, import, export, report -------------------------------------------------------

  private async share(): Promise<void> {
    if (this.state.slots.some((s) => s.file.startsWith('scenarios/import/'))) this.message(this.t.t('share.imported'));
    const url = location.href.split('#')[0] + encodeLink(this.state);
    history.replaceState(null, '', encodeLink(this.state));
    try {
      await navigator.clipboard.writeText(url);
      if (!this.state.slots.some((s) => s.file.startsWith('scenarios/import/'))) this.message(this.t.t('share.copied'));
    } catch {
      this.message(url);
    }
  }

  private async importYaml(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const text = await file.text();
    const r = importScenario(file.name, text);
    if ('errors' in r) {
      this.message(`${this.t.t('yaml.invalid')}\n${r.errors.join('\n')}`);
      return;
    }
    saveImport(r.file, text);
    const slots = [...this.state.slots];
    const at = Math.max(1, Math.min(this.state.active, slots.length - 1));
    if (slots.length < 4 && this.state.active === 0) slots.push({ file: r.file, overrides: {} });
    else slots[at] = { file: r.file, overrides: {} };
    this.set({ slots, active: slots.findIndex((s) => s.file === r.file) });
    this.message(this.t.t('yaml.imported', { name: file.name }));
  }

  /** The active scenario as a YAML file: the scenario file with the levers' values written in. */
  private exportYaml(): void {
    const slot = this.state.slots[this.state.active]!;
    const data = scenarioDataOf(slot.file, slot.overrides);
    delete data.extends;
    const s = this.slotViews[this.state.active]!.scenario;
    const head = `# ${s.title}\n# exported from ketensim ${MODEL_VERSION} (${slot.file}${Object.keys(slot.overrides).length ? ', with lever changes' : ''})\n`;
    download(`${s.name}.yaml`, new Blob([head + stringify(data, { lineWidth: 0 })], { type: 'text/yaml' }));
  }

  private report(): void {
    const c = this.compared;
    if (!c) return;
    download('ketensim-rapport.html', new Blob([reportHtml(c.manifest, c.runs, this.state.lang)], { type: 'text/html' }));
  }

  // ---- keyboard, beamer --------------------------------------------------------------------

  private key(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && !(e.ctrlKey || e.metaKey)) return;
    const k = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && k === 'z') return void (e.preventDefault(), e.shiftKey ? this.redo() : this.undo());
    if ((e.ctrlKey || e.metaKey) && k === 'y') return void (e.preventDefault(), this.redo());
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (k === 'escape') {
      if (this.presenter.open) this.presenter.close();
      return;
    }
    if (this.presenter.open && (k === 'arrowright' || k === 'arrowleft')) return this.presenter.step(k === 'arrowright' ? 1 : -1);
    if (!this.shortcuts) return;
    if (k === 'p') this.presenter.toggle();
    else if (k === 'b') this.presenter.openBeamer();
    else if (k === 'r') this.replay();
    else if (k === 'l') this.set({ lang: this.state.lang === 'nl' ? 'en' : 'nl' }, false);
    else if (k === 'f') void this.presenter.fullscreen();
    else if (k === '?') this.presenter.help();
  }

  /** Send what the beamer window draws (it runs no model of its own). */
  broadcast(): void {
    if (!this.channel || !this.beamerSeen) return;
    const log = this.eventLog(this.state.active);
    const msg: BeamerMessage = { type: 'state', lang: this.state.lang, chart: this.presenter.chart, compared: this.compared ? { ...this.compared, runs: [] } : null, ...(log ? { log } : {}), views: this.slotViews.map((v) => ({ label: v.label, style: v.style, name: v.scenario.name, design: v.scenario.design })), status: this.els.status.textContent ?? '', warmupYears: this.state.settings.warmupYears, active: this.state.active };
    this.channel.postMessage(msg);
  }
}

export { LEVERS, TABS };

// Start last: the class above must exist before it is used.
const params = new URLSearchParams(location.search);
if (params.get('beamer') === '1') {
  void import('./beamer.js').then((m) => m.startBeamer());
} else {
  startApp();
}

export type { Tab };
