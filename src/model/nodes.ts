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

/** Ways out of the chain, as flow-node names (`exit:<name>`). */
export const EXITS = ['need_met', 'normalised', 'unresolved'] as const;
export type Exit = (typeof EXITS)[number];

/**
 * Flow-node names as the flow counts write them (`vindplaats:school`, `route:toegang`, `mdo`,
 * `care:3`, `exit:need_met`, `step_up`): what readers of the flows (the web app's diagram, the
 * report) parse, so they do not restate the model's vocabulary.
 */
export const FLOW_NODE_NAME = {
  vindplaats: (v: Vindplaats): string => `vindplaats:${v}`,
  route: (r: Route): string => `route:${r}`,
  care: (level: number): string => `care:${level}`,
  exit: (e: Exit): string => `exit:${e}`,
  mdo: 'mdo',
  stepUp: 'step_up',
} as const;

export const ROUTE_NODE = Object.fromEntries(ROUTES.map((r) => [r, flowNode(FLOW_NODE_NAME.route(r))])) as Record<Route, number>;
export const VINDPLAATS_NODE = Object.fromEntries(VINDPLAATSEN.map((v) => [v, flowNode(FLOW_NODE_NAME.vindplaats(v))])) as Record<Vindplaats, number>;
const CARE_NODE = [0, 1, 2, 3, 4].map((l) => flowNode(FLOW_NODE_NAME.care(l)));
export const careNode = (level: number): number => CARE_NODE[level] ?? flowNode(FLOW_NODE_NAME.care(level));

export const NODE = {
  exitNormalised: flowNode(FLOW_NODE_NAME.exit('normalised')),
  exitNeedMet: flowNode(FLOW_NODE_NAME.exit('need_met')),
  exitUnresolved: flowNode(FLOW_NODE_NAME.exit('unresolved')),
  stepUp: flowNode(FLOW_NODE_NAME.stepUp),
  mdo: flowNode(FLOW_NODE_NAME.mdo),
};

/**
 * The event log's vocabulary (EventLogRow.activity and .node), for readers of the log such as
 * the web app's animation. A test runs every design and checks that what it logs is listed here.
 */
export const LOG_ACTIVITY = {
  signal: 'signal',
  aanmelding: 'aanmelding',
  vraagverheldering: 'vraagverheldering',
  mdo: 'MDO',
  keukentafelgesprek: 'keukentafelgesprek',
  ownSupport: 'eigen ondersteuning',
  basishulp: 'basishulp',
  indicatiestelling: 'indicatiestelling',
  refused: 'afgewezen',
  beschikking: 'beschikking',
  wachtlijst: 'wachtlijst',
  careStart: 'start zorg',
  needMet: 'doel bereikt',
  notEnough: 'niet voldoende',
  exit: 'exit',
} as const;

/**
 * Nodes of the event log that are not a vindplaats (signals) or a care level (CARE_LEVEL_NAMES):
 * the toegang of each design (who does the access), IVH, and the two ways an exit is logged.
 */
export const LOG_NODE = {
  toegang: ['swt', 'indicatiesteller', 'basisteam', 'one_stop_shop'],
  ivh: 'ivh',
  exitDone: 'done',
  exitUnresolved: 'unresolved',
} as const;

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
