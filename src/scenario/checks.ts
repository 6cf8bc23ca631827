/**
 * Checks across fields: a design needs its own section, and a configuration whose long-run
 * demand exceeds capacity is reported as a warning with the numbers (not a silent endless queue).
 */
import type { Issue } from './schema.js';
import { VINDPLAATSEN, type Scenario } from './types.js';
import { WEEKS_PER_YEAR } from './param.js';

export function checkScenario(s: Scenario, issues: Issue[]): void {
  if (s.design === 'brede-basisteams' && !s.basisteam) {
    issues.push({ path: ['basisteam'], expected: 'a basisteam section (design brede-basisteams)', found: 'nothing', severity: 'error' });
  }
  if (s.design === 'geoptimaliseerd-indicatiemodel' && !s.swt.indicatiesteller) {
    issues.push({ path: ['swt', 'indicatiesteller'], expected: 'an indicatiesteller section (design geoptimaliseerd-indicatiemodel)', found: 'nothing', severity: 'error' });
  }
  if (s.design !== 'geoptimaliseerd-indicatiemodel' && s.swt.indicatiesteller) {
    issues.push({ path: ['swt', 'indicatiesteller'], expected: `no indicatiesteller: design ${s.design} does not use it (design geoptimaliseerd-indicatiemodel does)`, found: 'an indicatiesteller section', severity: 'warning' });
  }
  if (s.design === 'one-stop-shop' && !s.one_stop_shop) {
    issues.push({ path: ['one_stop_shop'], expected: 'a one_stop_shop section (design one-stop-shop)', found: 'nothing', severity: 'error' });
  }
  // Rough offered load at the sociaal wijkteam: every toegang arrival holds a slot for a KTG and
  // an indicatiestelling; Wmo holds its own handling time. Above 1 the queue grows without end.
  if (s.design === 'indicatiemodel' || s.design === 'geoptimaliseerd-indicatiemodel') {
    let toegang = 0;
    for (const v of VINDPLAATSEN) {
      const vp = s.inflow.vindplaatsen[v]!;
      toegang += vp.rate.value * (vp.route.toegang?.value ?? 0);
    }
    // July and August run at (1 - summer_dip) of the rate.
    const season = 1 - s.inflow.summer_dip.value * (9 / 52.18);
    toegang *= season;
    // With an indicatiesteller the wijkteam holds a slot only for the keukentafelgesprek.
    const youthLoad = toegang * (s.swt.ktg.mean.value + (s.swt.indicatiesteller ? 0 : s.swt.indicatiestelling.mean.value));
    const wmoLoad = s.inflow.wmo_rate.value * season * s.swt.wmo_handling.mean.value;
    const check = (field: 'youth_share' | 'staff', load: number, slots: number) => {
      const rho = load / slots;
      if (rho >= 1) {
        issues.push({
          path: ['swt', field],
          expected: 'capacity above the long-run demand (utilisation < 1)',
          found: `an offered load of ${load.toFixed(1)} slots against ${slots.toFixed(0)} slots (utilisation ${rho.toFixed(2)}) before growth: waits will grow without bound`,
          severity: 'warning',
        });
      }
    };
    const slots = s.swt.staff.fte.value * s.swt.staff.caseload_per_fte.value;
    check('youth_share', youthLoad, slots * s.swt.youth_share.value);
    // With patience, applicants leave a long queue, so it cannot grow without bound.
    if (s.swt.wmo_patience === undefined) check('staff', wmoLoad, slots * (1 - s.swt.youth_share.value));
  }
  // An MDO meeting must end before the next begins: its slots x minutes per child within the period.
  const meeting = s.ivh.mdo_slots.value * s.ivh.mdo_minutes_per_case.value;
  if (!(meeting < s.ivh.mdo_period.value)) {
    issues.push({
      path: ['ivh', 'mdo_period'],
      expected: `a period longer than one meeting (mdo_slots x mdo_minutes_per_case = ${+(meeting * 7 * 24).toPrecision(4)} hours)`,
      found: `${+(s.ivh.mdo_period.value * 7 * 24).toPrecision(4)} hours`,
      severity: 'error',
    });
  }
  // The MDO: complex children aged 0-7 on the IVH route that go to the meeting, against its slots.
  let mdoDemand = 0;
  for (const v of VINDPLAATSEN) {
    const vp = s.inflow.vindplaatsen[v]!;
    const young = (vp.age['0-4']?.value ?? 0) + (vp.age['4-7']?.value ?? 0);
    const viaIvh = 1 - (vp.route.gi?.value ?? 0) - (vp.route.medisch_specialist?.value ?? 0);
    mdoDemand += vp.rate.value * WEEKS_PER_YEAR * young * vp.complex_share.value * viaIvh;
  }
  mdoDemand *= s.routing.ivh_compliance.value * (s.ivh.compulsory_mdo ? 1 : s.ivh.mdo_use.value);
  const slotsPerYear = (WEEKS_PER_YEAR / s.ivh.mdo_period.value) * s.ivh.mdo_slots.value;
  if (mdoDemand >= slotsPerYear) {
    issues.push({
      path: ['ivh', 'mdo_period'],
      expected: 'MDO slots above the long-run demand',
      found: `about ${mdoDemand.toFixed(0)} children a year for ${slotsPerYear.toFixed(0)} slots a year: the MDO list will grow without bound`,
      severity: 'warning',
    });
  }
}
