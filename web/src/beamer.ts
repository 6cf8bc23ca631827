/**
 * The beamer window: one large chart and the headline KPIs, drawn from what the main window
 * broadcasts (it runs no model itself), so it follows every lever change at once.
 */
import './style.css';
import { addStrings, i18n } from './i18n/index.js';
import { flowStrings } from './charts/flow/strings.js';
import { clear, h } from './dom.js';
import { renderKpiCards } from './cards.js';
import { BEAMER_CHANNEL, drawPresentChart, fitChart, PRESENT_CHARTS, type BeamerMessage } from './present.js';

export function startBeamer(): void {
  addStrings(flowStrings);
  const root = document.getElementById('app')!;
  document.body.classList.add('beamer');
  root.append(h('p', { class: 'status' }, i18n('nl').t('present.waiting')));
  const channel = new BroadcastChannel(BEAMER_CHANNEL);
  let anim: { stop(): void } | null = null;
  channel.onmessage = (e: MessageEvent<BeamerMessage>) => {
    const m = e.data;
    if (m.type !== 'state') return;
    const t = i18n(m.lang);
    document.documentElement.lang = m.lang;
    anim?.stop();
    clear(root);
    const cards = h('section', { class: 'cards large' });
    renderKpiCards(cards, m.compared, m.views, t, true);
    const chart = h('div', { class: 'big-chart', 'data-chart': PRESENT_CHARTS[m.chart]! });
    const status = h('p', { class: 'status' }, m.status);
    root.append(cards, chart, status);
    anim = drawPresentChart(chart, PRESENT_CHARTS[m.chart] ?? 'flow', { compared: m.compared, views: m.views, warmupYears: m.warmupYears, active: m.active, log: m.log }, { lang: m.lang, t: t.t, fmt: t.fmt, large: true, width: Math.max(600, window.innerWidth - 60) }, t);
    fitChart(chart, status.offsetHeight + 48);
  };
  channel.postMessage({ type: 'hello' } satisfies BeamerMessage);
}
