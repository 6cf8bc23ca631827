/**
 * Reports of the analyses: `ketensim explain` (a waterfall per KPI: what the difference comes
 * from) and `ketensim sensitivity` (a tornado per KPI, the robustness of the ranking, and the
 * uncertainty from the assumptions next to the simulation's). One self-contained HTML document each,
 * as report.ts makes of a results folder: inline CSS and SVG, no scripts, deterministic bytes, Dutch
 * by default. Pure: the web app can make the same from the same JSON.
 */
import { kpiLabel } from './kpis.js';
import { CSS, digitsFor, esc, numberFormat, type Lang } from './report.js';
import type { Summary } from './ci.js';

/** The JSON `ketensim explain --json` writes (explanation.json). */
export interface ExplanationJson {
  a: string;
  b: string;
  seed: number | string;
  reps: number;
  method: 'exact' | 'sampled';
  points: number;
  groups: { name: string; paths: string[] }[];
  kpis: Record<string, { total: Summary; contributions: (Summary & { group: string; alone: Summary })[] }>;
}

/** The JSON `ketensim sensitivity --json` writes (sensitivity.json). */
export interface SensitivityJson {
  scenarios: string[];
  seed: number | string;
  reps: number;
  samples: number;
  tornado: Record<string, { path: string; design: string; low: number; high: number; base: number; lowValue: number; highValue: number; range: 'file' | 'default' }[]>;
  screening: Record<string, { path: string; design: string; rho: number; ciLow: number; ciHigh: number }[]>;
  robustness: Record<string, Record<string, number>>;
  flips: Record<string, { path: string; winner: string; lowerHalf: number; upperHalf: number }[]>;
  bands: Record<string, Record<string, { p10: number; p50: number; p90: number }>>;
}

/** The groups of explain.ts for people. */
const GROUPS: Record<string, { nl: string; en: string }> = {
  'design (structure)': { nl: 'het ontwerp zelf', en: 'the design itself' },
  'placement policy': { nl: 'plaatsingsbeleid (getrapt of passend)', en: 'placement policy (stepped or matched)' },
  'toegang staff': { nl: 'formatie van de toegang', en: 'staff of the toegang' },
  'Wmo staff': { nl: 'Wmo-formatie', en: 'Wmo staff' },
  'capacity (staff)': { nl: 'capaciteit (formatie)', en: 'capacity (staff)' },
  'duplicate intake': { nl: 'dubbele intake', en: 'duplicate intake' },
  money: { nl: 'geld', en: 'money' },
  durations: { nl: 'duur van stappen', en: 'durations' },
  inflow: { nl: 'instroom', en: 'inflow' },
  'routes and bypass': { nl: 'routes en omweg via de huisarts', en: 'routes and GP bypass' },
  'IVH and MDO': { nl: 'IVH en MDO', en: 'IVH and MDO' },
  dynamics: { nl: 'dynamiek', en: 'dynamics' },
};
/** A group of explain.ts for people (the web app says the same: test/web/explain-view.test.ts). */
export const groupLabel = (g: string, lang: Lang): string => GROUPS[g]?.[lang] ?? g;

const T = {
  nl: {
    explainTitle: (a: string, b: string) => `Waarom dit verschil? ${b} tegenover ${a}`,
    explainIntro: 'Elke bijdrage is wat een groep keuzes gemiddeld verandert als de groepen in elke volgorde van het ene scenario naar het andere worden gezet (Shapley-waarde). Wat groepen alleen samen doen, delen ze gelijk. De bijdragen tellen op tot het hele verschil.',
    noise: 'Streepjes: 95%-betrouwbaarheidsinterval, de ruis van de simulatie (niet de onzekerheid in aannames).',
    total: 'totaal',
    alone: 'alleen',
    group: 'groep keuzes',
    contribution: 'bijdrage',
    parameters: 'parameters',
    settings: (reps: number, seed: string | number, method: string, points: number) => `${reps} replicaties per scenario, seed ${seed}, dezelfde gezinnen in elk scenario (common random numbers); ${method === 'exact' ? 'elke combinatie van groepen gedraaid' : 'een steekproef van volgordes'} (${points} scenario's).`,
    sensTitle: 'Welke aannames dragen de uitkomsten?',
    sensIntro: (n: number, s: number) => `${n} scenario's, ${s} punten van een Latijns hyperkubus over alle aannames tegelijk, elk met zijn bandbreedte (in het scenariobestand, of standaard de helft tot het dubbele).`,
    first: (design: string, share: string) => `${design} komt in ${share} van de punten als beste uit`,
    flips: (path: string, lo: string, hi: string) => `${path}: ${lo} in de onderste helft van de bandbreedte, ${hi} in de bovenste`,
    flipsIntro: 'Aannames die de volgorde omdraaien (aandeel eerste plaatsen van de koploper):',
    tornado: 'Tornado: één aanname tegelijk op zijn laagste en hoogste waarde, de rest zoals in het bestand',
    atLow: 'laag',
    atHigh: 'hoog',
    bandsTitle: 'Twee soorten onzekerheid',
    bandsIntro: 'Ruis van de simulatie: het 95%-betrouwbaarheidsinterval (ketensim compare). Onzekerheid in aannames: het bereik van het 10e tot 90e percentiel over alle punten hieronder.',
    assumptions: 'onzekerheid in aannames (p10-p90)',
    median: 'mediaan',
    screening: 'Screening: rangcorrelatie van elke aanname met de uitkomst (sterkste eerst)',
    rho: 'rangcorrelatie [95%-BI]',
    design: 'scenario',
  },
  en: {
    explainTitle: (a: string, b: string) => `Why this difference? ${b} against ${a}`,
    explainIntro: 'Each contribution is what a group of choices changes on average when the groups are switched from one scenario to the other in every order (its Shapley value). What groups do only together they share equally. The contributions add up to the whole difference.',
    noise: 'Whiskers: 95% confidence interval, the noise of the simulation (not the uncertainty in the assumptions).',
    total: 'total',
    alone: 'alone',
    group: 'group of choices',
    contribution: 'contribution',
    parameters: 'parameters',
    settings: (reps: number, seed: string | number, method: string, points: number) => `${reps} replications per scenario, seed ${seed}, the same families in every scenario (common random numbers); ${method === 'exact' ? 'every combination of groups run' : 'a sample of orders'} (${points} scenarios).`,
    sensTitle: 'Which assumptions carry the results?',
    sensIntro: (n: number, s: number) => `${n} scenarios, ${s} points of a Latin hypercube over all assumptions at once, each over its range (in the scenario file, or by default half to twice its value).`,
    first: (design: string, share: string) => `${design} ranks first in ${share} of the points`,
    flips: (path: string, lo: string, hi: string) => `${path}: ${lo} in the lower half of its range, ${hi} in the upper half`,
    flipsIntro: 'Assumptions that turn the order around (share of first places of the leader):',
    tornado: 'Tornado: one assumption at a time at its lowest and highest value, the others as in the file',
    atLow: 'low',
    atHigh: 'high',
    bandsTitle: 'Two kinds of uncertainty',
    bandsIntro: 'Noise of the simulation: the 95% confidence interval (ketensim compare). Uncertainty in the assumptions: the range from the 10th to the 90th percentile over all points, below.',
    assumptions: 'uncertainty in assumptions (p10-p90)',
    median: 'median',
    screening: 'Screening: rank correlation of each assumption with the result (strongest first)',
    rho: 'rank correlation [95% CI]',
    design: 'scenario',
  },
} as const;

const kpiText = (k: string, lang: Lang) => {
  const l = kpiLabel(k);
  return l ? `${l[lang]}${l.unit ? ` (${l.unit})` : ''}` : k;
};

const GOOD = '#009E73';
const BAD = '#D55E00';
const NEUTRAL = '#0072B2';

function page(title: string, lang: Lang, body: string[]): string {
  return [
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    ...body,
    '</body></html>\n',
  ].join('\n');
}

/** A colour for a change of a KPI: green when it is better, red when worse, blue when neither. */
function colourOf(kpi: string, delta: number): string {
  const better = kpiLabel(kpi)?.better;
  if (!better || delta === 0) return NEUTRAL;
  return (better === 'lower') === delta < 0 ? GOOD : BAD;
}

/** A waterfall of contributions that add up to the total, each with its 95% interval. */
export function waterfallSvg(kpi: string, x: ExplanationJson['kpis'][string], lang: Lang): string {
  const t = T[lang];
  const rows = [...x.contributions.map((c) => ({ label: groupLabel(c.group, lang), s: c as Summary })), { label: t.total, s: x.total }];
  const W = 640;
  const left = 250;
  const rowH = 30;
  const H = 34 + rowH * rows.length + 20;
  let cum = 0;
  const spans = rows.map((r, i) => {
    if (i === rows.length - 1) return { a: 0, b: r.s.mean };
    const span = { a: cum, b: cum + r.s.mean };
    cum += r.s.mean;
    return span;
  });
  const ends = spans.flatMap((s, i) => [s.a, s.b, s.b - rows[i]!.s.mean + rows[i]!.s.ciLow, s.b - rows[i]!.s.mean + rows[i]!.s.ciHigh]).filter(Number.isFinite);
  const lo = Math.min(0, ...ends);
  const hi = Math.max(0, ...ends);
  const pad = (hi - lo) * 0.05 || 1;
  const X = (v: number) => left + ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (W - left - 70);
  const f = numberFormat(lang, digitsFor(Math.max(Math.abs(lo), Math.abs(hi))));
  const p = [`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(kpiText(kpi, lang))}">`];
  p.push(`<text x="0" y="16" class="t">${esc(kpiText(kpi, lang))}</text>`);
  p.push(`<line x1="${X(0).toFixed(1)}" x2="${X(0).toFixed(1)}" y1="24" y2="${H - 14}" class="grid"/>`);
  rows.forEach((r, i) => {
    const y = 30 + i * rowH;
    const { a, b } = spans[i]!;
    const x0 = Math.min(X(a), X(b));
    const w = Math.max(1, Math.abs(X(b) - X(a)));
    const total = i === rows.length - 1;
    p.push(`<text x="${left - 8}" y="${y + 15}" class="lab" text-anchor="end"${total ? ' font-weight="bold"' : ''}>${esc(r.label)}</text>`);
    p.push(`<rect x="${x0.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 10}" fill="${colourOf(kpi, r.s.mean)}"${total ? '' : ' opacity="0.85"'}/>`);
    if (Number.isFinite(r.s.ciLow) && Number.isFinite(r.s.ciHigh)) {
      const c0 = X(b - r.s.mean + r.s.ciLow);
      const c1 = X(b - r.s.mean + r.s.ciHigh);
      p.push(`<line x1="${c0.toFixed(1)}" x2="${c1.toFixed(1)}" y1="${y + rowH / 2 - 2}" y2="${y + rowH / 2 - 2}" stroke="#333" stroke-width="1.5"/>`);
    }
    if (!total && i < rows.length - 2) p.push(`<line x1="${X(b).toFixed(1)}" x2="${X(b).toFixed(1)}" y1="${y + rowH - 7}" y2="${y + rowH + 3}" stroke="#999" stroke-dasharray="2,2"/>`);
    p.push(`<text x="${W - 4}" y="${y + 15}" class="tick" text-anchor="end">${r.s.mean > 0 ? '+' : ''}${f(r.s.mean)}</text>`);
  });
  p.push('</svg>');
  return p.join('');
}

/** A tornado: each assumption's low and high end as a bar around the base value. */
export function tornadoSvg(kpi: string, rows: SensitivityJson['tornado'][string], lang: Lang): string {
  const t = T[lang];
  if (rows.length === 0) return '';
  const W = 640;
  const left = 280;
  const rowH = 24;
  const H = 40 + rowH * rows.length + 16;
  const vals = rows.flatMap((r) => [r.low, r.high, r.base]).filter(Number.isFinite);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const pad = (hi - lo) * 0.05 || 1;
  const X = (v: number) => left + ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (W - left - 20);
  const f = numberFormat(lang, digitsFor(Math.max(Math.abs(lo), Math.abs(hi))));
  const base = rows[0]!.base;
  const p = [`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(kpiText(kpi, lang))}">`];
  p.push(`<text x="0" y="16" class="t">${esc(kpiText(kpi, lang))} — ${esc(rows[0]!.design)}</text>`);
  p.push(`<text x="${left}" y="32" class="tick"><tspan fill="#0072B2">■</tspan> ${t.atLow}  <tspan fill="#E69F00">■</tspan> ${t.atHigh}</text>`);
  p.push(`<line x1="${X(base).toFixed(1)}" x2="${X(base).toFixed(1)}" y1="36" y2="${H - 14}" stroke="#333"/><text x="${X(base).toFixed(1)}" y="${H - 2}" class="tick" text-anchor="middle">${f(base)}</text>`);
  rows.forEach((r, i) => {
    const y = 40 + i * rowH;
    p.push(`<text x="${left - 8}" y="${y + 13}" class="lab" text-anchor="end">${esc(r.path)}${r.range === 'default' ? ' *' : ''}</text>`);
    // The longer bar first, so the shorter one shows on top of it.
    const bars = ([[r.low, '#0072B2'], [r.high, '#E69F00']] as const).slice().sort((x, y) => Math.abs(y[0] - base) - Math.abs(x[0] - base));
    for (const [v, c] of bars) {
      if (!Number.isFinite(v)) continue;
      const x0 = Math.min(X(base), X(v));
      p.push(`<rect x="${x0.toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(X(v) - X(base))).toFixed(1)}" height="${rowH - 8}" fill="${c}" opacity="0.8"/>`);
    }
  });
  p.push('</svg>');
  return p.join('');
}

/** The report of `ketensim explain`: a waterfall and a table per KPI. */
export function explanationHtml(e: ExplanationJson, lang: Lang = 'nl'): string {
  const t = T[lang];
  const pct = numberFormat(lang, 2);
  const body: string[] = [`<p>${esc(t.explainIntro)}</p>`, `<p class="note">${esc(t.settings(e.reps, e.seed, e.method, e.points))} ${esc(t.noise)}</p>`];
  body.push(`<h2>${esc(t.parameters)}</h2><table><tr><th>${esc(t.group)}</th><th>${esc(t.parameters)}</th></tr>`);
  for (const g of e.groups) body.push(`<tr><td>${esc(groupLabel(g.name, lang))}</td><td>${esc(g.paths.slice(0, 8).join(', '))}${g.paths.length > 8 ? ` … (${g.paths.length})` : ''}</td></tr>`);
  body.push('</table>');
  for (const [k, x] of Object.entries(e.kpis)) {
    body.push(`<h2>${esc(kpiText(k, lang))}</h2><div class="charts">${waterfallSvg(k, x, lang)}</div>`);
    body.push(`<table><tr><th>${esc(t.group)}</th><th>${esc(t.contribution)} [95%]</th><th>${esc(t.alone)} [95%]</th></tr>`);
    for (const c of x.contributions) body.push(`<tr><td>${esc(groupLabel(c.group, lang))}</td><td class="n">${pct(c.mean)} [${pct(c.ciLow)}; ${pct(c.ciHigh)}]</td><td class="n">${pct(c.alone.mean)} [${pct(c.alone.ciLow)}; ${pct(c.alone.ciHigh)}]</td></tr>`);
    body.push(`<tr><th>${esc(t.total)}</th><th class="n">${pct(x.total.mean)} [${pct(x.total.ciLow)}; ${pct(x.total.ciHigh)}]</th><th></th></tr></table>`);
  }
  return page(t.explainTitle(e.a, e.b), lang, body);
}

/** The report of `ketensim sensitivity`: robustness, the two kinds of uncertainty, tornado and screening per KPI. */
export function sensitivityHtml(s: SensitivityJson, lang: Lang = 'nl'): string {
  const t = T[lang];
  const pct = (x: number) => `${numberFormat(lang, 0)(100 * x)}%`;
  const body: string[] = [`<p>${esc(t.sensIntro(s.scenarios.length, s.samples))}</p>`];
  body.push(`<h2>${esc(t.bandsTitle)}</h2><p class="note">${esc(t.bandsIntro)}</p>`);
  const kpis = Object.keys(s.tornado);
  body.push(`<table><tr><th></th>${s.scenarios.map((n) => `<th>${esc(n)}</th>`).join('')}</tr>`);
  for (const k of kpis) {
    const f = numberFormat(lang, digitsFor(s.bands[s.scenarios[0]!]?.[k]?.p50 ?? 0));
    body.push(`<tr><td>${esc(kpiText(k, lang))}</td>${s.scenarios.map((n) => {
      const b = s.bands[n]?.[k];
      return `<td class="n">${b ? `${f(b.p50)} <span class="ci">${esc(t.assumptions)}: ${f(b.p10)}–${f(b.p90)}</span>` : '–'}</td>`;
    }).join('')}</tr>`);
  }
  body.push('</table>');
  for (const k of kpis) {
    body.push(`<h2>${esc(kpiText(k, lang))}</h2>`);
    const r = s.robustness[k];
    if (r) {
      const order = Object.entries(r).sort((a, b) => b[1] - a[1]);
      body.push(`<p><strong>${esc(t.first(order[0]![0], pct(order[0]![1])))}</strong>${order.length > 1 ? ` (${order.slice(1).map(([n, x]) => `${esc(n)} ${pct(x)}`).join(', ')})` : ''}.</p>`);
      const fl = s.flips[k] ?? [];
      if (fl.length > 0) body.push(`<p>${esc(t.flipsIntro)}</p><ul>${fl.slice(0, 3).map((x) => `<li>${esc(t.flips(x.path, pct(x.lowerHalf), pct(x.upperHalf)))}</li>`).join('')}</ul>`);
    }
    // The tornado of the first design's KPI, and of each difference with it.
    const first = s.scenarios[0]!;
    const series = [first, ...s.scenarios.slice(1).map((n) => `${n} - ${first}`)].filter((d) => s.tornado[k]!.some((x) => x.design === d));
    body.push(`<p class="note">${esc(t.tornado)}; * = ${lang === 'nl' ? 'standaardbandbreedte' : 'default range'}.</p><div class="charts">`);
    for (const d of series.slice(0, 4)) body.push(tornadoSvg(k, s.tornado[k]!.filter((x) => x.design === d).slice(0, 10), lang));
    body.push('</div>');
    const f = numberFormat(lang, 2);
    body.push(`<p class="note">${esc(t.screening)}</p><table><tr><th>${esc(t.parameters)}</th><th>${esc(t.design)}</th><th>${esc(t.rho)}</th></tr>`);
    for (const x of (s.screening[k] ?? []).slice(0, 8)) body.push(`<tr><td>${esc(x.path)}</td><td>${esc(x.design)}</td><td class="n">${f(x.rho)} [${f(x.ciLow)}; ${f(x.ciHigh)}]</td></tr>`);
    body.push('</table>');
  }
  return page(t.sensTitle, lang, body);
}
