/**
 * The beamer window: one large chart and the headline KPIs, drawn from what the main window
 * broadcasts (it runs no model itself), so it follows every lever change at once.
 */
import './style.css';
import { KPI_LABELS } from '../../src/experiment/kpis.js';
import { addStrings, i18n } from './i18n/index.js';
import { flowStrings } from './charts/flow.i18n.js';
import { clear, h } from './dom.js';
import { BEAMER_CHANNEL, drawPresentChart, PRESENT_CHARTS, type BeamerMessage } from './present.js';

const CARDS = ['wait_intake_weeks', 'time_to_care_weeks', 'handoffs_per_casus', 'cost_total_meur'];

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
    for (const kpi of CARDS) {
      const lab = KPI_LABELS[kpi]!;
      const list = h('ul', {});
      m.views.forEach((v, i) => {
        const s = m.compared?.sums[i]?.kpis[kpi];
        const sw = h('span', { class: 'swatch' });
        sw.style.background = v.style.color;
        list.append(h('li', {}, sw, h('span', { class: 'name' }, v.label), h('strong', { class: 'value' }, s ? t.fmt(s.mean) : '…')));
      });
      cards.append(h('div', { class: 'card' }, h('h3', {}, `${t.kpi(kpi)}${lab.unit ? ` (${lab.unit})` : ''}`), list));
    }
    const chart = h('div', { class: 'big-chart', 'data-chart': PRESENT_CHARTS[m.chart]! });
    root.append(cards, chart, h('p', { class: 'status' }, m.status));
    anim = drawPresentChart(chart, PRESENT_CHARTS[m.chart] ?? 'flow', { compared: m.compared, views: m.views, warmupYears: m.warmupYears, active: m.active, log: m.log }, { lang: m.lang, t: t.t, fmt: t.fmt, large: true, width: Math.max(600, window.innerWidth - 60) }, t);
  };
  channel.postMessage({ type: 'hello' } satisfies BeamerMessage);
}
