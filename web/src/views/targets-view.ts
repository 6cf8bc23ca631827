/**
 * The calibration targets of the loaded baseline (issue 24.2), in the terms of `ketensim
 * calibrate --targets`: per target the band, the model's mean over the replications of the
 * current comparison with its 95% CI, and whether the mean lies inside the band. Targets with a
 * reason (`context`) are shown but not required. Nothing is shown when the baseline has no
 * shipped targets file.
 */
import { WEEKS_PER_YEAR } from '../../../src/scenario/param.js';
import { h } from '../dom.js';
import { digitsFor } from '../i18n/index.js';
import type { Host } from '../app/host.js';
import { sourceLong } from '../sources.js';
import { calibrated, targetRows, targetsFor } from '../targets.js';

export function viewTargets(host: Host, el: HTMLElement): void {
  const slot = host.state.slots[0];
  const targets = slot ? targetsFor(slot.file) : null;
  if (!targets) return;
  const t = host.i18n;
  const section = h('section', { class: 'targets', id: 'targets-panel', 'data-targets': targets.file }, h('h2', {}, t.t('targets.title', { title: targets.title })));
  el.append(section);
  const c = host.comparison;
  if (!c) {
    section.append(h('p', { class: 'wait' }, host.statusText));
    return;
  }
  const rows = targetRows(c, targets);
  const required = rows.filter((r) => r.context === undefined);
  const inside = required.filter((r) => r.inside).length;
  const s = c.manifest.points[0]!;
  section.append(
    h('p', { id: 'targets-summary', class: calibrated(rows) ? 'ok' : 'warn' }, t.t(calibrated(rows) ? 'targets.all' : 'targets.some', { inside, n: required.length, reps: c.k })),
    h('p', { class: 'note' }, t.t('targets.note', { cmd: `ketensim calibrate --targets ${targets.file} --reps ${c.k} --seed ${host.state.settings.seed}` })),
  );
  // calibrate runs the baseline over its file's own horizon and warm-up; say so when the app's differ.
  const base = host.views[0]!.scenario.simulation;
  const years = (w: number) => t.fmt(w / WEEKS_PER_YEAR, Math.abs(w / WEEKS_PER_YEAR - Math.round(w / WEEKS_PER_YEAR)) < 1e-9 ? 0 : 2);
  if (Math.abs(s.observedWeeks - base.horizon.value) > 1e-6 || Math.abs(s.warmupWeeks - base.warmup.value) > 1e-6) {
    section.append(h('p', { class: 'warn', id: 'targets-settings' }, t.t('targets.settings', { horizon: years(s.observedWeeks), warmup: years(s.warmupWeeks), fileHorizon: years(base.horizon.value), fileWarmup: years(base.warmup.value) })));
  }
  const table = h('table', { class: 'kpis targets', id: 'targets-table' });
  table.append(h('thead', {}, h('tr', {}, ...['target', 'band', 'mean', 'ci', 'inside', 'source'].map((k) => h('th', { scope: 'col' }, t.t(`targets.col.${k}`))))));
  const body = h('tbody');
  for (const r of rows) {
    const dd = digitsFor(Math.max(Math.abs(r.low), Math.abs(r.high)));
    const unit = t.unit(r.kpi);
    const state = r.context !== undefined ? 'context' : r.inside ? 'inside' : 'outside';
    body.append(
      h(
        'tr',
        { 'data-kpi': r.kpi, 'data-mean': String(r.mean), 'data-inside': String(r.inside), class: state },
        h('th', { scope: 'row' }, `${t.kpi(r.kpi)}${unit ? ` (${unit})` : ''}`),
        h('td', { class: 'n' }, `${t.fmt(r.low, dd)} – ${t.fmt(r.high, dd)}`),
        h('td', { class: 'n' }, t.fmt(r.mean, dd)),
        h('td', { class: 'n' }, r.n > 1 ? `[${t.fmt(r.ciLow, dd)}; ${t.fmt(r.ciHigh, dd)}]` : '–'),
        h('td', {}, t.t(`targets.${state}`), r.context !== undefined ? h('div', { class: 'context' }, t.t('targets.reason'), ' ', `‘${r.context}’`) : null),
        h('td', {}, sourceLong(r.source, t) || r.source),
      ),
    );
  }
  table.append(body);
  section.append(table);
}
