/** The status line (first estimate, refining, done) and the notices of queues still growing. */
import { resourceLabel } from '../../../src/experiment/kpis.js';
import type { Compared } from '../data.js';
import { clear, h } from '../dom.js';
import type { I18n } from '../i18n/index.js';
import type { SlotView } from './host.js';

/** `searching`: an equal-budget search runs before the first comparison (its progress is shown under the status). */
export function renderStatus(el: HTMLElement, stability: HTMLElement, c: Compared | null, reps: number, views: readonly SlotView[], t: I18n, searching = false): void {
  const k = c?.k ?? 0;
  el.dataset.reps = String(k);
  el.dataset.done = String(k >= reps);
  if (k === 0) el.textContent = searching ? t.t('run.searching') : t.t('run.first', { n: Math.min(2, reps) });
  else if (k < reps) el.textContent = t.t('run.refining', { done: k, total: reps });
  else el.textContent = t.t('run.done', { n: reps });
  el.classList.toggle('busy', k < reps);
  // Queues still growing, once every replication is in (a first estimate of two is too noisy).
  const notes = k >= reps ? (c?.growing ?? []) : [];
  clear(stability);
  stability.hidden = notes.length === 0;
  // One notice per queue and figures: a resource all designs share (the Wmo desk) grows alike in each.
  const byText = new Map<string, string[]>();
  for (const g of notes) {
    // By the comparison's point: a second copy of a scenario is renamed there (uniqueNames).
    const point = c?.manifest.points.findIndex((p) => p.scenario === g.scenario) ?? -1;
    const label = views[point]?.label ?? g.scenario;
    const group = resourceLabel(g.group, t.lang);
    const text = t.t('stability.growing', { scenario: '\u0000', group, from: t.fmt(g.firstHalf, 1), to: t.fmt(g.secondHalf, 1), util: t.fmt(g.utilisation, 0) });
    byText.set(text, [...(byText.get(text) ?? []), label]);
  }
  for (const [text, labels] of byText) stability.append(h('p', {}, text.replace('\u0000', labels.join(', '))));
}
