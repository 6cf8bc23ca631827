/**
 * The model's calendar: a simulated year starts on 1 January at t = 0 and has twelve equal
 * months of WEEKS_PER_YEAR / 12 weeks. Seasonality (the summer dip in inflow, staff on holiday in
 * July and August) and the calibration periods of the seeds (January-May and Q3 2019) use it.
 */
import { WEEKS_PER_YEAR } from '../scenario/param.js';

export const MONTH_WEEKS = WEEKS_PER_YEAR / 12;

/** The month (0 = January) of time `t` (weeks). */
export function monthOf(t: number): number {
  const inYear = t - Math.floor(t / WEEKS_PER_YEAR) * WEEKS_PER_YEAR;
  return Math.min(11, Math.floor(inYear / MONTH_WEEKS));
}

/** July or August: the summer holiday. */
export const isSummer = (t: number): boolean => {
  const m = monthOf(t);
  return m === 6 || m === 7;
};

/** The summer holiday within a year: from the start of July to the start of September (weeks). */
export const SUMMER = { from: 6 * MONTH_WEEKS, to: 8 * MONTH_WEEKS } as const;

/** January to May (the seed's first five months of 2019, 000:L1577-1593). */
export const isJanMay = (t: number): boolean => monthOf(t) <= 4;

/** July to September (the seed's Q3 2019, 003:L665-666). */
export const isQ3 = (t: number): boolean => {
  const m = monthOf(t);
  return m >= 6 && m <= 8;
};
