/**
 * The flow diagram's data types and the vocabulary of its nodes. Node ids are the model's
 * flow-node names (src/model/nodes.ts: `vindplaats:school`, `route:toegang`, `mdo`, `care:3`,
 * `exit:need_met`, `step_up`); their order within a column is the model's order of vindplaatsen,
 * routes and exits.
 */
import { EXITS, FLOW_NODE_NAME } from '../../../../src/model/nodes.js';
import { ROUTES, VINDPLAATSEN } from '../../../../src/scenario/types.js';
import type { ScenarioStyle } from '../common.js';

export interface FlowLink {
  from: string;
  to: string;
  perYear: number;
}

export type FlowNodeKind = 'vindplaats' | 'route' | 'mdo' | 'care' | 'exit' | 'other';

export interface FlowNode {
  id: string;
  kind: FlowNodeKind;
  /** 0 vindplaatsen, 1 routes, 1.5 MDO (floats between routes and care), 2 care, 3 exits. */
  column: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** max(inflow, outflow) per year: the bar's height. */
  value: number;
  inflow: number;
  outflow: number;
  /** The same for the comparison (baseline) links, when given. */
  compareValue?: number;
}

/** A horizontal ribbon piece: x0 -> x1, top/bottom edges from (t0, b0) to (t1, b1). */
export interface FlowSegment {
  x0: number;
  x1: number;
  t0: number;
  b0: number;
  t1: number;
  b1: number;
}

export interface FlowLayoutLink {
  from: string;
  to: string;
  perYear: number;
  comparePerYear?: number;
  width: number;
  compareWidth?: number;
  /** Ribbon pieces from source to target (more than one when the link passes a column). */
  segments: FlowSegment[];
  /** Closed SVG path of the ribbon. */
  path: string;
  /** Links that go back or stay in a column (not the step-up loop): drawn as a thin arc. */
  backward?: boolean;
}

export interface FlowLoop {
  id: 'step_up';
  perYear: number;
  comparePerYear?: number;
  width: number;
  compareWidth?: number;
  /** Where the inputs gather: the bottom of the exit column. */
  collector: { x0: number; x1: number; y0: number; y1: number };
  /** Links into the loop (from care levels and routes), drawn like bands. */
  inputs: FlowLayoutLink[];
  /** Links out of the loop (step_up -> route:x), when the model records them. */
  outputs: FlowLink[];
  /** Centre line of the return arc, from the collector back under the diagram to the routes. */
  centerline: { x: number; y: number }[];
  /** Closed SVG path of the return arc with its arrowhead. */
  path: string;
  /** Outline path of the comparison width (same centre line), when compared. */
  comparePath?: string;
  arrowTip: { x: number; y: number };
  labelAt: { x: number; y: number };
}

export interface FlowLayout {
  width: number;
  height: number;
  /** Pixels per casus per year. */
  scale: number;
  nodes: FlowNode[];
  links: FlowLayoutLink[];
  loops: FlowLoop[];
  columns: { x0: number; x1: number; bottom: number }[];
}

export interface FlowLayoutOptions {
  width: number;
  height: number;
  nodeWidth?: number;
  /** Minimum vertical gap between nodes (at least the label line height). */
  nodePadding?: number;
  margin?: { top: number; right: number; bottom: number; left: number };
  /** Baseline links: reported per link/node and given room in the layout where the link is absent. */
  compare?: FlowLink[];
  /** Relative widths of the three gaps between the four columns (default equal). */
  columnGaps?: [number, number, number];
}
/** The step-up (re-referral) loop's node. */
export const LOOP_ID = FLOW_NODE_NAME.stepUp;

/** The kind of a node, from its name's prefix. */
export function nodeKind(id: string): FlowNodeKind {
  const p = id.split(':')[0]!;
  if (p === 'vindplaats' || p === 'route' || p === 'care' || p === 'exit') return p;
  if (id === FLOW_NODE_NAME.mdo) return 'mdo';
  return 'other';
}

/** The column of each kind: MDO floats between routes and care. */
export const KIND_COLUMN: Record<Exclude<FlowNodeKind, 'other'>, number> = { vindplaats: 0, route: 1, mdo: 1.5, care: 2, exit: 3 };

const ORDER: Partial<Record<FlowNodeKind, readonly string[]>> = { vindplaats: VINDPLAATSEN, route: ROUTES, exit: EXITS };

function rankInColumn(id: string): [number, string] {
  const kind = nodeKind(id);
  const rest = id.slice(id.indexOf(':') + 1);
  const known = ORDER[kind];
  if (known) {
    const i = known.indexOf(rest);
    return [i >= 0 ? i : known.length, id];
  }
  if (kind === 'care') {
    const n = Number(rest);
    return [Number.isFinite(n) ? n : 1000, id];
  }
  return [2000, id];
}

/** Order of nodes within a column: the model's order, unknown names last (alphabetically). */
export const cmpRank = (a: string, b: string): number => {
  const [ra, ia] = rankInColumn(a);
  const [rb, ib] = rankInColumn(b);
  return ra - rb || (ia < ib ? -1 : ia > ib ? 1 : 0);
};

/** The data renderFlow draws: the current scenario's links and, optionally, the baseline's. */
export interface FlowData {
  current: { style: ScenarioStyle; links: FlowLink[] };
  baseline?: { style: ScenarioStyle; links: FlowLink[] };
}
