import { describe, expect, it } from 'vitest';
import { casusPaths, eventNode, flowLayout, type FlowLink } from '../../web/src/charts/flow/index.js';
import { flowStrings } from '../../web/src/charts/flow/strings.js';
import { runReplication } from '../../src/model/model.js';
import { LOG_ACTIVITY, LOG_NODE } from '../../src/model/nodes.js';
import { DEFAULT_DESIGN_FILES } from '../../src/experiment/defaults.js';
import { loadScenario } from '../../src/scenario/load.js';
import { CARE_LEVEL_NAMES, VINDPLAATSEN } from '../../src/scenario/types.js';
import { nodeKind } from '../../web/src/charts/flow/index.js';

const LINKS: FlowLink[] = [
  { from: 'vindplaats:school', to: 'route:toegang', perYear: 300 },
  { from: 'vindplaats:school', to: 'route:huisarts', perYear: 100 },
  { from: 'vindplaats:ouders', to: 'route:huisarts', perYear: 200 },
  { from: 'vindplaats:ouders', to: 'route:ivh', perYear: 20 },
  { from: 'route:ivh', to: 'mdo', perYear: 10 },
  { from: 'route:ivh', to: 'care:2', perYear: 20 },
  { from: 'route:toegang', to: 'care:1', perYear: 150 },
  { from: 'route:toegang', to: 'care:3', perYear: 50 },
  { from: 'route:toegang', to: 'exit:normalised', perYear: 60 },
  { from: 'route:toegang', to: 'step_up', perYear: 40 },
  { from: 'route:huisarts', to: 'care:2', perYear: 250 },
  { from: 'route:huisarts', to: 'care:4', perYear: 0 },
  { from: 'care:1', to: 'exit:need_met', perYear: 100 },
  { from: 'care:1', to: 'step_up', perYear: 50 },
  { from: 'care:2', to: 'exit:need_met', perYear: 200 },
  { from: 'care:2', to: 'step_up', perYear: 70 },
  { from: 'care:3', to: 'exit:unresolved', perYear: 10 },
];
const OPTS = { width: 1000, height: 600 };

describe('flowLayout', () => {
  it('is deterministic and independent of input order', () => {
    const a = flowLayout(LINKS, OPTS);
    const b = flowLayout([...LINKS].reverse(), OPTS);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(flowLayout(LINKS, OPTS))).toBe(JSON.stringify(a));
  });

  it('draws every link with perYear > 0 (bands or loop inputs) and skips zeros', () => {
    const lay = flowLayout(LINKS, OPTS);
    const drawn = new Set([...lay.links, ...lay.loops.flatMap((l) => l.inputs)].map((l) => `${l.from}>${l.to}`));
    for (const l of LINKS) expect(drawn.has(`${l.from}>${l.to}`)).toBe(l.perYear > 0);
    expect(lay.nodes.some((n) => n.id === 'care:4')).toBe(false);
  });

  it('band widths are proportional to perYear', () => {
    const lay = flowLayout(LINKS, OPTS);
    const all = [...lay.links, ...lay.loops.flatMap((l) => l.inputs)];
    for (const l of all) expect(l.width / l.perYear).toBeCloseTo(lay.scale, 9);
    for (const l of all) for (const s of l.segments) {
      expect(s.b0 - s.t0).toBeCloseTo(l.width, 6);
      expect(s.b1 - s.t1).toBeCloseTo(l.width, 6);
    }
    for (const n of lay.nodes) expect(n.y1 - n.y0).toBeCloseTo(n.value * lay.scale, 6);
  });

  it('columns run vindplaats -> route -> care -> exit; MDO between routes and care', () => {
    const lay = flowLayout(LINKS, OPTS);
    const x = (id: string) => lay.nodes.find((n) => n.id === id)!.x0;
    expect(x('vindplaats:school')).toBeLessThan(x('route:toegang'));
    expect(x('route:toegang')).toBeLessThan(x('mdo'));
    expect(x('mdo')).toBeLessThan(x('care:1'));
    expect(x('care:1')).toBeLessThan(x('exit:need_met'));
    // Links that skip the care column pass it in a slot of their own.
    const skip = lay.links.find((l) => l.from === 'route:toegang' && l.to === 'exit:normalised')!;
    expect(skip.segments.length).toBe(3);
  });

  it('step_up is a loop, not a forward column', () => {
    const lay = flowLayout(LINKS, OPTS);
    expect(lay.nodes.some((n) => n.id === 'step_up')).toBe(false);
    expect(lay.links.some((l) => l.to === 'step_up' || l.from === 'step_up')).toBe(false);
    expect(lay.loops).toHaveLength(1);
    const loop = lay.loops[0]!;
    expect(loop.perYear).toBe(160);
    expect(loop.inputs.map((i) => i.from).sort()).toEqual(['care:1', 'care:2', 'route:toegang']);
    // The return arc ends under the route column, below every node.
    const routeCol = lay.columns[1]!;
    expect(loop.arrowTip.x).toBeGreaterThanOrEqual(routeCol.x0);
    expect(loop.arrowTip.x).toBeLessThanOrEqual(routeCol.x1);
    const lowest = Math.max(...lay.nodes.map((n) => n.y1));
    const arcBottom = Math.max(...loop.centerline.map((p) => p.y));
    expect(arcBottom).toBeGreaterThan(lowest);
    expect(lay.height).toBeGreaterThanOrEqual(arcBottom + loop.width / 2);
  });

  it('places unknown ids by prefix and by their neighbours', () => {
    const lay = flowLayout(
      [
        { from: 'vindplaats:sportclub', to: 'route:basisteam', perYear: 30 },
        { from: 'route:basisteam', to: 'care:5', perYear: 20 },
        { from: 'care:5', to: 'exit:moved', perYear: 20 },
        { from: 'route:basisteam', to: 'wachtkamer', perYear: 10 },
      ],
      OPTS,
    );
    const col = (id: string) => lay.nodes.find((n) => n.id === id)?.column;
    expect(col('vindplaats:sportclub')).toBe(0);
    expect(col('route:basisteam')).toBe(1);
    expect(col('care:5')).toBe(2);
    expect(col('exit:moved')).toBe(3);
    expect(col('wachtkamer')).toBe(2);
  });

  it('copes with no links and with comparison-only links (zero width, still placed)', () => {
    const empty = flowLayout([], OPTS);
    expect(empty.nodes).toEqual([]);
    expect(empty.loops).toEqual([]);
    const lay = flowLayout([{ from: 'vindplaats:school', to: 'route:toegang', perYear: 10 }], { ...OPTS, compare: [{ from: 'route:toegang', to: 'exit:need_met', perYear: 5 }] });
    const gone = lay.links.find((l) => l.to === 'exit:need_met')!;
    expect(gone.width).toBe(0);
    expect(gone.compareWidth! / lay.scale).toBeCloseTo(5, 9);
    expect(lay.nodes.find((n) => n.id === 'exit:need_met')!.compareValue).toBe(5);
  });

  it('reports the comparison per link and node', () => {
    const lay = flowLayout(LINKS, { ...OPTS, compare: [{ from: 'route:toegang', to: 'care:1', perYear: 300 }] });
    const l = lay.links.find((x) => x.from === 'route:toegang' && x.to === 'care:1')!;
    expect(l.comparePerYear).toBe(300);
    expect(l.compareWidth! / l.width).toBeCloseTo(2, 9);
  });
});

describe('casusPaths', () => {
  const designs = DEFAULT_DESIGN_FILES.map((f) => f.replace(/\.yaml$/, ''));
  // The log's vocabulary as the model declares it (src/model/nodes.ts): a new activity or node in
  // the model fails here, not silently in the animation.
  const ACTIVITIES = new Set<string>(Object.values(LOG_ACTIVITY));
  const NODES = new Set<string>([...VINDPLAATSEN, ...Object.values(CARE_LEVEL_NAMES), ...LOG_NODE.toegang, LOG_NODE.ivh, LOG_NODE.exitDone, LOG_NODE.exitUnresolved]);
  const KNOWN = /^(vindplaats:[a-z_]+|route:(toegang|huisarts|jeugdarts|medisch_specialist|gi|ivh|eerste_lijn|geen)|mdo|care:[1-4]|exit:(need_met|normalised|unresolved)|step_up)$/;
  for (const d of designs) {
    it(`maps the event log of ${d} to known nodes in time order`, () => {
      const s = loadScenario(`scenarios/${d}.yaml`).scenario;
      const r = runReplication(s, { seed: 3, replication: 0, horizonWeeks: 20, warmupWeeks: 8, eventLog: true });
      const log = r.eventLog!;
      expect(log.length).toBeGreaterThan(100);
      expect([...new Set(log.map((e) => e.activity))].filter((a) => !ACTIVITIES.has(a))).toEqual([]);
      expect([...new Set(log.map((e) => e.node))].filter((n) => !NODES.has(n))).toEqual([]);
      const unmapped = log.filter((e) => eventNode(e) === null);
      expect(unmapped).toEqual([]);
      const links = Object.entries(r.flows).map(([k, v]) => ({ from: k.split(' -> ')[0]!, to: k.split(' -> ')[1]!, perYear: v }));
      // Every flow node is one of the model's names the diagram knows (no 'other' column).
      expect(links.flatMap((l) => [l.from, l.to]).filter((id) => id !== 'step_up' && nodeKind(id) === 'other')).toEqual([]);
      const missed: unknown[] = [];
      const paths = casusPaths(log, { links, onUnmapped: (e) => missed.push(e) });
      expect(missed).toEqual([]);
      expect(new Set(paths.map((p) => p.casus)).size).toBe(new Set(log.map((e) => e.casus)).size);
      for (const p of paths) {
        expect(p.steps[0]!.node.startsWith('vindplaats:')).toBe(true);
        for (let i = 0; i < p.steps.length; i++) {
          expect(p.steps[i]!.node).toMatch(KNOWN);
          if (i > 0) {
            expect(p.steps[i]!.time).toBeGreaterThanOrEqual(p.steps[i - 1]!.time);
            expect(p.steps[i]!.node).not.toBe(p.steps[i - 1]!.node);
          }
        }
        const last = p.steps[p.steps.length - 1]!.node;
        const exits = p.steps.filter((x) => x.node.startsWith('exit:'));
        expect(exits.length).toBeLessThanOrEqual(1);
        if (exits.length) expect(last.startsWith('exit:')).toBe(true);
      }
      expect(paths.some((p) => p.steps.some((x) => x.node === 'step_up'))).toBe(true);
    });
  }

  it('collapses repeated events, sorts by time, infers unrecorded routes and the loop', () => {
    const log = [
      { casus: 'b', activity: 'exit', node: 'done', time: 9 },
      { casus: 'a', activity: 'signal', node: 'school', time: 1 },
      { casus: 'a', activity: 'aanmelding', node: 'swt', time: 1 },
      { casus: 'a', activity: 'keukentafelgesprek', node: 'swt', time: 2 },
      { casus: 'a', activity: 'beschikking', node: 'swt', time: 3 },
      { casus: 'a', activity: 'wachtlijst', node: 'lichte_hulp', time: 3 },
      { casus: 'a', activity: 'start zorg', node: 'lichte_hulp', time: 5 },
      { casus: 'a', activity: 'niet voldoende', node: 'lichte_hulp', time: 8 },
      { casus: 'a', activity: 'aanmelding', node: 'swt', time: 9 },
      { casus: 'a', activity: 'exit', node: 'unresolved', time: 12 },
      { casus: 'b', activity: 'signal', node: 'huisarts', time: 0.5 },
      { casus: 'b', activity: 'wachtlijst', node: 'behandeling', time: 1 },
      { casus: 'b', activity: 'doel bereikt', node: 'behandeling', time: 8 },
    ];
    const p = casusPaths(log);
    expect(p.map((x) => x.casus)).toEqual(['b', 'a']);
    expect(p[1]!.steps.map((s) => s.node)).toEqual(['vindplaats:school', 'route:toegang', 'care:1', 'step_up', 'route:toegang', 'exit:unresolved']);
    expect(p[1]!.steps.map((s) => s.time)).toEqual([1, 1, 3, 8, 9, 12]);
    expect(p[0]!.steps.map((s) => s.node)).toEqual(['vindplaats:huisarts', 'route:huisarts', 'care:3', 'exit:need_met']);
    expect(p[0]!.steps[1]!.inferred).toBe(true);
  });
});

describe('flowStrings', () => {
  it('has the same flow.* keys in both languages', () => {
    expect(Object.keys(flowStrings.en).sort()).toEqual(Object.keys(flowStrings.nl).sort());
    for (const k of Object.keys(flowStrings.nl)) expect(k.startsWith('flow.')).toBe(true);
  });
});
