/**
 * The app: the state and its history, the comparison run in the workers, and the rendering of the
 * levers, the cards and the tab views. Views, presentation mode and the sweep see it through the
 * narrow `Host` interface (host.ts).
 */
import type { PrecomputedRecords } from './precomputed.js';
import { MODEL_VERSION } from '../../../src/model/model.js';
import { renderKpiCards } from '../cards.js';
import { bandsFor, bandsLegend } from '../bands.js';
import { PALETTE, REFERENCE_COLOR, type ChartContext } from '../charts/common.js';
import type { Compared } from '../data.js';
import { clear, h } from '../dom.js';
import { i18n, type I18n } from '../i18n/index.js';
import { leverStates } from '../levers.js';
import { BEAMER_CHANNEL, Presenter, presentStatus, type BeamerMessage } from '../present.js';
import { Runner } from '../runner.js';
import { buildScenario, catalogue, FILES, scenarioDataOf } from '../scenarios.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { shortName } from './names.js';
import { leverChanges, type LeverChange } from './changes.js';
import { decodeLink, encodeLink, History, stateChange, type AppState } from '../state.js';
import { SweepView } from '../sweep-view.js';
import { drawView } from '../views/index.js';
import { fairNotes } from '../views/fair-view.js';
import { exportYaml, importYaml, report, share } from './files.js';
import type { SlotView } from './host.js';
import { onKey } from './keys.js';
import { layout, renderTabs, type Elements } from './layout.js';
import { LeversPanel, type PanelHost } from './levers-panel.js';
import { Runs, type FairState, type SearchProgress } from './runs.js';
import { Analyses } from './analyses.js';
import { problemText } from './issues.js';
import { renderStatus } from './status.js';
import { Tour } from './tour.js';

export class App implements PanelHost {
  private readonly history: History<AppState>;
  state: AppState;
  private t: I18n;
  private readonly runner = new Runner();
  private readonly runs = new Runs(this.runner);
  /** "Waarom dit verschil?" (issue 22): its own workers, the comparison's runs reused. */
  readonly analyses = new Analyses(this.runner, () => this.scheduleRender());
  private compared: Compared | null = null;
  /** How the comparison shown was made equal (null: as designed), and an equal-budget search in progress. */
  private fairState: FairState | null = null;
  private progress: SearchProgress | null = null;
  /** The lever changes of the state (computed when it is applied). */
  private leverChanges: LeverChange[] = [];
  /** Per view, its means before its lever changes (see Runs.start). */
  private beforeMeans: (Record<string, number> | null)[] = [];
  private slotViews: SlotView[] = [];
  private readonly root = document.getElementById('app')!;
  private els!: Elements;
  private replaying: 'before' | 'after' | null = null;
  private animation: { stop(): void; framesPerSecond(): number } | null = null;
  private renderTimer = 0;
  /** The beamer window has said hello: only then is there someone to broadcast to. */
  private beamerSeen = false;
  shortcuts = localStorage.getItem('ketensim.shortcuts') !== 'off';
  private readonly sweep: SweepView;
  readonly presenter: Presenter;
  private readonly panel: LeversPanel;
  /** The first-visit tour (started by start.ts, or again by its button). */
  readonly tour = new Tour(() => this.t);
  private readonly channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(BEAMER_CHANNEL) : null;

  /** Replications computed at build time and put in the cache (0 when the build left them out). */
  readonly precomputed: number;

  /** `records`: the default comparison computed at build time (app/precomputed.ts), if any. */
  constructor(initial: AppState, message: string, records?: PrecomputedRecords) {
    this.precomputed = this.runs.seed(records);
    this.state = initial;
    this.history = new History(initial);
    this.t = i18n(initial.lang);
    this.sweep = new SweepView(this);
    this.presenter = new Presenter(this);
    this.panel = new LeversPanel(this);
    this.layout();
    this.message(message);
    this.apply(initial, false);
    document.addEventListener('keydown', (e) => onKey(e, this.keyActions()));
    this.channel?.addEventListener('message', (e: MessageEvent<BeamerMessage>) => {
      if (e.data.type === 'hello') {
        this.beamerSeen = true;
        this.broadcast();
      }
    });
    window.addEventListener('resize', () => this.scheduleRender());
    window.addEventListener('hashchange', () => this.pastedLink());
  }

  // ---- what views see (Host) -------------------------------------------------------------

  get i18n(): I18n {
    return this.t;
  }
  get comparison(): Compared | null {
    return this.compared;
  }
  get fair(): FairState | null {
    return this.fairState;
  }
  get before(): (Record<string, number> | null)[] {
    return this.beforeMeans;
  }
  get changes(): LeverChange[] {
    return this.leverChanges;
  }
  get views(): SlotView[] {
    return this.slotViews;
  }
  get statusText(): string {
    return this.els.status.textContent ?? '';
  }
  /**
   * Times for the bench: the first numbers and the full-precision ones of the comparison the page
   * opened with, in ms since navigation start, when the cards and the view show them (the page is
   * drawn, so only the browser's paint of that frame follows).
   */
  get timings(): { first?: number; full?: number } {
    return this.shownTimes;
  }
  private readonly shownTimes: { first?: number; full?: number } = {};
  /** Frames per second of the flow animation over the last second (0 when none runs). */
  get animationFps(): number {
    return this.animation?.framesPerSecond() ?? 0;
  }
  get canUndo(): boolean {
    return this.history.canUndo;
  }
  get canRedo(): boolean {
    return this.history.canRedo;
  }
  get canReplay(): boolean {
    return this.history.previous !== undefined;
  }

  ctx(width: number, large = false): ChartContext {
    return { lang: this.state.lang, t: this.t.t, fmt: this.t.fmt, large, width };
  }

  /** The event log of replication 0 of a view (for the animation), once it has been run. */
  eventLog(view: number) {
    const v = this.slotViews[view];
    return v ? this.runs.eventLog(v.scenario, this.state.settings) : undefined;
  }

  message(text: string): void {
    if (!this.els) return;
    this.els.message.textContent = text;
    this.els.message.hidden = text === '';
  }

  // ---- state -------------------------------------------------------------------------------

  /** Change the state: recorded for undo unless `record` is false. */
  set(change: Partial<AppState>, record = true): void {
    // After "replay last change" showed the state before, a new change builds on the latest state.
    const base = this.replaying === 'before' ? this.withView(this.history.current) : this.state;
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
    return { ...s, tab: this.state.tab, lang: this.state.lang, series: this.state.series, kpi: this.state.kpi };
  }

  private apply(next: AppState, updateHash: boolean): void {
    // Controls are drawn anew: keep the keyboard focus where it was (a slider moved by arrows).
    const focused = document.activeElement?.id;
    const langChanged = next.lang !== this.state.lang;
    this.state = next;
    this.t = i18n(next.lang);
    document.documentElement.lang = next.lang;
    document.title = this.t.t('app.title');
    if (updateHash) history.replaceState(null, '', encodeLink(next));
    if (langChanged) {
      this.layout();
      this.tour.update();
    }
    this.buildSlots();
    this.leverChanges = leverChanges(next, this.slotViews, this.t);
    this.panel.render(this.els.levers);
    renderTabs(this.els.tabs, this.els.view, this.state.tab, this.t, (tab) => this.set({ tab }, false));
    this.run();
    this.render();
    if (focused) document.getElementById(focused)?.focus();
  }

  undo(): void {
    this.replaying = null;
    const from = this.state;
    this.showChange(from, this.history.undo(), true);
  }

  redo(): void {
    this.replaying = null;
    const from = this.state;
    this.showChange(from, this.history.redo(), true);
  }

  /** Flip between the state before and after the last change, for the room to see what it does. */
  replay(): void {
    const before = this.history.previous;
    if (!before) return;
    this.replaying = this.replaying === 'before' ? 'after' : 'before';
    this.showChange(this.state, this.replaying === 'before' ? before : this.history.current, false);
    this.message(this.t.t(this.replaying === 'before' ? 'levers.replay.before' : 'levers.replay.after'));
  }

  /**
   * Go to a state from the history with the current view, keeping the scenario and the lever that
   * changed in view: the panel shows the slot whose levers differ and opens and marks the lever.
   */
  private showChange(from: AppState, to: AppState, updateHash: boolean): void {
    const d = stateChange(from, to);
    this.apply({ ...this.withView(to), active: d?.slot ?? this.state.active }, updateHash);
    if (d?.path) this.panel.reveal(this.els.levers, d.path);
  }

  /** While a slider is dragged: estimates for the slot being edited, shown provisional in its cards. */
  private dragPreview: { view: number; values: Record<string, number>; value: number } | null = null;

  /** A slider moves (not yet released): estimate its slot's KPIs at this value (Runs.preview). */
  previewLever(path: string, value: number): void {
    const slot = this.state.slots[this.state.active]!;
    const view = this.viewOf(this.state.active);
    const c = this.compared;
    if (!c || this.state.settings.equal !== 'designed' || !this.slotViews[view]) return;
    let next: Scenario;
    try {
      next = buildScenario(slot.file, { ...slot.overrides, [path]: value });
    } catch {
      return;
    }
    const means = Object.fromEntries(Object.entries(c.sums[view]!.kpis).map(([k, v]) => [k, v.mean]));
    this.runs.preview(this.slotViews[view]!.scenario, next, this.state.settings, means, (values) => {
      this.dragPreview = { view, values, value };
      this.renderCards(this.els.cards, false);
    });
  }

  /** A slider is taken hold of: run what its drag will be compared with, while the hand moves. */
  preparePreview(): void {
    const v = this.slotViews[this.viewOf(this.state.active)];
    if (v && this.state.settings.equal === 'designed') this.runs.preparePreview(v.scenario, this.state.settings);
  }

  setLever(path: string, value: number | string | boolean): void {
    const slots = this.state.slots.map((s) => ({ ...s, overrides: { ...s.overrides } }));
    const slot = slots[this.state.active]!;
    const fileValue = leverStates(scenarioDataOf(slot.file), scenarioDataOf(slot.file)).find((l) => l.def.path === path)?.fileValue;
    if ((slot.overrides[path] ?? fileValue) === value) {
      // Released where it started: the drag's estimates go, and the comparison carries on.
      if (this.dragPreview) {
        this.dragPreview = null;
        this.run();
        this.scheduleRender();
      }
      return;
    }
    if (value === fileValue) delete slot.overrides[path];
    else slot.overrides[path] = value;
    try {
      buildScenario(slot.file, slot.overrides);
    } catch (e) {
      this.message(problemText(e, this.t));
      this.panel.render(this.els.levers);
      return;
    }
    this.set({ slots });
  }

  resetLevers(): void {
    this.set({ slots: this.state.slots.map((s, i) => (i === this.state.active ? { ...s, overrides: {} } : s)) });
  }

  /** A share link pasted into this tab: checked and applied whole, as one undo step, or refused. */
  private pastedLink(): void {
    if (location.hash === encodeLink(this.state)) return;
    try {
      const d = decodeLink(location.hash, Object.keys(FILES));
      for (const sl of d.state.slots) buildScenario(sl.file, sl.overrides);
      this.set(d.state);
      if (d.version !== MODEL_VERSION) this.message(this.t.t('share.versionMismatch', { linkVersion: d.version, version: MODEL_VERSION }));
    } catch (e) {
      this.message(this.t.t('share.invalid', { message: problemText(e, this.t) }));
      history.replaceState(null, '', encodeLink(this.state));
    }
  }

  /**
   * The views of the comparison: the reference as loaded first; when the baseline has lever
   * changes, the changed baseline after it as a scenario of its own; then the other slots.
   */
  private buildSlots(): void {
    const entries = catalogue();
    const views: SlotView[] = [];
    const name = (file: string, s: Scenario) => {
      const e = entries.find((x) => x.file === file);
      return shortName(s.name, e?.title ?? s.title, this.t);
    };
    const s0 = this.state.slots[0]!;
    if (Object.keys(s0.overrides).length > 0) {
      const scenario = buildScenario(s0.file, {});
      const label = name(s0.file, scenario);
      views.push({ scenario, label, style: { id: scenario.name, label, color: REFERENCE_COLOR, baseline: true }, slot: null, before: null });
    }
    this.state.slots.forEach((slot, i) => {
      const scenario = buildScenario(slot.file, slot.overrides);
      const edited = Object.keys(slot.overrides).length > 0;
      const label = `${name(slot.file, scenario)}${edited ? ` (${this.t.t('scen.edited')})` : ''}`;
      views.push({ scenario, label, style: { id: scenario.name, label, color: PALETTE[i % PALETTE.length]!, baseline: views.length === 0 }, slot: i, before: edited ? buildScenario(slot.file, {}) : null });
    });
    this.slotViews = views;
  }

  viewOf(slot: number): number {
    return Math.max(0, this.slotViews.findIndex((v) => v.slot === slot));
  }

  // ---- running -----------------------------------------------------------------------------

  private run(): void {
    const slots = this.slotViews.map((v) => ({ file: this.state.slots[v.slot ?? 0]!.file, scenario: v.scenario }));
    this.compared = null;
    this.fairState = null;
    this.beforeMeans = [];
    this.runs.start(slots, this.state.settings, {
      show: (c, fair, before) => {
        // A drag's estimates stay until the released value has numbers of its own.
        if ((c?.k ?? 0) > 0) this.dragPreview = null;
        this.compared = c;
        this.fairState = fair;
        this.beforeMeans = before;
        this.renderStatus();
        this.scheduleRender();
        // The animation's run, when the final numbers came without it (computed at build time).
        const active = this.slotViews[this.viewOf(this.state.active)];
        if (active && (c?.k ?? 0) >= this.state.settings.reps && !fair) this.runs.ensureLog(active.scenario, this.state.settings, () => this.scheduleRender());
      },
      progress: (p) => {
        this.progress = p;
        this.renderFairness();
      },
      error: (msg) => this.message(this.t.t('run.error', { message: msg })),
    }, this.slotViews.map((v) => v.before));
    this.renderStatus();
  }

  private renderStatus(): void {
    const searching = this.state.settings.equal === 'budget' && this.compared === null;
    renderStatus(this.els.status, this.els.stability, this.compared, this.state.settings.reps, this.slotViews, this.t, searching);
    this.renderFairness();
  }

  /** How the designs are compared, under the status line (BRIEF 2a). */
  private renderFairness(): void {
    const el = this.els.fairness;
    const lines = fairNotes(this, this.compared, this.fairState, this.progress);
    clear(el);
    el.hidden = lines.length === 0;
    for (const l of lines) el.append(h('p', {}, l));
  }

  // ---- rendering ---------------------------------------------------------------------------

  private layout(): void {
    this.els = layout(this.root, this.t, {
      toggleLang: () => this.toggleLang(),
      share: () => void share(this),
      importYaml: (e) => void importYaml(this, e),
      exportYaml: () => exportYaml(this),
      report: () => report(this),
      present: () => this.togglePresentation(),
      beamer: () => this.presenter.openBeamer(),
      help: () => this.presenter.help(),
      tour: () => this.startTour(),
    });
  }

  /** Presentation mode shows no tour: it ends (as done) when presentation opens. */
  private togglePresentation(): void {
    this.tour.close();
    this.presenter.toggle();
  }

  /** The tour, never over a presentation. */
  startTour(): void {
    if (!this.presenter.open) this.tour.start();
  }

  private toggleLang(): void {
    this.set({ lang: this.state.lang === 'nl' ? 'en' : 'nl' }, false);
  }

  scheduleRender(): void {
    if (this.renderTimer) return;
    this.renderTimer = requestAnimationFrame(() => {
      this.renderTimer = 0;
      this.render();
    });
  }

  private render(): void {
    this.renderCards(this.els.cards, false);
    this.renderView();
    this.presenter.render();
    this.broadcast();
    const computed = this.runs.timings;
    if (computed.first !== undefined && this.shownTimes.first === undefined) this.shownTimes.first = performance.now();
    if (computed.full !== undefined && this.shownTimes.full === undefined) this.shownTimes.full = performance.now();
  }

  /** The headline cards (see cards.ts), for the desk view or, `large`, presentation mode. */
  renderCards(el: HTMLElement, large: boolean): void {
    const p = this.dragPreview;
    const bands = bandsFor(this.state, this.slotViews);
    renderKpiCards(el, this.compared, this.slotViews.map((v, i) => ({ label: v.label, name: v.scenario.name, design: v.scenario.design, style: v.style, before: this.beforeMeans[i] ?? null, ...(p && p.view === i ? { preview: p.values } : {}) })), this.t, large, bands);
    // Two kinds of uncertainty (issue 22.3): what the ranges are, or why there is no band.
    const legend = large ? null : bandsLegend(this.t, bands);
    if (legend) el.append(legend);
    if (p) el.dataset.preview = String(p.value);
    else delete el.dataset.preview;
  }

  private renderView(): void {
    const el = this.els.view;
    const focused = el.contains(document.activeElement) ? document.activeElement?.id : undefined;
    this.animation?.stop();
    clear(el);
    this.animation = drawView(this, this.state.tab, el, Math.max(320, el.clientWidth || 900), this.sweep);
    if (focused) document.getElementById(focused)?.focus();
  }

  private keyActions() {
    return {
      shortcuts: this.shortcuts,
      presenting: this.presenter.open,
      undo: () => this.undo(),
      redo: () => this.redo(),
      closePresentation: () => this.presenter.close(),
      step: (d: number) => this.presenter.step(d),
      togglePresentation: () => this.togglePresentation(),
      beamer: () => this.presenter.openBeamer(),
      replay: () => this.replay(),
      toggleLang: () => this.toggleLang(),
      fullscreen: () => void this.presenter.fullscreen(),
      help: () => this.presenter.help(),
    };
  }

  /** Send what the beamer window draws (it runs no model of its own). */
  broadcast(): void {
    if (!this.channel || !this.beamerSeen) return;
    const active = this.viewOf(this.state.active);
    const log = this.eventLog(active);
    const msg: BeamerMessage = {
      type: 'state',
      lang: this.state.lang,
      slide: this.presenter.slide,
      compared: this.compared ? { ...this.compared, runs: [] } : null,
      ...(log ? { log } : {}),
      views: this.slotViews.map((v) => ({ label: v.label, style: v.style, name: v.scenario.name, design: v.scenario.design })),
      status: presentStatus(this.compared, this.state.settings.reps, this.t),
      warmupYears: this.state.settings.warmupYears,
      active,
    };
    this.channel.postMessage(msg);
  }
}
