/**
 * "Waarom dit verschil?" in the app's words: every group of parameters explain.ts can make has a
 * name in both languages, the same as the HTML report of `ketensim explain` gives it; the strings
 * of the panel exist in both languages.
 */
import { describe, expect, it } from 'vitest';
import { GROUP_NAMES, kindOf } from '../../src/experiment/explain.js';
import { groupLabel } from '../../src/experiment/report-analysis.js';
import { analysisStrings } from '../../web/src/i18n/analysis.js';
import { i18n } from '../../web/src/i18n/index.js';
import { groupId, groupText } from '../../web/src/views/explain-view.js';

/** A path of each kind kindOf knows (its fallback, a section's name, aside). */
const KIND_PATHS = ['provider_intake_repeats_ktg', 'swt.placement', 'swt.staff.fte', 'care.1.tariff', 'care.1.duration.mean', 'inflow.growth_per_year', 'routing.bypass.threshold', 'ivh.mdo.fte_x', 'dynamics.deterioration_per_week'];

describe('the groups of an explanation, for people', () => {
  it('every group has a Dutch and an English name, the one the report uses', () => {
    // The placement policy is both a design-spanning group and a kind.
    const groups = [...new Set([...Object.values(GROUP_NAMES), ...KIND_PATHS.map(kindOf)])];
    expect(groups).toHaveLength(12);
    for (const lang of ['nl', 'en'] as const) {
      const t = i18n(lang);
      for (const g of groups) {
        expect(analysisStrings[lang], `${lang} ${g}`).toHaveProperty(`explain.group.${groupId(g)}`);
        expect(groupText(t, g), `${lang} ${g}`).toBe(groupLabel(g, lang));
      }
    }
    expect(groupText(i18n('nl'), 'design (structure)')).toBe('het ontwerp zelf');
  });

  it('a group named after a section (kindOf\'s fallback) reads as that section', () => {
    expect(groupText(i18n('nl'), 'care')).toBe('Zorg');
    expect(groupText(i18n('en'), 'care')).toBe('Care');
  });

  it('every string of the panel is in both languages', () => {
    expect(Object.keys(analysisStrings.en).sort()).toEqual(Object.keys(analysisStrings.nl).sort());
    expect(i18n('en').t('explain.button')).toBe('Why this difference?');
    expect(i18n('nl').t('explain.button')).toBe('Waarom dit verschil?');
  });
});
