/**
 * Two kinds of uncertainty, shown apart (issue 22.3): next to the 95% CI of a result (the noise of
 * the simulation) the uncertainty in the assumptions, the 10-90% range of the KPI over the
 * sensitivity sample. A browser cannot run that sample at a round table, so the app ships it for
 * the default comparison (web/src/data/assumption-bands.json, `npm run bands`) and shows it only
 * where it holds: the default designs as loaded (no lever changes), as designed, at the horizon it
 * was computed for; and only while its fingerprint matches the model and the scenario files.
 */
import { bandsStatus, type AssumptionBand, type AssumptionBandsFile, type BandsStatus } from '../../src/experiment/assumption-bands.js';
import { MODEL_VERSION } from '../../src/model/model.js';
import { WEEKS_PER_YEAR } from '../../src/scenario/param.js';
import shipped from './data/assumption-bands.json' with { type: 'json' };
import { h } from './dom.js';
import { digitsFor, type I18n } from './i18n/index.js';
import { FILES } from './scenarios.js';
import type { AppState } from './state.js';

export const SHIPPED_BANDS = shipped as AssumptionBandsFile;

let shippedStatus: BandsStatus | null = null;

/** Does the shipped file still hold for the model and the scenario files as they are (checked once)? */
export function shippedBandsStatus(): BandsStatus {
  return (shippedStatus ??= bandsStatus(SHIPPED_BANDS, MODEL_VERSION, (p) => FILES[p]));
}

/** Why some or all views show no band: out of date, a changed or other scenario, equal budget/staff, other horizon. */
export type BandsNote = { kind: 'stale'; changed: string[]; model: boolean } | { kind: 'changed' } | { kind: 'equal' } | { kind: 'settings' } | null;

export interface ShownBands {
  /** Per view: the band of each KPI, or null. */
  bands: (Record<string, AssumptionBand> | null)[];
  note: BandsNote;
  file: AssumptionBandsFile;
}

/**
 * The bands to show for the views of a comparison (a view's `slot` is its state.slots index, null
 * for the untouched reference of a changed baseline).
 */
export function bandsFor(state: AppState, views: readonly { slot: number | null }[], file: AssumptionBandsFile = SHIPPED_BANDS, status: BandsStatus = shippedBandsStatus()): ShownBands {
  const none = (note: BandsNote): ShownBands => ({ bands: views.map(() => null), note, file });
  if (!status.fresh) return none({ kind: 'stale', changed: status.changed, model: status.model });
  const close = (years: number, weeks: number) => Math.abs(years * WEEKS_PER_YEAR - weeks) < 1e-6;
  if (!close(state.settings.horizonYears, file.horizonWeeks) || !close(state.settings.warmupYears, file.warmupWeeks)) return none({ kind: 'settings' });
  if (state.settings.equal !== 'designed') return none({ kind: 'equal' });
  let other = false;
  const bands = views.map((v) => {
    const slot = v.slot === null ? { file: state.slots[0]!.file, overrides: {} } : state.slots[v.slot];
    const design = slot && Object.keys(slot.overrides).length === 0 ? file.designs.find((d) => d.file === slot.file) : undefined;
    const band = design ? file.bands[design.name] : undefined;
    if (!band) other = true;
    return band ?? null;
  });
  return { bands, note: other ? { kind: 'changed' } : null, file };
}

/** The range of a KPI's band as shown next to its CI (visibly another kind: see style.css .band). */
export function bandRange(t: I18n, shown: ShownBands, band: AssumptionBand, digits = digitsFor(band.p50), tag: 'span' | 'div' = 'span'): HTMLElement {
  return h(
    tag,
    { class: 'band', 'data-p10': String(band.p10), 'data-p90': String(band.p90), title: t.t('bands.range.title', { kept: shown.file.kept, assumptions: shown.file.assumptions }) },
    t.t('bands.range', { lo: t.fmt(band.p10, digits), hi: t.fmt(band.p90, digits) }),
  );
}

/** The line under the cards and the table: what the two ranges are, or why there is no band. */
export function bandsLegend(t: I18n, shown: ShownBands): HTMLElement | null {
  const n = shown.note;
  const legend = shown.bands.some((b) => b !== null) ? t.t('bands.legend', { kept: shown.file.kept, assumptions: shown.file.assumptions }) : '';
  const why =
    n === null
      ? ''
      : n.kind === 'stale'
        ? t.t('bands.stale', { changed: [...(n.model ? [t.t('bands.stale.model')] : []), ...n.changed].join(', ') })
        : n.kind === 'settings'
          ? t.t('bands.settings', { warmup: t.fmt(shown.file.warmupWeeks / WEEKS_PER_YEAR, 0), horizon: t.fmt(shown.file.horizonWeeks / WEEKS_PER_YEAR, 0) })
          : t.t(`bands.${n.kind}`);
  if (!legend && !why) return null;
  return h('p', { class: `bands-note${n?.kind === 'stale' ? ' stale' : ''}`, 'data-bands': n?.kind ?? 'shown' }, [legend, why].filter(Boolean).join(' '));
}
