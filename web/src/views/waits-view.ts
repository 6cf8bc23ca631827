/** The waiting-times tab: distributions of the wait to the first conversation and of the time to the right help. */
import { renderWaits, waitsCsv } from '../charts/waits.js';
import type { Host } from '../app/host.js';
import { chartBox, csvWords, fileName, waiting } from './chart-box.js';

export function viewWaits(host: Host, el: HTMLElement, width: number): void {
  const c = host.comparison;
  if (!c) return waiting(el, host.statusText);
  for (const which of ['wait_intake', 'time_to_care'] as const) {
    chartBox(el, `wachttijden-${which}`, host, (box) => renderWaits(box, c, host.views.map((v) => v.style), which, host.ctx(width - 20)), () => waitsCsv(c, which, csvWords(host.i18n)), fileName(host.i18n, 'waits', which), { chart: 'waits', title: host.i18n.t(which === 'wait_intake' ? 'waits.title' : 'waits.title.care') });
  }
}
