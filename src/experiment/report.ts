/**
 * A self-contained HTML report of a result set: run settings, the comparison table with 95% CIs
 * and paired differences, charts as inline SVG (no scripts, no network), flows, and the list of
 * assumptions. Printable to PDF (A4 landscape). Deterministic: the same results give the same
 * bytes. Dutch by default (the round tables are Dutch), English with lang 'en'.
 */
import { HEADLINE_KPIS, kpiName, seriesLabel, kpiSelected } from './kpis.js';
import { flowSummaries, seriesBands, summarisePoints, type Manifest, type PointSummary, type RunRecord, type SeriesBand } from './results.js';
import type { Summary } from './ci.js';

export type Lang = 'nl' | 'en';

/** Okabe-Ito: distinguishable with the common forms of colour blindness. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const T = {
  nl: {
    title: 'ketensim-rapport',
    settings: 'Instellingen van de run',
    kind: { run: 'run', compare: 'vergelijking', sweep: 'sweep' },
    model: 'Modelversie',
    seed: 'Seed',
    reps: 'Replicaties per scenario',
    warmup: 'Inloopperiode',
    observed: 'Waargenomen periode',
    weeks: 'weken',
    points: 'Punten',
    crn: 'Alle scenario\'s zien dezelfde gezinnen (common random numbers); verschillen zijn gepaard per replicatie.',
    table: 'Uitkomsten',
    staff: 'Formatie, geld en bezetting',
    staffNote: 'FTE per team volgens het scenario; kosten per jaar per post (formatie x kosten per FTE, p x q, lumpsum); bezetting: deel van de tijd dat het team bezet is.',
    ci: 'gemiddelde [95%-betrouwbaarheidsinterval]',
    bandLabel: 'aannames',
    bandNote: (from: string) => `[..]: 95%-betrouwbaarheidsinterval, de ruis van de simulatie. Aannames p10–p90: de spreiding van het gemiddelde over de steekproef van de gevoeligheidsanalyse (${from}), de onzekerheid in de aannames.`,
    diff: 'verschil met',
    kpi: 'Indicator',
    charts: 'Grafieken',
    series: 'In de keten en wachtrijen door de tijd (mediaan, band p10–p90; grijs: inloopperiode)',
    flows: 'Stromen (casussen per jaar, gemiddelde)',
    from: 'van',
    to: 'naar',
    assumptions: 'Aannames',
    assumptionsIntro: (n: number, a: number) => `${n} parameters, waarvan ${a} een aanname zijn (geen bron in de brondocumenten). Hieronder de aannames; de overige hebben een bron (document en regel).`,
    parameter: 'Parameter',
    value: 'Waarde',
    unit: 'Eenheid',
    source: 'Bron',
    proposal: 'Het geoptimaliseerde indicatiemodel, brede basisteams en de one-stop-shop zijn voorstellen: hun uitkomsten volgen uit de aannames van het model, het zijn geen waarnemingen.',
    sweepTable: 'Punten van de sweep',
    week: 'week',
  },
  en: {
    title: 'ketensim report',
    settings: 'Run settings',
    kind: { run: 'run', compare: 'comparison', sweep: 'sweep' },
    model: 'Model version',
    seed: 'Seed',
    reps: 'Replications per scenario',
    warmup: 'Warm-up',
    observed: 'Observed period',
    weeks: 'weeks',
    points: 'Points',
    crn: 'All scenarios see the same families (common random numbers); differences are paired by replication.',
    table: 'Results',
    staff: 'Staff, money and how busy',
    staffNote: 'FTE per team as the scenario plans them; cost a year by post (FTE x cost per FTE, p x q, lump sum); utilisation: share of the time the team is busy.',
    ci: 'mean [95% confidence interval]',
    bandLabel: 'assumptions',
    bandNote: (from: string) => `[..]: 95% confidence interval, the noise of the simulation. Assumptions p10–p90: the range of the mean over the sample of the sensitivity analysis (${from}), the uncertainty in the assumptions.`,
    diff: 'difference with',
    kpi: 'Indicator',
    charts: 'Charts',
    series: 'In the chain and queues over time (median, band p10–p90; grey: warm-up)',
    flows: 'Flows (casussen per year, mean)',
    from: 'from',
    to: 'to',
    assumptions: 'Assumptions',
    assumptionsIntro: (n: number, a: number) => `${n} parameters, of which ${a} are assumptions (no source in the source documents). The assumptions are listed below; the others cite a document and line.`,
    parameter: 'Parameter',
    value: 'Value',
    unit: 'Unit',
    source: 'Source',
    proposal: 'The optimised indicatiemodel, brede basisteams and the one-stop-shop are proposals: their results follow from the model\'s assumptions, they are not observations.',
    sweepTable: 'Sweep points',
    week: 'week',
  },
} as const;

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function numberFormat(lang: Lang, digits: number) {
  const f = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  // A value that rounds to zero shows no sign (the report is also made in the browser, where
  // older engines lack signDisplay 'negative').
  const noNegativeZero = (s: string) => (/^-0([.,]0*)?$/.test(s) ? s.slice(1) : s);
  return (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : noNegativeZero(f.format(x)));
}

/** A swept value as written: whole numbers without decimals, others with up to 4 significant digits. */
function paramFormat(lang: Lang) {
  const f = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumSignificantDigits: 4 });
  return (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : f.format(x));
}

/** Digits that suit a value's size: 2 below 10, 1 below 100, 0 above. */
export const digitsFor = (x: number) => (Math.abs(x) < 10 ? 2 : Math.abs(x) < 100 ? 1 : 0);

/** A KPI for people, families included (utilisation.swt_wmo, fte.basisteam, cost_by_type.care.verblijf, ...). */
function label(kpi: string, lang: Lang): string {
  const l = kpiName(kpi, lang);
  return `${l.text}${l.unit ? ` (${l.unit})` : ''}`;
}

function cell(s: Summary | undefined, lang: Lang): string {
  if (!s || s.n === 0) return '–';
  const f = numberFormat(lang, digitsFor(s.mean));
  return s.n > 1 ? `${f(s.mean)} <span class="ci">[${f(s.ciLow)}; ${f(s.ciHigh)}]</span>` : f(s.mean);
}

/** The uncertainty from the assumptions: the 10-90% range over the sensitivity sample (ketensim compare --assumptions). */
export interface AssumptionBands {
  /** The sensitivity folder the ranges come from, as given. */
  source: string;
  /** Per scenario name and KPI. */
  bands: Record<string, Record<string, { p10: number; p90: number }>>;
}

/** The file `compare --assumptions DIR --out OUT` writes next to the results, for `ketensim report`. */
export const ASSUMPTION_BANDS_FILE = 'assumption-bands.json';

/**
 * What is wrong with `x` as AssumptionBands['bands'] (scenario -> KPI -> { p10, p90 }, numbers or
 * null): the first place that is not so, or null when it has that shape.
 */
export function bandsShapeProblem(x: unknown): string | null {
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const num = (v: unknown) => typeof v === 'number' || v === null;
  if (!obj(x)) return `bands: expected a mapping of scenarios, found ${Array.isArray(x) ? 'a list' : x === undefined ? 'nothing' : typeof x}`;
  for (const [scenario, kpis] of Object.entries(x)) {
    if (!obj(kpis)) return `bands.${scenario}: expected a mapping of KPIs, found ${Array.isArray(kpis) ? 'a list' : typeof kpis}`;
    for (const [kpi, b] of Object.entries(kpis)) {
      if (!obj(b)) return `bands.${scenario}.${kpi}: expected { p10, p90 }, found ${Array.isArray(b) ? 'a list' : typeof b}`;
      for (const q of ['p10', 'p90'] as const) if (!num(b[q])) return `bands.${scenario}.${kpi}.${q}: expected a number, found ${b[q] === undefined ? 'nothing' : JSON.stringify(b[q])}`;
    }
  }
  return null;
}

/** The range with as many decimals as the mean it stands under (as the web app's cards). */
function bandCell(b: { p10: number; p90: number } | undefined, mean: number | undefined, lang: Lang): string {
  if (!b || typeof b.p10 !== 'number' || typeof b.p90 !== 'number' || !Number.isFinite(b.p10) || !Number.isFinite(b.p90)) return '';
  const f = numberFormat(lang, digitsFor(mean ?? b.p10));
  return `<div class="band">${T[lang].bandLabel} ${f(b.p10)} – ${f(b.p90)}</div>`;
}

function diffCell(d: Summary | undefined, lang: Lang): string {
  if (!d || d.n < 2) return '';
  const f = numberFormat(lang, digitsFor(d.mean));
  const sig = d.ciLow > 0 || d.ciHigh < 0;
  return `<div class="diff${sig ? ' sig' : ''}">Δ ${d.mean >= 0 ? '+' : ''}${f(d.mean)} <span class="ci">[${f(d.ciLow)}; ${f(d.ciHigh)}]</span></div>`;
}

/** Scale [d0, d1] to [r0, r1]. */
const scale = (d0: number, d1: number, r0: number, r1: number) => (x: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((x - d0) / (d1 - d0)) * (r1 - r0));

function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** Dots with 95% CI whiskers, one row per scenario, for one KPI. */
function ciChart(kpi: string, sums: readonly PointSummary[], lang: Lang, names: readonly string[]): string {
  const W = 420;
  const rowH = 26;
  const left = 180;
  const H = 30 + rowH * sums.length;
  const vals = sums.flatMap((s) => {
    const k = s.kpis[kpi];
    return k && k.n > 0 ? [k.mean, k.n > 1 ? k.ciLow : k.mean, k.n > 1 ? k.ciHigh : k.mean] : [];
  });
  if (vals.length === 0) return '';
  const lo = Math.min(0, ...vals);
  const hi = Math.max(...vals) * 1.05 || 1;
  const x = scale(lo, hi, left, W - 12);
  const f = numberFormat(lang, digitsFor(hi));
  const ticks = niceTicks(lo, hi);
  const parts = [`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label(kpi, lang))}">`];
  parts.push(`<text x="0" y="14" class="t">${esc(label(kpi, lang))}</text>`);
  for (const t of ticks) parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="20" y2="${H - 12}" class="grid"/><text x="${x(t).toFixed(1)}" y="${H - 1}" class="tick" text-anchor="middle">${f(t)}</text>`);
  sums.forEach((s, i) => {
    const k = s.kpis[kpi];
    const y = 32 + i * rowH;
    const c = PALETTE[i % PALETTE.length]!;
    const name = names[i]!;
    parts.push(`<text x="${left - 8}" y="${y + 4}" class="lab" text-anchor="end">${esc(name.length > 30 ? name.slice(0, 29) + '…' : name)}</text>`);
    if (!k || k.n === 0) return;
    if (k.n > 1) parts.push(`<line x1="${x(k.ciLow).toFixed(1)}" x2="${x(k.ciHigh).toFixed(1)}" y1="${y}" y2="${y}" stroke="${c}" stroke-width="3"/>`);
    parts.push(`<circle cx="${x(k.mean).toFixed(1)}" cy="${y}" r="5" fill="${c}"/>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * What the report calls each point: the scenario's title where the file gives one that no other
 * point shares (a variant that extends the baseline without a title of its own inherits the
 * baseline's), else its name; a sweep point also gets its number.
 */
function pointNamer(m: Manifest): (p: Manifest['points'][number]) => string {
  const titleOf = (p: Manifest['points'][number]) => m.bases[p.base]?.title || '';
  const titles = m.points.map(titleOf);
  return (p) => {
    const t = titleOf(p);
    const unique = t !== '' && titles.filter((x) => x === t).length === 1;
    return (unique ? t : p.scenario) + (Object.keys(p.params).length > 0 ? ` #${p.id}` : '');
  };
}

/** A time series per point: median line and p10–p90 band, warm-up shaded. */
function seriesChart(name: string, bands: readonly SeriesBand[], m: Manifest, lang: Lang): string {
  const mine = bands.filter((b) => b.series === name);
  if (mine.length === 0) return '';
  const W = 420;
  const H = 220;
  const pad = { l: 44, r: 10, t: 22, b: 26 };
  const tMax = Math.max(...mine.map((b) => b.t.at(-1)!));
  const yMax = Math.max(1, ...mine.flatMap((b) => b.p90));
  const x = scale(0, tMax, pad.l, W - pad.r);
  const y = scale(0, yMax * 1.05, H - pad.b, pad.t);
  const f = numberFormat(lang, digitsFor(yMax));
  const title = seriesLabel(name, lang);
  const parts = [`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`, `<text x="0" y="14" class="t">${esc(title)}</text>`];
  const warm = m.points[mine[0]!.point]!.warmupWeeks;
  if (warm > 0) parts.push(`<rect x="${pad.l}" y="${pad.t}" width="${(x(warm) - pad.l).toFixed(1)}" height="${H - pad.b - pad.t}" class="warm"/>`);
  for (const t of niceTicks(0, yMax * 1.05, 4)) parts.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${pad.l - 4}" y="${(y(t) + 3).toFixed(1)}" class="tick" text-anchor="end">${f(t)}</text>`);
  for (const t of niceTicks(0, tMax, 5)) parts.push(`<text x="${x(t).toFixed(1)}" y="${H - 8}" class="tick" text-anchor="middle">${numberFormat(lang, 0)(t)}</text>`);
  parts.push(`<text x="${W - pad.r}" y="${H - 8}" class="tick" text-anchor="end" dy="8">${T[lang].week}</text>`);
  mine.forEach((b) => {
    const c = PALETTE[b.point % PALETTE.length]!;
    const up = b.t.map((t, i) => `${x(t).toFixed(1)},${y(b.p90[i]!).toFixed(1)}`);
    const down = b.t.map((t, i) => `${x(t).toFixed(1)},${y(b.p10[i]!).toFixed(1)}`).reverse();
    parts.push(`<polygon points="${[...up, ...down].join(' ')}" fill="${c}" fill-opacity="0.18" stroke="none"/>`);
    parts.push(`<polyline points="${b.t.map((t, i) => `${x(t).toFixed(1)},${y(b.p50[i]!).toFixed(1)}`).join(' ')}" fill="none" stroke="${c}" stroke-width="2"/>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A KPI against one swept parameter: mean with its 95% CI band, one line per base scenario. */
function sweepLine(kpi: string, param: string, sums: readonly PointSummary[], lang: Lang): string {
  const W = 420;
  const H = 220;
  const pad = { l: 48, r: 10, t: 22, b: 30 };
  const pts = sums.filter((s) => s.kpis[kpi] && s.kpis[kpi]!.n > 0);
  if (pts.length === 0) return '';
  const xs = pts.map((s) => s.point.params[param]!);
  const ys = pts.flatMap((s) => [s.kpis[kpi]!.ciLow, s.kpis[kpi]!.ciHigh, s.kpis[kpi]!.mean]).filter(Number.isFinite);
  const x = scale(Math.min(...xs), Math.max(...xs), pad.l, W - pad.r);
  const yLo = Math.min(0, ...ys);
  const yHi = Math.max(...ys) * 1.05 || 1;
  const y = scale(yLo, yHi, H - pad.b, pad.t);
  const fy = numberFormat(lang, digitsFor(yHi));
  const fx = paramFormat(lang);
  const parts = [`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label(kpi, lang))}">`, `<text x="0" y="14" class="t">${esc(label(kpi, lang))}</text>`];
  for (const t of niceTicks(yLo, yHi, 4)) parts.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${pad.l - 4}" y="${(y(t) + 3).toFixed(1)}" class="tick" text-anchor="end">${fy(t)}</text>`);
  for (const v of [...new Set(xs)].sort((a, b) => a - b)) parts.push(`<text x="${x(v).toFixed(1)}" y="${H - 14}" class="tick" text-anchor="middle">${fx(v)}</text>`);
  parts.push(`<text x="${W - pad.r}" y="${H - 1}" class="tick" text-anchor="end">${esc(param)}</text>`);
  const bases = [...new Set(pts.map((s) => s.point.base))];
  for (const b of bases) {
    const line = pts.filter((s) => s.point.base === b).sort((p, q) => p.point.params[param]! - q.point.params[param]!);
    const c = PALETTE[b % PALETTE.length]!;
    const up = line.map((s) => `${x(s.point.params[param]!).toFixed(1)},${y(s.kpis[kpi]!.n > 1 ? s.kpis[kpi]!.ciHigh : s.kpis[kpi]!.mean).toFixed(1)}`);
    const down = line.map((s) => `${x(s.point.params[param]!).toFixed(1)},${y(s.kpis[kpi]!.n > 1 ? s.kpis[kpi]!.ciLow : s.kpis[kpi]!.mean).toFixed(1)}`).reverse();
    parts.push(`<polygon points="${[...up, ...down].join(' ')}" fill="${c}" fill-opacity="0.18"/>`);
    parts.push(`<polyline points="${line.map((s) => `${x(s.point.params[param]!).toFixed(1)},${y(s.kpis[kpi]!.mean).toFixed(1)}`).join(' ')}" fill="none" stroke="${c}" stroke-width="2"/>`);
    for (const s of line) parts.push(`<circle cx="${x(s.point.params[param]!).toFixed(1)}" cy="${y(s.kpis[kpi]!.mean).toFixed(1)}" r="3" fill="${c}"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A heatmap of a KPI's mean over two swept parameters (one base scenario). */
function heatmap(kpi: string, px: string, py: string, sums: readonly PointSummary[], lang: Lang): string {
  const pts = sums.filter((s) => s.point.base === 0 && s.kpis[kpi] && s.kpis[kpi]!.n > 0);
  const xv = [...new Set(pts.map((s) => s.point.params[px]!))].sort((a, b) => a - b);
  const yv = [...new Set(pts.map((s) => s.point.params[py]!))].sort((a, b) => a - b);
  if (xv.length < 2 || yv.length < 2 || xv.length * yv.length !== pts.length) return '';
  const cw = Math.min(70, 360 / xv.length);
  const ch = Math.min(36, 220 / yv.length);
  const left = 70;
  const W = left + cw * xv.length + 10;
  const H = 30 + ch * yv.length + 34;
  const means = pts.map((s) => s.kpis[kpi]!.mean);
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  // Sequential blue scale from light to dark (colour-blind safe, prints in grey).
  const colour = (v: number) => {
    const u = hi === lo ? 0.5 : (v - lo) / (hi - lo);
    const mix = (a: number, b: number) => Math.round(a + (b - a) * u);
    return `rgb(${mix(239, 8)},${mix(243, 48)},${mix(255, 107)})`;
  };
  const f = numberFormat(lang, digitsFor(hi));
  const fx = paramFormat(lang);
  const fyy = paramFormat(lang);
  const parts = [`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label(kpi, lang))}">`, `<text x="0" y="14" class="t">${esc(label(kpi, lang))}</text>`];
  for (const s of pts) {
    const i = xv.indexOf(s.point.params[px]!);
    const j = yv.length - 1 - yv.indexOf(s.point.params[py]!);
    const v = s.kpis[kpi]!.mean;
    const u = hi === lo ? 0.5 : (v - lo) / (hi - lo);
    parts.push(`<rect x="${(left + i * cw).toFixed(1)}" y="${(24 + j * ch).toFixed(1)}" width="${cw.toFixed(1)}" height="${ch.toFixed(1)}" fill="${colour(v)}"/>`);
    parts.push(`<text x="${(left + (i + 0.5) * cw).toFixed(1)}" y="${(24 + (j + 0.5) * ch + 4).toFixed(1)}" class="tick" text-anchor="middle" style="fill:${u > 0.5 ? '#fff' : '#000'}">${f(v)}</text>`);
  }
  xv.forEach((v, i) => parts.push(`<text x="${(left + (i + 0.5) * cw).toFixed(1)}" y="${24 + ch * yv.length + 14}" class="tick" text-anchor="middle">${fx(v)}</text>`));
  yv.forEach((v, j) => parts.push(`<text x="${left - 4}" y="${(24 + (yv.length - 1 - j + 0.5) * ch + 4).toFixed(1)}" class="tick" text-anchor="end">${fyy(v)}</text>`));
  parts.push(`<text x="${W - 10}" y="${H - 2}" class="tick" text-anchor="end">${esc(px)} →</text><text x="0" y="${H - 2}" class="tick">${esc(py)} ↑</text>`);
  parts.push('</svg>');
  return parts.join('');
}

export const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:2rem auto;max-width:1180px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.ci{color:#555;font-size:.85em}
.diff{font-size:.85em;color:#555}.diff.sig{color:#000;font-weight:600}.note{color:#444;font-size:.9em}.band{font-size:.85em;color:#8a5a00;font-style:italic}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{background:#fff}.chart .t{font-size:12px;font-weight:600}
.chart .tick,.chart .lab{font-size:10px;fill:#333}.chart .grid{stroke:#e6e6e6}.chart .warm{fill:#000;fill-opacity:.06}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:12px;height:12px;margin-right:.3rem;vertical-align:-1px}
.aanname{background:#fff4d6}.wide{overflow-x:auto}th{font-weight:600}
@media print{@page{size:A4 landscape;margin:12mm}body{margin:0;max-width:none;font-size:11px}.wide{overflow:visible}h2{break-after:avoid}.charts,table{break-inside:avoid}}
`;

/** A section a caller adds after the settings (the web app: how the designs were compared, the lever changes). */
export interface ReportSection {
  title: string;
  paragraphs?: string[];
  table?: { head: string[]; rows: string[][] };
}

/** How the assumptions table names a parameter, its unit and its source (the web app: in its language). */
export interface ReportWords {
  param(path: string): string;
  unit(unit: string): string;
  source(source: string): string;
}

/**
 * The report as one HTML document (inline CSS and SVG, no scripts, no external resources).
 * `extra` sections (plain text, escaped here) follow the settings; `title` replaces the heading.
 */
export function reportHtml(m: Manifest, runs: readonly RunRecord[], lang: Lang = 'nl', extra: { title?: string; sections?: readonly ReportSection[]; words?: ReportWords; assumptions?: AssumptionBands } = {}): string {
  const t = T[lang];
  const sums = summarisePoints(m, runs);
  const nf = numberFormat(lang, 0);
  const html: string[] = [];
  const title = extra.title ?? `${t.title}: ${t.kind[m.kind]} ${m.name}`;
  html.push(
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title><style>${CSS}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
  );
  const titleOf = pointNamer(m);
  const legend = sums.length <= PALETTE.length && m.kind !== 'sweep' ? `<p class="legend">${sums.map((s, i) => `<span><i style="background:${PALETTE[i]}"></i>${esc(titleOf(s.point))}</span>`).join('')}</p>` : '';
  // Settings
  const p0 = m.points[0]!;
  const sameWeeks = m.points.every((p) => p.warmupWeeks === p0.warmupWeeks && p.observedWeeks === p0.observedWeeks);
  html.push(`<h2>${t.settings}</h2><table>`);
  const row = (k: string, v: string) => html.push(`<tr><th>${k}</th><td>${v}</td></tr>`);
  row(t.model, esc(m.modelVersion));
  row(t.seed, esc(String(m.seed)));
  row(t.reps, String(m.reps));
  if (sameWeeks) {
    row(t.warmup, `${numberFormat(lang, 1)(p0.warmupWeeks)} ${t.weeks}`);
    row(t.observed, `${numberFormat(lang, 1)(p0.observedWeeks)} ${t.weeks}`);
  }
  row(t.points, String(m.points.length));
  row(lang === 'nl' ? 'Scenario’s' : 'Scenarios', m.bases.map((b) => `${esc(b.name)} <span class="note">(${esc(b.title)}; ${esc(b.file)})</span>`).join('<br>'));
  html.push('</table>', `<p class="note">${t.crn}</p>`);
  for (const sec of extra.sections ?? []) {
    html.push(`<h2>${esc(sec.title)}</h2>`, ...(sec.paragraphs ?? []).map((p) => `<p>${esc(p)}</p>`));
    if (sec.table) html.push(`<table><tr>${sec.table.head.map((x) => `<th>${esc(x)}</th>`).join('')}</tr>`, ...sec.table.rows.map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`), '</table>');
  }
  // The KPIs kept (families such as utilisation.* expanded to their members), else the headline ones.
  const present = [...new Set(sums.flatMap((s) => Object.keys(s.kpis)))];
  const shown = m.kpis === null ? HEADLINE_KPIS.filter((k) => present.includes(k)) : m.kpis.flatMap((sel) => present.filter((k) => kpiSelected([sel], k)).sort());
  if (m.kind !== 'sweep') {
    // Comparison table
    const ref = m.reference === null ? null : titleOf(m.points[m.reference]!);
    // Next to the simulation's CI, the assumptions' range where the folder has one (labelled apart).
    const bands = extra.assumptions;
    const kpiCell = (s: PointSummary, k: string) => `<td class="n">${cell(s.kpis[k], lang)}${bandCell(bands?.bands[s.point.scenario]?.[k], s.kpis[k]?.mean, lang)}${diffCell(s.differences?.[k], lang)}</td>`;
    html.push(`<h2>${t.table}</h2><p class="note">${t.ci}${ref ? `; Δ: ${t.diff} ${esc(ref)} [95%]` : ''}</p>${bands ? `<p class="note">${esc(t.bandNote(bands.source))}</p>` : ''}<table><tr><th>${t.kpi}</th>${sums.map((s) => `<th>${esc(titleOf(s.point))}</th>`).join('')}</tr>`);
    for (const k of shown) html.push(`<tr><td>${esc(label(k, lang))}</td>${sums.map((s) => kpiCell(s, k)).join('')}</tr>`);
    html.push('</table>');
    // Staff, money and how busy, next to the KPIs (BRIEF 2a): what a comparison holds equal or not.
    const family = (f: string) => present.filter((k) => k.startsWith(f)).sort();
    const staffRows = ['fte_access_total', ...family('fte.'), 'cost_total_meur', ...family('cost_by_type.'), 'cost_wmo_meur', ...family('utilisation.')].filter((k) => present.includes(k));
    if (staffRows.length > 0 && (m.kpis === null || staffRows.some((k) => shown.includes(k)))) {
      html.push(`<h2>${t.staff}</h2><p class="note">${t.staffNote}</p><table><tr><th>${t.kpi}</th>${sums.map((s) => `<th>${esc(titleOf(s.point))}</th>`).join('')}</tr>`);
      for (const k of staffRows) html.push(`<tr><td>${esc(label(k, lang))}</td>${sums.map((s) => kpiCell(s, k)).join('')}</tr>`);
      html.push('</table>');
    }
    if (m.bases.some((b) => b.design !== 'indicatiemodel')) html.push(`<p class="note">${t.proposal}</p>`);
    html.push(`<h2>${t.charts}</h2>${legend}<div class="charts">${shown.slice(0, 8).map((k) => ciChart(k, sums, lang, sums.map((s) => titleOf(s.point)))).join('')}</div>`);
  } else {
    html.push(`<h2>${t.charts}</h2>`);
    const charts: string[] = [];
    if (m.parameters.length === 1) for (const k of shown.slice(0, 6)) charts.push(sweepLine(k, m.parameters[0]!, sums, lang));
    if (m.parameters.length === 2) for (const k of shown.slice(0, 4)) charts.push(heatmap(k, m.parameters[0]!, m.parameters[1]!, sums, lang));
    if (m.bases.length > 1) html.push(`<p class="legend">${m.bases.map((b, i) => `<span><i style="background:${PALETTE[i % PALETTE.length]}"></i>${esc(b.name)}</span>`).join('')}</p>`);
    html.push(`<div class="charts">${charts.join('')}</div>`);
    const many = m.bases.length > 1;
    const pf = paramFormat(lang);
    html.push(`<h2>${t.sweepTable}</h2><div class="wide"><table><tr><th>#</th>${many ? '<th>scenario</th>' : ''}${m.parameters.map((p) => `<th>${esc(p)}</th>`).join('')}${shown.map((k) => `<th>${esc(label(k, lang))}</th>`).join('')}</tr>`);
    for (const s of sums) html.push(`<tr><td>${s.point.id}</td>${many ? `<td>${esc(s.point.scenario)}</td>` : ''}${m.parameters.map((p) => `<td class="n">${pf(s.point.params[p])}</td>`).join('')}${shown.map((k) => `<td class="n">${cell(s.kpis[k], lang)}</td>`).join('')}</tr>`);
    html.push('</table></div>');
  }
  // Time series
  const bands = seriesBands(m, runs);
  if (bands.length > 0 && m.points.length <= PALETTE.length) {
    // The number in the chain, then the queues that were ever non-empty, longest first.
    const peak = (n: string) => Math.max(0, ...bands.filter((b) => b.series === n).flatMap((b) => b.p90));
    const queues = [...new Set(bands.map((b) => b.series))].filter((n) => (n.startsWith('queue_len.') || n === 'mdo_waiting') && peak(n) > 0);
    queues.sort((a, b) => peak(b) - peak(a) || (a < b ? -1 : 1));
    const names = ['in_system', ...queues].filter((n) => bands.some((b) => b.series === n));
    html.push(`<h2>${t.series}</h2>${legend}<div class="charts">${names.slice(0, 6).map((n) => seriesChart(n, bands, m, lang)).join('')}</div>`);
  }
  // Flows
  if (m.points.length <= PALETTE.length) {
    const flows = flowSummaries(m, runs);
    const keys = [...new Set(flows.map((f) => `${f.from} -> ${f.to}`))];
    const get = (p: number, key: string) => flows.find((f) => f.point === p && `${f.from} -> ${f.to}` === key)?.perYear.mean;
    const total = (key: string) => m.points.reduce((a, p) => a + (get(p.id, key) ?? 0), 0);
    keys.sort((a, b) => total(b) - total(a) || (a < b ? -1 : 1));
    html.push(`<h2>${t.flows}</h2><table><tr><th>${t.from}</th><th>${t.to}</th>${m.points.map((p) => `<th>${esc(titleOf(p))}</th>`).join('')}</tr>`);
    for (const key of keys.slice(0, 25)) {
      const [from, to] = key.split(' -> ') as [string, string];
      html.push(`<tr><td>${esc(from)}</td><td>${esc(to)}</td>${m.points.map((p) => `<td class="n">${nf(get(p.id, key) ?? 0)}</td>`).join('')}</tr>`);
    }
    html.push('</table>');
  }
  // Assumptions
  html.push(`<h2>${t.assumptions}</h2>`);
  for (const b of m.bases) {
    const a = b.parameters.filter((p) => p.aanname);
    html.push(`<h3>${esc(b.name)}</h3><p class="note">${t.assumptionsIntro(b.parameters.length, a.length)}</p>`);
    html.push(`<table><tr><th>${t.parameter}</th><th>${t.value}</th><th>${t.unit}</th><th>${t.source}</th></tr>`);
    const w = extra.words;
    for (const p of a) html.push(`<tr class="aanname"><td>${w ? esc(w.param(p.path)) : `<code>${esc(p.path)}</code>`}</td><td class="n">${esc(String(p.value))}</td><td>${esc(w ? w.unit(p.unit) : p.unit)}</td><td>${esc(w ? w.source(p.source) : p.source)}</td></tr>`);
    html.push('</table>');
  }
  html.push(`<p class="note">ketensim ${esc(m.modelVersion)} · ${esc(m.fingerprint)}</p></body></html>\n`);
  return html.join('\n');
}
