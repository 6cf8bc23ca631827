/**
 * `ketensim selfcheck`: runs the engine against queueing theory on this machine and prints a
 * table (theory, simulated mean, 95% CI, inside or not). A quick way to see that the engine
 * behaves on a new machine or Node version.
 */
import { summarise } from '../experiment/ci.js';
import { exponentialService, deterministicService, runQueue, type QueueResult, type QueueSpec } from '../experiment/queues.js';
import { mg1Wq, mm1AbandonShare, mmc, mmcKBlocking } from '../experiment/theory.js';

interface Check {
  name: string;
  spec: QueueSpec;
  measures: Array<{ label: string; theory: number; value: (r: QueueResult) => number }>;
}

export interface SelfcheckRow {
  check: string;
  measure: string;
  theory: number;
  mean: number;
  ciLow: number;
  ciHigh: number;
  n: number;
  inside: boolean;
}

export function selfcheckCases(): Check[] {
  const mm1 = mmc(1, 0.9, 1);
  const mm3 = mmc(3, 2.4, 1);
  return [
    {
      name: 'M/M/1, rho 0.9',
      spec: { c: 1, lambda: 0.9, service: exponentialService(1), warmup: 2000, horizon: 40000 },
      measures: [
        { label: 'Wq', theory: mm1.wq, value: (r) => r.wq[0]! },
        { label: 'Lq', theory: mm1.lq, value: (r) => r.lq },
        { label: 'utilisation', theory: mm1.utilisation, value: (r) => r.utilisation },
      ],
    },
    {
      name: 'M/M/3, rho 0.8 (Erlang C)',
      spec: { c: 3, lambda: 2.4, service: exponentialService(1), warmup: 1000, horizon: 10000 },
      measures: [
        { label: 'Wq', theory: mm3.wq, value: (r) => r.wq[0]! },
        { label: 'W', theory: mm3.w, value: (r) => r.w[0]! },
      ],
    },
    {
      name: 'M/M/2/5 (blocking)',
      spec: { c: 2, lambda: 1.8, service: exponentialService(1), warmup: 500, horizon: 10000, queueLimit: 3 },
      measures: [{ label: 'P(block)', theory: mmcKBlocking(2, 5, 1.8, 1), value: (r) => r.blocked / r.arrived }],
    },
    {
      name: 'M/D/1, rho 0.8 (P-K)',
      spec: { c: 1, lambda: 0.8, service: deterministicService(1), warmup: 1000, horizon: 20000 },
      measures: [{ label: 'Wq', theory: mg1Wq(0.8, 1, 1), value: (r) => r.wq[0]! }],
    },
    {
      name: 'M/M/1+M (reneging)',
      spec: { c: 1, lambda: 1.2, service: exponentialService(1), warmup: 500, horizon: 10000, patienceMean: 2 },
      measures: [{ label: 'P(renege)', theory: mm1AbandonShare(1.2, 1, 0.5), value: (r) => r.reneged / r.arrived }],
    },
  ];
}

export function runSelfcheck(replications = 20, seed = 1): SelfcheckRow[] {
  const rows: SelfcheckRow[] = [];
  for (const c of selfcheckCases()) {
    const results: QueueResult[] = [];
    for (let r = 0; r < replications; r++) results.push(runQueue(c.spec, seed, r));
    for (const m of c.measures) {
      const s = summarise(results.map(m.value), 0.95);
      rows.push({ check: c.name, measure: m.label, theory: m.theory, ...s, inside: s.ciLow <= m.theory && m.theory <= s.ciHigh });
    }
  }
  return rows;
}
