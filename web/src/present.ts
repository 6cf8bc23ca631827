/**
 * Presentation mode for round tables: full screen, the headline KPIs and one large chart, text
 * readable from five metres, keyboard driven (docs/ronde-tafel.md follows the same order). The
 * beamer window shows the same large chart in a second window, linked to the levers through a
 * BroadcastChannel (same origin only; nothing leaves the machine).
 */
import type { Host } from './app/host.js';
import { renderKpiCards } from './cards.js';
import { KPI_LABELS, seriesLabel } from '../../src/experiment/kpis.js';
import type { Compared } from './data.js';
import type { EventLogRow } from '../../src/model/outputs.js';
import { clear, h } from './dom.js';
import { renderSeries } from './charts/timeseries.js';
import { renderWaits } from './charts/waits.js';
import { renderFlow, animateFlow } from './charts/flow/index.js';
import { withDesign, type ChartContext, type ScenarioStyle } from './charts/common.js';
import type { I18n } from './i18n/index.js';

export const BEAMER_CHANNEL = 'ketensim-beamer';

/** The large charts, in the order of the round-table script. */
export const PRESENT_CHARTS = ['flow', 'in_system', 'wait_intake', 'time_to_care', 'table'] as const;
export type PresentChart = (typeof PRESENT_CHARTS)[number];

export interface ViewInfo {
  label: string;
  name: string;
  design: string;
  style: ScenarioStyle;
}

export type BeamerMessage =
  | { type: 'hello' }
  | { type: 'state'; lang: 'nl' | 'en'; chart: number; compared: Compared | null; views: ViewInfo[]; status: string; warmupYears: number; active: number; log?: EventLogRow[] };

export interface PresentData {
  compared: Compared | null;
  views: ViewInfo[];
  warmupYears: number;
  active: number;
  log: EventLogRow[] | undefined;
}

/** Draw one of the presentation charts, large. Returns a stopper for the animation, if any. */
export function drawPresentChart(el: HTMLElement, chart: PresentChart, d: PresentData, ctx: ChartContext, t: I18n): { stop(): void } | null {
  const c = d.compared;
  if (!c) return null;
  const styles = d.views.map((v) => v.style);
  switch (chart) {
    case 'flow': {
      const links = (p: number) => c.flows.filter((f) => f.point === p).map((f) => ({ from: f.from, to: f.to, perYear: f.perYear.mean }));
      const cur = d.views[d.active] ?? d.views[0]!;
      const svg = renderFlow(el, { current: { style: cur.style, links: links(d.active) }, ...(d.active !== 0 ? { baseline: { style: d.views[0]!.style, links: links(0) } } : {}) }, withDesign(ctx, cur.design));
      if (d.log && d.log.length > 0) {
        const warm = d.warmupYears * (365.25 / 7);
        el.append(h('p', { class: 'caption' }, t.t('oneRun')));
        return animateFlow(svg, d.log, { from: warm, to: warm + 52, ctx });
      }
      return null;
    }
    case 'in_system': {
      const input = styles.map((style, i) => ({ style, band: c.bands.find((b) => b.point === i && b.series === 'in_system')! })).filter((x) => x.band);
      renderSeries(el, input, { title: seriesLabel('in_system', t.lang), warmupWeeks: d.warmupYears * (365.25 / 7) }, ctx);
      return null;
    }
    case 'wait_intake':
    case 'time_to_care':
      renderWaits(el, c, styles, chart, ctx);
      return null;
    case 'table': {
      const table = h('table', { class: 'kpis large' });
      table.append(h('thead', {}, h('tr', {}, h('th', {}, t.t('table.kpi')), ...d.views.map((v) => h('th', {}, v.label)))));
      const body = h('tbody');
      for (const kpi of ['wait_intake_weeks', 'pct_within_norm', 'time_to_care_weeks', 'pct_right_care_reached', 'handoffs_per_casus', 'pct_deteriorated', 'cost_total_meur']) {
        const lab = KPI_LABELS[kpi]!;
        body.append(
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, `${t.kpi(kpi)}${lab.unit ? ` (${lab.unit})` : ''}`),
            ...c.sums.map((s) => {
              const v = s.kpis[kpi];
              const df = s.differences?.[kpi];
              return h('td', {}, v ? t.fmt(v.mean) : '–', df && df.n > 1 ? h('div', { class: `d${df.ciLow > 0 || df.ciHigh < 0 ? ' sig' : ''}` }, `Δ ${t.signed(df.mean)}`) : '');
            }),
          ),
        );
      }
      table.append(body);
      el.append(table);
      return null;
    }
  }
}

/**
 * Shrink a large chart's svg (its viewBox scales) so the chart, captions and legends included,
 * ends `reserve` pixels above the bottom of the window: the cards above it take more or less
 * room with the screen size and the number of scenarios, so a fixed CSS height cut the axis off
 * on a 1920x1080 projector.
 */
export function fitChart(chart: HTMLElement, reserve: number): void {
  const svg = chart.querySelector<SVGSVGElement>('svg');
  if (!svg) return;
  const box = chart.getBoundingClientRect();
  const others = box.height - svg.getBoundingClientRect().height;
  const room = window.innerHeight - box.top - others - reserve;
  svg.style.maxHeight = `${Math.max(240, Math.floor(room))}px`;
}

export class Presenter {
  private overlay: HTMLElement | null = null;
  private index = 0;
  private anim: { stop(): void } | null = null;

  constructor(private readonly app: Host) {}

  get open(): boolean {
    return this.overlay !== null;
  }

  get chart(): number {
    return this.index;
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
    this.index = (this.index + d + PRESENT_CHARTS.length) % PRESENT_CHARTS.length;
    this.render();
    this.app.broadcast();
  }

  render(): void {
    if (!this.overlay) return;
    this.anim?.stop();
    this.anim = null;
    const t = this.app.i18n;
    const el = this.overlay;
    clear(el);
    const cards = h('section', { class: 'cards large' });
    renderKpiCards(cards, this.app.comparison, this.app.views.map((v) => ({ label: v.label, name: v.scenario.name, design: v.scenario.design, style: v.style })), this.app.i18n, true);
    const chart = h('div', { class: 'big-chart', id: 'present-chart', 'data-chart': PRESENT_CHARTS[this.index]! });
    const nav = h(
      'div',
      { class: 'present-nav' },
      h('button', { type: 'button', onclick: () => this.step(-1), 'aria-label': t.t('present.prev') }, '←'),
      h('span', {}, `${this.index + 1} / ${PRESENT_CHARTS.length}`),
      h('button', { type: 'button', onclick: () => this.step(1), 'aria-label': t.t('present.next') }, '→'),
      h('button', { type: 'button', class: 'close', onclick: () => this.close() }, t.t('present.exit')),
    );
    const keys = h('p', { class: 'keys' }, t.t('present.keys'));
    el.append(cards, chart, keys, nav);
    // Keyboard users land in the dialog, not behind it.
    if (!el.contains(document.activeElement)) el.querySelector<HTMLButtonElement>('.present-nav button.close')?.focus();
    const width = Math.max(600, (el.clientWidth || window.innerWidth) - 80);
    this.anim = drawPresentChart(chart, PRESENT_CHARTS[this.index]!, { compared: this.app.comparison, views: this.app.views.map((v) => ({ label: v.label, name: v.scenario.name, design: v.scenario.design, style: v.style })), warmupYears: this.app.state.settings.warmupYears, active: this.app.viewOf(this.app.state.active), log: this.app.eventLog(this.app.viewOf(this.app.state.active)) }, { lang: this.app.state.lang, t: t.t, fmt: t.fmt, large: true, width }, t);
    // Room for the key line under the chart and the overlay's bottom padding.
    fitChart(chart, keys.offsetHeight + 48);
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

