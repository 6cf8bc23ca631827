/** Scratch demo of the flow chart: data from window.__FLOW_DATA__ (injected by a test harness). */
import type { EventLogRow } from '../../src/model/outputs.js';
import { animateFlow, renderFlow, type FlowLink } from './charts/flow.js';
import { flowStrings } from './charts/flow.i18n.js';
import type { ChartContext, Lang } from './charts/common.js';

type Data = Record<string, { links: FlowLink[]; log: EventLogRow[] }>;
const w = window as unknown as { __FLOW_DATA__?: Data; __flowAnim?: ReturnType<typeof animateFlow>; __flowReady?: boolean };
const q = new URLSearchParams(location.search);
const lang = (q.get('lang') ?? 'nl') as Lang;
const table: Record<string, string> = { ...flowStrings.nl, ...(lang === 'en' ? flowStrings.en : {}) };
const nf = (d: number) => new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
const ctx: ChartContext = {
  lang,
  large: q.get('large') === '1',
  width: Number(q.get('width') ?? 1200),
  fmt: (x, d) => nf(d ?? 0).format(x),
  t: (k, vars) => {
    const s = table[k] ?? k;
    return vars ? s.replace(/\{(\w+)\}/g, (_, n: string) => (typeof vars[n] === 'number' ? nf(0).format(vars[n] as number) : String(vars[n] ?? ''))) : s;
  },
};
const data = w.__FLOW_DATA__!;
const design = q.get('design') ?? 'nijmegen-2019-indicatiemodel';
const baseId = q.get('baseline');
const labels: Record<string, string> = { 'nijmegen-2019-indicatiemodel': 'Indicatiemodel', 'brede-basisteams': 'Brede basisteams', 'one-stop-shop': 'One-stop-shop' };
const svg = renderFlow(
  document.getElementById('chart')!,
  {
    current: { style: { id: design, label: labels[design] ?? design, color: '#0072B2', baseline: false }, links: data[design]!.links },
    ...(baseId ? { baseline: { style: { id: baseId, label: labels[baseId] ?? baseId, color: '#000000', baseline: true }, links: data[baseId]!.links } } : {}),
  },
  ctx,
);
if (q.get('animate') === '1') {
  w.__flowAnim = animateFlow(svg, data[design]!.log, { ctx, weeksPerSecond: Number(q.get('wps') ?? 4), ...(q.get('reduced') === '1' ? { reducedMotion: true } : {}), ...(q.get('from') ? { from: Number(q.get('from')) } : {}) });
}
w.__flowReady = true;
