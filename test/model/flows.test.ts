/**
 * Flow counts between nodes (the web app's flow diagram): every node a casus passes has a counted
 * way in and a way out, so the diagram has no dead ends; counts are over the observed period, so
 * in and out differ only by the casussen in transit at its ends.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runReplication } from '../../src/model/model.js';
import { loadScenario } from '../../src/scenario/load.js';

const root = join(import.meta.dirname, '..', '..');

describe('flow counts', () => {
  for (const f of ['nijmegen-2019-indicatiemodel', 'brede-basisteams', 'one-stop-shop', 'variants/verplicht-mdo']) {
    it(`${f}: re-referrals, MDO and families without referrer lead on; in and out balance`, () => {
      const s = loadScenario(join(root, 'scenarios', `${f}.yaml`)).scenario;
      const r = runReplication(s, { seed: 3, replication: 0, horizonWeeks: 104, warmupWeeks: 52 });
      const inflow = new Map<string, number>();
      const outflow = new Map<string, number>();
      for (const [key, n] of Object.entries(r.flows)) {
        const [from, to] = key.split(' -> ') as [string, string];
        outflow.set(from, (outflow.get(from) ?? 0) + n);
        inflow.set(to, (inflow.get(to) ?? 0) + n);
      }
      expect(outflow.get('step_up') ?? 0).toBeGreaterThan(0);
      if ((inflow.get('mdo') ?? 0) > 0) expect(outflow.get('mdo') ?? 0).toBeGreaterThan(0);
      for (const [node, n] of inflow) {
        if (node.startsWith('exit:')) continue;
        const out = outflow.get(node) ?? 0;
        // In transit at the end of the period: at most a small share of a node's inflow (care
        // episodes and waits last months, so care levels keep more at the horizon).
        const slack = node.startsWith('care:') ? 0.35 : 0.15;
        expect(out, `${node}: in ${n}, out ${out}`).toBeGreaterThanOrEqual(n * (1 - slack) - 10);
      }
    });
  }
});
