/**
 * The beamer window: the facilitator's slide, drawn from what the main window broadcasts (it runs
 * no model itself), so it follows every lever change and every step through the slides at once.
 */
import './style.css';
import { addStrings, i18n } from './i18n/index.js';
import { flowStrings } from './charts/flow/strings.js';
import { clear, h } from './dom.js';
import { BEAMER_CHANNEL, drawSlide, slideFrame, type BeamerMessage } from './present.js';

export function startBeamer(): void {
  addStrings(flowStrings);
  const root = document.getElementById('app')!;
  document.body.classList.add('beamer');
  root.append(h('p', { class: 'status' }, i18n('nl').t('present.waiting')));
  const channel = new BroadcastChannel(BEAMER_CHANNEL);
  let anim: { stop(): void } | null = null;
  let last: BeamerMessage | null = null;
  const draw = (m: BeamerMessage) => {
    if (m.type !== 'state') return;
    last = m;
    const t = i18n(m.lang);
    document.documentElement.lang = m.lang;
    anim?.stop();
    clear(root);
    const bar = h('div', { class: 'present-bar' }, h('span', { class: 'present-status' }, m.status));
    const area = slideFrame(root, m.slide, bar);
    anim = drawSlide(area, m.slide, { compared: m.compared, views: m.views, warmupYears: m.warmupYears, active: m.active, log: m.log }, t);
  };
  channel.onmessage = (e: MessageEvent<BeamerMessage>) => draw(e.data);
  window.addEventListener('resize', () => last && draw(last));
  channel.postMessage({ type: 'hello' } satisfies BeamerMessage);
}
