/** The headline view's sentences: generated from the comparison, in one language at a time. */
import { describe, expect, it } from 'vitest';
import { i18n } from '../../web/src/i18n/index.js';
import { clause, headlineSentences, kpiRows } from '../../web/src/views/headline-view.js';
import type { Compared } from '../../web/src/data.js';
import type { SlotView } from '../../web/src/app/host.js';

const S = (mean: number, ciLow: number, ciHigh: number) => ({ mean, ciLow, ciHigh, n: 20, sd: 1 });
// A comparison as the views read it: two points, the second with paired differences.
const c = {
  sums: [
    { point: { scenario: 'a' }, kpis: { wait_intake_weeks: S(7.14, 6.58, 7.7), cost_total_meur: S(36.9, 36.5, 37.2) } },
    { point: { scenario: 'b' }, kpis: { wait_intake_weeks: S(0.89, 0.8, 0.98), cost_total_meur: S(37.7, 37.2, 38.1) }, differences: { wait_intake_weeks: S(-6.26, -6.76, -5.75), cost_total_meur: S(0.79, -0.1, 1.6) } },
  ],
} as unknown as Compared;
const views = [{ label: 'Basis 2019', style: { color: '#777' } }, { label: 'Brede basisteams', style: { color: '#009E73' } }] as unknown as SlotView[];

describe('headline sentences', () => {
  it('say the difference, its interval and the cost in Dutch; an interval over 0 is no clear difference', () => {
    expect(headlineSentences(c, views, 'wait_intake_weeks', i18n('nl'))).toEqual([
      { view: 1, text: 'Met Brede basisteams wachten gezinnen gemiddeld 6,26 weken korter op een eerste gesprek (95%-BI 5,75 tot 6,76); er is geen aantoonbaar verschil in kosten per jaar met Basis 2019 (verschil +0,79, 95%-BI −0,10 tot 1,60).' },
    ]);
  });

  it('and in English', () => {
    expect(headlineSentences(c, views, 'wait_intake_weeks', i18n('en'))[0]!.text).toBe(
      'With Brede basisteams, families wait 6.26 weeks less on average for a first conversation (95% CI 5.75 to 6.76); there is no clear difference in cost per year from Basis 2019 (difference +0.79, 95% CI −0.10 to 1.60).',
    );
  });

  it('a rise in cost is a rise; the clause after the first stands on its own', () => {
    expect(clause('cost_total_meur', S(0.8, 0.5, 1.1), 'Basis', i18n('nl'), false)).toBe('de kosten stijgen met 0,80 M€ per jaar (95%-BI 0,50 tot 1,10)');
    expect(clause('cost_total_meur', S(0.8, 0.5, 1.1), 'Basis', i18n('nl'), true)).toBe('stijgen de kosten met 0,80 M€ per jaar (95%-BI 0,50 tot 1,10)');
  });

  it('the main chart has the reference first, and tones a clear difference by which way is better', () => {
    const rows = kpiRows(c, views, 'wait_intake_weeks', i18n('nl'));
    expect(rows.map((r) => [r.label, r.reference, r.diff?.tone ?? null])).toEqual([
      ['Basis 2019', true, null],
      ['Brede basisteams', false, 'good'],
    ]);
  });
});
