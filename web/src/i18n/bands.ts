/**
 * Strings of the two kinds of uncertainty (issue 22.3): the 95% CI is the noise of the simulation,
 * the shipped 10-90% range over the sensitivity sample the uncertainty in the assumptions
 * (web/src/bands.ts). Dutch first, English available; kept apart from nl.ts and en.ts (near their
 * length limit) and added to the same tables by index.ts. The English table has every Dutch key.
 */
const nl = {
  'bands.range': 'aannames {lo} – {hi}',
  'bands.report.source': 'vooraf berekend als ketensim sensitivity: {kept} punten waarin alle {assumptions} aannames tegelijk variëren',
  'csv.assumptions_p10': 'aannames_p10',
  'csv.assumptions_p90': 'aannames_p90',
  'bands.range.title': 'Onzekerheid in aannames, p10–p90: het 10e tot 90e percentiel over {kept} punten waarin alle {assumptions} aannames tegelijk variëren',
  'bands.ci.title': 'Ruis van de simulatie: het 95%-betrouwbaarheidsinterval over de replicaties',
  'bands.legend':
    'Twee soorten onzekerheid. 95%-BI: ruis van de simulatie, kleiner met meer replicaties. Aannames: onzekerheid in aannames, p10–p90, het bereik waarin de uitkomst valt als alle {assumptions} aannames tegelijk binnen hun bandbreedte variëren ({kept} punten, vooraf berekend als ketensim sensitivity).',
  'bands.stale': 'Onzekerheid in aannames niet getoond: verouderd, want {changed} veranderde nadat ze werd berekend. Bereken haar opnieuw met npm run bands (enkele minuten) en bouw de app opnieuw.',
  'bands.stale.model': 'de modelversie',
  'bands.changed': 'Onzekerheid in aannames: alleen bij de standaardontwerpen zoals ontworpen (hun bestand zonder wijzigingen), niet bij gewijzigde of andere scenario’s.',
  'bands.equal': 'Onzekerheid in aannames niet getoond: die geldt voor de ontwerpen zoals ontworpen, niet bij gelijk budget of gelijke formatie.',
  'bands.settings': 'Onzekerheid in aannames niet getoond: die is berekend met {warmup} jaar inloop en {horizon} jaar waarneming (de standaard).',
  'info.bands':
    'Aannames p10–p90: de onzekerheid in aannames, iets anders dan de ruis van de simulatie (het 95%-BI). Veel getallen van de nieuwe ontwerpen zijn aannames met een bandbreedte; variëren ze allemaal tegelijk, dan valt de uitkomst in 8 van de 10 gevallen binnen dit bereik. Meer replicaties maken het niet smaller, betere gegevens over de aannames wel. De bandbreedtes zijn niet beperkt tot wat de cijfers van 2019 toelaten: voor de basis is dit bereik daardoor ruimer dan de onzekerheid die na de kalibratie overblijft (ketensim sensitivity --targets). Alleen voor de standaardontwerpen zoals ontworpen.',
};

const en: Record<keyof typeof nl, string> = {
  'bands.range': 'assumptions {lo} – {hi}',
  'bands.report.source': 'computed beforehand as ketensim sensitivity: {kept} points in which all {assumptions} assumptions vary at once',
  'csv.assumptions_p10': 'assumptions_p10',
  'csv.assumptions_p90': 'assumptions_p90',
  'bands.range.title': 'Uncertainty in assumptions, p10–p90: the 10th to 90th percentile over {kept} points in which all {assumptions} assumptions vary at once',
  'bands.ci.title': 'Simulation noise: the 95% confidence interval over the replications',
  'bands.legend':
    'Two kinds of uncertainty. 95% CI: simulation noise, narrower with more replications. Assumptions: uncertainty in assumptions, p10–p90, the range the result falls in when all {assumptions} assumptions vary at once within their ranges ({kept} points, computed beforehand as ketensim sensitivity).',
  'bands.stale': 'Uncertainty in assumptions not shown: out of date, since {changed} changed after it was computed. Compute it again with npm run bands (a few minutes) and build the app again.',
  'bands.stale.model': 'the model version',
  'bands.changed': 'Uncertainty in assumptions: only for the default designs as designed (their files without changes), not for changed or other scenarios.',
  'bands.equal': 'Uncertainty in assumptions not shown: it holds for the designs as designed, not on equal budget or equal staff.',
  'bands.settings': 'Uncertainty in assumptions not shown: it was computed with {warmup} years of warm-up and {horizon} observed years (the default).',
  'info.bands':
    'Assumptions p10–p90: the uncertainty in the assumptions, something else than the simulation noise (the 95% CI). Many numbers of the new designs are assumptions with a range; when they all vary at once, the result falls within this range in 8 out of 10 cases. More replications do not make it narrower; better knowledge of the assumptions does. The ranges are not limited to what the 2019 figures allow: for the baseline this range is therefore wider than the uncertainty left after calibration (ketensim sensitivity --targets). Only for the default designs as designed.',
};

export const bandsStrings = { nl, en };
