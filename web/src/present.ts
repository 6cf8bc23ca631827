/**
 * Presentation mode for round tables, and the slides the beamer window mirrors: one chart or KPI
 * per slide, drawn at the pixel size of the screen with text of at least 24 px, full short names,
 * and a bar at the bottom for the controls that nothing is drawn under. The beamer window draws
 * the facilitator's slide in a second window, linked through a BroadcastChannel (same origin only;
 * nothing leaves the machine).
 */
import type { Host } from './app/host.js';
import { seriesLabel } from '../../src/experiment/kpis.js';
import type { Compared } from './data.js';
import type { EventLogRow } from '../../src/model/outputs.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';
import { CARD_KPIS } from './cards.js';
import { clear, h } from './dom.js';
import { renderKpiChart } from './charts/kpi-chart.js';
import { renderSeries } from './charts/timeseries.js';
import { renderWaits } from './charts/waits.js';
import { renderFlow, animateFlow } from './charts/flow/index.js';
import { PROJECTOR_FONT, withDesign, type ChartContext, type ScenarioStyle } from './charts/common.js';
import { digitsFor, type I18n } from './i18n/index.js';
import { kpiRows } from './views/headline-view.js';

export const BEAMER_CHANNEL = 'ketensim-beamer';

/** The slides after the KPIs, in the order of the round-table script. */
const CHART_SLIDES = ['flow', 'in_system', 'wait_intake', 'time_to_care'] as const;

/** The slides: the main KPI first, the other headline KPIs, then the charts. */
export function slides(mainKpi: string): string[] {
  return [`kpi:${mainKpi}`, ...CARD_KPIS.filter((k) => k !== mainKpi).map((k) => `kpi:${k}`), ...CHART_SLIDES];
}

export interface ViewInfo {
  label: string;
  name: string;
  design: string;
  style: ScenarioStyle;
}

export type BeamerMessage =
  | { type: 'hello' }
  | { type: 'state'; lang: 'nl' | 'en'; slide: string; compared: Compared | null; views: ViewInfo[]; status: string; warmupYears: number; active: number; log?: EventLogRow[] };

export interface PresentData {
  compared: Compared | null;
  views: ViewInfo[];
  warmupYears: number;
  active: number;
  log: EventLogRow[] | undefined;
}

/**
 * Draw one slide into `el`, filling its width and height (the chart's own text is at least 24 px).
 * Returns a stopper for the animation, if any.
 */
export function drawSlide(el: HTMLElement, slide: string, d: PresentData, t: I18n): { stop(): void } | null {
  const c = d.compared;
  if (!c) return null;
  const fs = PROJECTOR_FONT;
  const ctx = (height: number): ChartContext => ({ lang: t.lang, t: t.t, fmt: t.fmt, large: true, width: el.clientWidth, height });
  const styles = d.views.map((v) => v.style);
  const H = el.clientHeight;
  if (slide.startsWith('kpi:')) {
    const kpi = slide.slice(4);
    const digits = digitsFor(Math.max(...c.sums.map((s) => Math.abs(s.kpis[kpi]?.mean ?? 0))));
    renderKpiChart(el, kpiRows(c, d.views, kpi, t), { title: t.kpi(kpi), unit: t.unit(kpi), digits, height: H }, ctx(H));
    return null;
  }
  switch (slide) {
    case 'flow': {
      const links = (p: number) => c.flows.filter((f) => f.point === p).map((f) => ({ from: f.from, to: f.to, perYear: f.perYear.mean }));
      const cur = d.views[d.active] ?? d.views[0]!;
      const caption = d.log && d.log.length > 0 ? h('p', { class: 'caption' }, t.t('oneRun')) : null;
      const svgH = H - (caption ? fs * 1.6 : 0);
      const svg = renderFlow(el, { current: { style: cur.style, links: links(d.active) }, ...(d.active !== 0 ? { baseline: { style: d.views[0]!.style, links: links(0) } } : {}) }, withDesign(ctx(svgH), cur.design));
      if (caption) {
        el.append(caption);
        const warm = d.warmupYears * WEEKS_PER_YEAR;
        return animateFlow(svg, d.log!, { from: warm, to: warm + 52, ctx: ctx(svgH) });
      }
      return null;
    }
    case 'in_system': {
      const input = styles.map((style, i) => ({ style, band: c.bands.find((b) => b.point === i && b.series === 'in_system')! })).filter((x) => x.band);
      renderSeries(el, input, { title: seriesLabel('in_system', t.lang), warmupWeeks: d.warmupYears * WEEKS_PER_YEAR }, ctx(H));
      return null;
    }
    case 'wait_intake':
    case 'time_to_care':
      renderWaits(el, c, styles, slide, ctx(H));
      return null;
  }
  return null;
}

/** The status on a slide, short enough for the bar at 1024 pixels: "20 van 20 replicaties" or "voorlopig". */
export function presentStatus(c: Compared | null, reps: number, t: I18n): string {
  const k = c?.k ?? 0;
  return k === 0 ? t.t('present.status.none') : t.t(k < reps ? 'present.status.provisional' : 'present.status.done', { k, reps });
}

/** A slide frame: the slide's area (absolutely placed above the bar) and the bar under it. */
export function slideFrame(root: HTMLElement, slide: string, bar: HTMLElement): HTMLElement {
  const area = h('div', { class: 'slide', id: 'present-chart', 'data-chart': slide });
  root.append(area, bar);
  return area;
}

export class Presenter {
  private overlay: HTMLElement | null = null;
  private index = 0;
  private anim: { stop(): void } | null = null;

  constructor(private readonly app: Host) {}

  get open(): boolean {
    return this.overlay !== null;
  }

  /** The slide shown (the beamer window mirrors it). */
  get slide(): string {
    const all = slides(this.app.state.kpi);
    return all[this.index % all.length]!;
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  private show(): void {
    const t = this.app.i18n.t;
    this.overlay = h('div', { class: 'present', id: 'present', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('present.button') });
    document.body.append(this.overlay);
    document.body.classList.add('presenting');
    // The page behind the overlay takes no focus and no clicks while presenting.
    document.getElementById('app')!.inert = true;
    this.render();
    void this.fullscreen();
  }

  close(): void {
    this.anim?.stop();
    this.anim = null;
    this.overlay?.remove();
    this.overlay = null;
    document.body.classList.remove('presenting');
    document.getElementById('app')!.inert = false;
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    document.getElementById('btn-present')?.focus();
  }

  async fullscreen(): Promise<void> {
    try {
      if (!document.fullscreenElement) await document.documentElement.requestFullscreen();
    } catch {
      // Full screen needs a user gesture or may be refused; presentation mode works without it.
    }
  }

  step(d: number): void {
    const n = slides(this.app.state.kpi).length;
    this.index = (this.index + d + n) % n;
    this.render();
    this.app.broadcast();
  }

  render(): void {
    if (!this.overlay) return;
    this.anim?.stop();
    this.anim = null;
    const t = this.app.i18n;
    const el = this.overlay;
    const focusedClose = document.activeElement?.classList.contains('close');
    clear(el);
    const n = slides(this.app.state.kpi).length;
    const bar = h(
      'div',
      { class: 'present-bar' },
      h('span', { class: 'present-status' }, presentStatus(this.app.comparison, this.app.state.settings.reps, t)),
      h(
        'span',
        { class: 'present-nav' },
        h('button', { type: 'button', onclick: () => this.step(-1), 'aria-label': t.t('present.prev') }, '←'),
        h('span', {}, `${(this.index % n) + 1} / ${n}`),
        h('button', { type: 'button', onclick: () => this.step(1), 'aria-label': t.t('present.next') }, '→'),
        h('button', { type: 'button', class: 'close', title: t.t('present.keys') }, t.t('present.exit')),
      ),
    );
    bar.querySelector<HTMLButtonElement>('button.close')!.onclick = () => this.close();
    const area = slideFrame(el, this.slide, bar);
    // Keyboard users land in the dialog, not behind it.
    if (focusedClose || !el.contains(document.activeElement)) bar.querySelector<HTMLButtonElement>('button.close')?.focus();
    const active = this.app.viewOf(this.app.state.active);
    this.anim = drawSlide(area, this.slide, { compared: this.app.comparison, views: this.app.views.map((v) => ({ label: v.label, name: v.scenario.name, design: v.scenario.design, style: v.style })), warmupYears: this.app.state.settings.warmupYears, active, log: this.app.eventLog(active) }, t);
  }

  openBeamer(): void {
    const url = `${location.pathname}?beamer=1${location.hash}`;
    window.open(url, 'ketensim-beamer', 'popup,width=1280,height=800');
    setTimeout(() => this.app.broadcast(), 500);
  }

  help(): void {
    if (document.getElementById('help')) return;
    const t = this.app.i18n.t;
    const toggle = h('input', {
      type: 'checkbox',
      id: 'shortcuts-on',
      checked: this.app.shortcuts,
      onchange: (e: Event) => {
        this.app.shortcuts = (e.target as HTMLInputElement).checked;
        localStorage.setItem('ketensim.shortcuts', this.app.shortcuts ? 'on' : 'off');
      },
    });
    const dlg = h(
      'dialog',
      { class: 'help', id: 'help', 'aria-labelledby': 'help-title' },
      h('h2', { id: 'help-title' }, t('help.title')),
      h('p', {}, t('present.keys')),
      h('p', {}, 'Ctrl+Z / Ctrl+Y: ', t('levers.undo'), ' / ', t('levers.redo')),
      h('p', {}, h('label', { for: 'shortcuts-on' }, toggle, ' ', t('help.shortcuts'))),
      h('button', { type: 'button', onclick: () => dlg.close() }, t('help.close')),
    );
    // Escape and the close button both end here: the dialog leaves the page.
    dlg.addEventListener('close', () => dlg.remove());
    (this.overlay ?? document.body).append(dlg);
    dlg.showModal();
  }
}
