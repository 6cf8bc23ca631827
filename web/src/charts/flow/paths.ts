/**
 * From one replication's event log to per-casus paths through the diagram's nodes (pure), for the
 * animation. The log's vocabulary (activities, nodes) is the model's (src/model/nodes.ts).
 */
import { FLOW_NODE_NAME, LOG_ACTIVITY, LOG_NODE } from '../../../../src/model/nodes.js';
import type { EventLogRow } from '../../../../src/model/outputs.js';
import { CARE_LEVEL_NAMES, type Vindplaats } from '../../../../src/scenario/types.js';
import { LOOP_ID, nodeKind, type FlowLink } from './types.js';

export interface CasusStep {
  node: string;
  time: number;
  /** Not in the log: a route the log does not record (GP, GI, first line, ...) or a loop pass. */
  inferred?: boolean;
}

export interface CasusPath {
  casus: string;
  steps: CasusStep[];
}

/** Care nodes by the care level's name in the log (`begeleiding` -> `care:2`). */
const CARE_NODES: Record<string, string> = Object.fromEntries(Object.entries(CARE_LEVEL_NAMES).map(([l, name]) => [name, FLOW_NODE_NAME.care(Number(l))]));
/** Log nodes of the toegang of a design (the wijkteam, the indicatiesteller, the basisteam, the one-stop-shop). */
const TOEGANG_NODES = new Set<string>(LOG_NODE.toegang);
/** Help given at the toegang itself, after which an exit means the need was met. */
const HELP_AT_TOEGANG = new Set<string>([LOG_ACTIVITY.ownSupport, LOG_ACTIVITY.basishulp]);
const TOEGANG = FLOW_NODE_NAME.route('toegang');
const IVH = FLOW_NODE_NAME.route('ivh');
const EXIT_DONE = 'exit:done';
const EXIT_UNRESOLVED = FLOW_NODE_NAME.exit('unresolved');
const NEED_MET = FLOW_NODE_NAME.exit('need_met');
const NORMALISED = FLOW_NODE_NAME.exit('normalised');

/**
 * The diagram node of one event, or null when the event is not known. `exit @ done` gives
 * `exit:done`, which casusPaths resolves to need_met or normalised from what came before.
 */
export function eventNode(e: EventLogRow): string | null {
  if (e.activity === LOG_ACTIVITY.signal) return FLOW_NODE_NAME.vindplaats(e.node as Vindplaats);
  if (e.activity === LOG_ACTIVITY.exit) return e.node === LOG_NODE.exitDone ? EXIT_DONE : e.node === LOG_NODE.exitUnresolved ? EXIT_UNRESOLVED : `exit:${e.node}`;
  if (TOEGANG_NODES.has(e.node)) return TOEGANG;
  if (e.node === LOG_NODE.ivh) return e.activity === LOG_ACTIVITY.mdo ? FLOW_NODE_NAME.mdo : IVH;
  return CARE_NODES[e.node] ?? null;
}

export function hash01(s: string, salt = 0): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** The legal referrer a vindplaats goes to when the flows give no route: the GP, the GI, the specialist, the jeugdarts. */
const IMPLICIT_FALLBACK: Partial<Record<Vindplaats, string>> = {
  huisarts: FLOW_NODE_NAME.route('huisarts'),
  veiligheid: FLOW_NODE_NAME.route('gi'),
  medisch_specialist: FLOW_NODE_NAME.route('medisch_specialist'),
  consultatiebureau: FLOW_NODE_NAME.route('jeugdarts'),
};

export interface CasusPathOptions {
  /** Flow links of the same run or scenario: used to pick the unrecorded route of a casus. */
  links?: FlowLink[];
  /** Called for every event that maps to no node (those are skipped). */
  onUnmapped?: (e: EventLogRow) => void;
}

/**
 * Turn an event log into per-casus node sequences in time order. Consecutive events at the same
 * node collapse into one step (the arrival). Routes the log does not record (GP, GI, medisch
 * specialist, jeugdarts, first line, none) are inserted as inferred steps, chosen from `links`
 * (deterministically per casus) or by the vindplaats; a re-referral after help that was not enough
 * passes `step_up`. Output sorted by first time, then casus id.
 */
export function casusPaths(log: EventLogRow[], opts: CasusPathOptions = {}): CasusPath[] {
  const by = new Map<string, { e: EventLogRow; i: number }[]>();
  log.forEach((e, i) => {
    let l = by.get(e.casus);
    if (!l) by.set(e.casus, (l = []));
    l.push({ e, i });
  });
  const w = new Map<string, number>();
  for (const l of opts.links ?? []) if (l.perYear > 0) w.set(`${l.from} -> ${l.to}`, (w.get(`${l.from} -> ${l.to}`) ?? 0) + l.perYear);
  const implicitRoutes = [...new Set((opts.links ?? []).flatMap((l) => [l.from, l.to]).filter((id) => nodeKind(id) === 'route' && id !== TOEGANG && id !== IVH))].sort();
  const W = (a: string, b: string) => w.get(`${a} -> ${b}`) ?? 0;

  const pickRoute = (casus: string, salt: number, prev: string, next: string | null): string => {
    if (implicitRoutes.length) {
      const cand = implicitRoutes.map((r) => {
        const a = nodeKind(prev) === 'vindplaats' ? W(prev, r) : 1;
        const b = next === null ? 1 : next === EXIT_DONE ? W(r, NEED_MET) + W(r, NORMALISED) : next === LOOP_ID ? W(r, LOOP_ID) : W(r, next);
        return { r, v: a * b };
      });
      const tot = cand.reduce((s, c) => s + c.v, 0);
      if (tot > 0) {
        let u = hash01(casus, salt) * tot;
        for (const c of cand) if ((u -= c.v) < 0) return c.r;
        return cand.filter((c) => c.v > 0).pop()!.r;
      }
    }
    const v = nodeKind(prev) === 'vindplaats' ? prev.slice('vindplaats:'.length) : '';
    return IMPLICIT_FALLBACK[v as Vindplaats] ?? (next !== null && nodeKind(next) === 'care' ? FLOW_NODE_NAME.route('huisarts') : FLOW_NODE_NAME.route('eerste_lijn'));
  };

  const out: CasusPath[] = [];
  for (const [casus, evs] of by) {
    evs.sort((a, b) => a.e.time - b.e.time || a.i - b.i);
    const steps: CasusStep[] = [];
    let lastAct = '';
    let lastTime = 0;
    let lastRoute = '';
    const push = (node: string, time: number, inferred = false) => {
      const prev = steps[steps.length - 1];
      if (prev && prev.node === node) return;
      steps.push(inferred ? { node, time, inferred } : { node, time });
      if (nodeKind(node) === 'route') lastRoute = node;
    };
    let salt = 0;
    /** The route of a re-referral the log does not record: the same legal referrer, else one by the links. */
    const reRoute = (c: string, sl: number, next: string) =>
      lastRoute && ![TOEGANG, IVH, FLOW_NODE_NAME.route('eerste_lijn'), FLOW_NODE_NAME.route('geen')].includes(lastRoute) ? lastRoute : pickRoute(c, sl, LOOP_ID, next);
    for (const { e } of evs) {
      let node = eventNode(e);
      if (node === null) {
        opts.onUnmapped?.(e);
        continue;
      }
      const prev = steps[steps.length - 1];
      const pn = prev?.node ?? '';
      const isNewReferral = (e.activity === LOG_ACTIVITY.aanmelding || e.activity === LOG_ACTIVITY.vraagverheldering || e.activity === LOG_ACTIVITY.wachtlijst) && prev !== undefined;
      if (isNewReferral) {
        const after = e.node === LOG_NODE.ivh ? IVH : node;
        if (nodeKind(pn) === 'care' || (pn === TOEGANG && HELP_AT_TOEGANG.has(lastAct)) || (pn === after && e.activity === LOG_ACTIVITY.aanmelding)) {
          // Help was not enough: re-referred.
          push(LOOP_ID, lastTime, true);
          if (nodeKind(node) === 'care') push(reRoute(casus, ++salt, node), e.time, true);
        } else if (nodeKind(pn) === 'vindplaats') {
          if (nodeKind(node) === 'care') push(pickRoute(casus, ++salt, pn, node), prev!.time, true);
          else if (e.time - prev!.time > 1e-6 && e.activity === LOG_ACTIVITY.aanmelding) {
            // First-line help that was not enough, then the toegang.
            push(FLOW_NODE_NAME.route('eerste_lijn'), prev!.time, true);
            push(LOOP_ID, e.time, true);
          }
        }
      }
      if (node === EXIT_DONE || node === EXIT_UNRESOLVED) {
        if (nodeKind(pn) === 'vindplaats') push(pickRoute(casus, ++salt, pn, node), prev!.time, true);
        else if (node === EXIT_DONE && nodeKind(pn) === 'care' && lastAct === LOG_ACTIVITY.notEnough) {
          // Re-referred through an unrecorded route, which found no need left.
          push(LOOP_ID, lastTime, true);
          push(reRoute(casus, ++salt, node), e.time, true);
        }
        if (node === EXIT_DONE) {
          const last = steps[steps.length - 1];
          let helped = lastAct === LOG_ACTIVITY.needMet || HELP_AT_TOEGANG.has(lastAct);
          if (last?.inferred && nodeKind(last.node) === 'route') {
            // An unrecorded route: helped or not in the proportions of the links, else by the time it took.
            const met = W(last.node, NEED_MET);
            const norm = W(last.node, NORMALISED);
            helped = met + norm > 0 ? hash01(casus, 99) * (met + norm) < met : e.time - last.time > 1e-6;
          }
          node = helped ? NEED_MET : NORMALISED;
        }
      }
      push(node, e.time);
      lastAct = e.activity;
      lastTime = e.time;
    }
    out.push({ casus, steps });
  }
  out.sort((a, b) => (a.steps[0]?.time ?? 0) - (b.steps[0]?.time ?? 0) || (a.casus < b.casus ? -1 : a.casus > b.casus ? 1 : 0));
  return out;
}
