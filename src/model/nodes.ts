/**
 * The model's vocabulary for flows and professionals, built once when the module loads: flow
 * nodes by number (a template string per step would allocate and hash a new string on every
 * step of every casus), the professional of each provider level, the cost post of each level.
 * The web app's flow diagram reads the same names from here.
 */
import type { RequestOptions } from '../engine/index.js';
import { CARE_LEVEL_NAMES, ROUTES, VINDPLAATSEN, type CareLevel, type Route, type Vindplaats } from '../scenario/types.js';
import { PRO } from './casus.js';
import { flowNode } from './outputs.js';

export const ROUTE_NODE = Object.fromEntries(ROUTES.map((r) => [r, flowNode(`route:${r}`)])) as Record<Route, number>;
export const VINDPLAATS_NODE = Object.fromEntries(VINDPLAATSEN.map((v) => [v, flowNode(`vindplaats:${v}`)])) as Record<Vindplaats, number>;
const CARE_NODE = [0, 1, 2, 3, 4].map((l) => flowNode(`care:${l}`));
export const careNode = (level: number): number => CARE_NODE[level] ?? flowNode(`care:${level}`);

/** Ways out of the chain, as flow-node names (`exit:<name>`). */
export const EXITS = ['need_met', 'normalised', 'unresolved'] as const;
export const NODE = {
  exitNormalised: flowNode('exit:normalised'),
  exitNeedMet: flowNode('exit:need_met'),
  exitUnresolved: flowNode('exit:unresolved'),
  stepUp: flowNode('step_up'),
  mdo: flowNode('mdo'),
};

/**
 * Options of the model's requests, by priority (0 first): on the callback layer there is no
 * process to interrupt (owner null). Shared constants, so a request allocates no options object.
 */
export const CALLBACK_REQUEST: readonly RequestOptions[] = [0, 1].map((priority) => Object.freeze({ priority, owner: null }));

export const byLevel = <T>(value: (l: CareLevel) => T) => ({ 1: value(1), 2: value(2), 3: value(3), 4: value(4) }) as Record<CareLevel, T>;
/** The provider professional of each care level. */
export const PROVIDER = byLevel((l) => PRO[`aanbieder_${l}`]);
/** The p x q cost post of each care level. */
export const CARE_COST = byLevel((l) => `care.${CARE_LEVEL_NAMES[l]}`);
