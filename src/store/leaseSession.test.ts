import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { LeaseSession, leaseIdBase, minLeaseTtlMs } from './leaseSession';

describe('minLeaseTtlMs (etcd: (3 * electionTicks / 2) * heartbeat)', () => {
  it('is 1.5 s with etcd defaults (100 ms heartbeat, 1 s election timeout)', () => {
    expect(minLeaseTtlMs(100_000, 1_000_000)).toBe(1500);
  });

  it('rounds the ticks down like etcd integer division, then scales with the heartbeat', () => {
    expect(minLeaseTtlMs(50_000, 250_000)).toBe(350); // 5 ticks: 15/2 = 7 heartbeats
    expect(minLeaseTtlMs(10_000, 110_000)).toBe(160); // 11 ticks: 33/2 = 16 heartbeats
  });
});

describe('leaseIdBase', () => {
  it('gives clients disjoint, safe-integer id ranges above the small ids scripts use', () => {
    const bases = ['c1', 'c2', 'c3', 'cli', 'worker-7'].map(leaseIdBase);
    expect(new Set(bases).size).toBe(bases.length);
    for (const b of bases) {
      expect(b % 2 ** 24).toBe(0);
      expect(b).toBeGreaterThanOrEqual(2 ** 24);
      expect(Number.isSafeInteger(b + 2 ** 24)).toBe(true);
    }
  });
});

describe('LeaseSession', () => {
  it('walks grant → held → reset, with a new lease id and generation each time', () => {
    const s = new LeaseSession(3000, 2 ** 24, 'session/c1');
    const rng = new Rng(1, 'test');
    expect(s.phase).toBe('idle');
    expect(s.attach(rng)).toBeUndefined();
    const first = s.begin();
    expect(first).toBe(2 ** 24 + 1);
    expect(s.phase).toBe('granting');
    s.held(10_000_000, rng);
    expect(s.phase).toBe('held');
    // A held session lasts 2 to 6 TTLs; keep-alives every TTL/3 (clientv3).
    expect(s.endsAt).toBeGreaterThanOrEqual(10_000_000 + 6_000_000);
    expect(s.endsAt).toBeLessThan(10_000_000 + 18_000_000);
    expect(s.keepAliveEvery).toBe(1_000_000);
    const attached = Array.from({ length: 200 }, () => s.attach(rng));
    expect(attached.filter((l) => l === first).length).toBeGreaterThan(50);
    expect(attached.filter((l) => l === undefined).length).toBeGreaterThan(50);
    s.reset();
    expect(s).toMatchObject({ phase: 'idle', lease: 0 });
    expect(s.begin()).toBe(2 ** 24 + 2);
    expect(s.generation).toBe(2);
  });
});
