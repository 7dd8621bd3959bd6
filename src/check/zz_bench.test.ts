import { it } from 'vitest';
import { checkLinearizable } from './linearizable';
import { simulateRegister } from './registerSim';
it('bench', () => {
  for (const [ops, keys, clients, tr] of [[40000, 3, 20, 0.002], [40000, 10, 20, 0.002], [20000, 5, 16, 0.01], [10000, 3, 24, 0.02]] as const) {
    for (const seed of [1, 2]) {
      const h = simulateRegister({ seed, ops, keys, clients, timeoutRate: tr });
      const unk = h.filter((o) => o.completeMs === null).length;
      let t = performance.now();
      const r = checkLinearizable(h);
      const okMs = performance.now() - t;
      // mutate a get near 3/4
      let i = Math.floor(h.length * 0.75); while (!(h[i].op === 'get' && h[i].completeMs !== null && h[i].ok)) i++;
      h[i] = { ...h[i], result: 'nope' };
      t = performance.now();
      const r2 = checkLinearizable(h);
      const badMs = performance.now() - t;
      console.log(ops, keys, clients, 'unknown', unk, r.ok, r.undecided, okMs.toFixed(0) + 'ms', '| bad', r2.ok, r2.failure?.window.length, badMs.toFixed(0) + 'ms');
      let j = Math.floor(h.length * 0.5); while (!(h[j].op === 'get' && h[j].completeMs !== null && h[j].ok && h[j].result !== null)) j++;
      const h3 = h.slice(); h3[i] = { ...h3[i], result: h[j].result }; // stale-ish value from earlier
      t = performance.now();
      const r3 = checkLinearizable(h3);
      console.log('   stale', r3.ok, r3.undecided, r3.failure?.window.length, (performance.now() - t).toFixed(0) + 'ms', r3.detail.slice(0, 200));
    }
  }
});
