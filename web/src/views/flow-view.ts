/** The flow tab: the flow diagram of the active scenario against the baseline, and one run animated. */
import { Csv } from '../../../src/experiment/results.js';
import { WEEKS_PER_YEAR } from '../../../src/scenario/param.js';
import { withDesign } from '../charts/common.js';
import { animateFlow, renderFlow, type FlowData } from '../charts/flow/index.js';
import { CSV_IDS, type Compared, type CsvWords } from '../data.js';
import type { Host } from '../app/host.js';
import { chartBox, csvWords, fileName, waiting } from './chart-box.js';

/** The flow links of a view and, when it is not the reference, the reference's. */
export function flowData(host: Host, slot: number): FlowData | null {
  const c = host.comparison;
  if (!c) return null;
  const links = (p: number) => c.flows.filter((f) => f.point === p).map((f) => ({ from: f.from, to: f.to, perYear: f.perYear.mean }));
  const cur = host.views[slot]!;
  return {
    current: { style: cur.style, links: links(slot) },
    ...(slot !== 0 ? { baseline: { style: host.views[0]!.style, links: links(0) } } : {}),
  };
}

export function flowCsv(c: Compared, slot: number, w: CsvWords = CSV_IDS): string {
  const csv = new Csv(w.dialect, ['scenario', 'from', 'to', 'per_year_mean', 'ci_low', 'ci_high', 'n'].map(w.col));
  for (const f of c.flows.filter((x) => x.point === slot)) csv.row([c.manifest.points[slot]!.scenario, f.from, f.to, f.perYear.mean, f.perYear.ciLow, f.perYear.ciHigh, f.perYear.n]);
  return csv.toString();
}

/** Draw the flow view; returns the animation of one run, once the numbers are final. */
export function viewFlow(host: Host, el: HTMLElement, width: number): { stop(): void; framesPerSecond(): number } | null {
  const slot = host.viewOf(host.state.active);
  const data = flowData(host, slot);
  if (!data) return waiting(el, host.statusText), null;
  let animation: { stop(): void; framesPerSecond(): number } | null = null;
  const view = host.views[slot]!;
  chartBox(
    el,
    `stroom-${view.scenario.name}`,
    host,
    (box) => {
      const ctx = host.ctx(width - 20);
      const svg = renderFlow(box, data, withDesign(ctx, view.scenario.design));
      const log = host.eventLog(slot);
      // The run plays once the numbers are final: while replications come in, the chart is
      // redrawn (which would restart it) and the cores are better spent on the model.
      if (log && log.length > 0 && (host.comparison?.k ?? 0) >= host.state.settings.reps) {
        const warm = host.state.settings.warmupYears * WEEKS_PER_YEAR;
        animation = animateFlow(svg, log, { from: warm, to: warm + 52, ctx });
      }
      return svg;
    },
    () => flowCsv(host.comparison!, slot, csvWords(host.i18n)),
    fileName(host.i18n, 'flow', view.scenario.name),
    { chart: 'flow', title: host.i18n.t('flow.title') },
  );
  return animation;
}
