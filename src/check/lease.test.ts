import { describe, expect, it } from 'vitest';
import type { HistoryOp } from './history';
import { checkLeases } from './lease';
import type { LeaseRevocation } from './leaseHistory';

// Hand-made histories; times in ms, complete null = outcome unknown.
const base = { value: null, expected: null, result: null } as const;
const grant = (lease: number, ttlMs: number, invokeMs: number, completeMs: number | null, ok = true, error?: string): HistoryOp =>
  ({ ...base, client: 'c1', op: 'lease-grant', key: '', lease, ttlMs, invokeMs, completeMs, ok, ...(error && { error }) });
const keepAlive = (lease: number, ttlMs: number, invokeMs: number, completeMs: number | null, ok = true, error?: string): HistoryOp =>
  ({ ...base, client: 'c1', op: 'lease-keepalive', key: '', lease, ttlMs, invokeMs, completeMs, ok, ...(error && { error }) });
const revoke = (lease: number, invokeMs: number, completeMs: number | null, ok = true): HistoryOp =>
  ({ ...base, client: 'c1', op: 'lease-revoke', key: '', lease, invokeMs, completeMs, ok });
const put = (key: string, value: string, lease: number | undefined, invokeMs: number, completeMs: number | null, ok = true, error?: string): HistoryOp =>
  ({ ...base, client: 'c1', op: 'put', key, value, invokeMs, completeMs, ok, ...(lease !== undefined && { lease }), ...(error && { error }) });
const get = (key: string, result: string | null, invokeMs: number, completeMs: number): HistoryOp =>
  ({ ...base, client: 'c2', op: 'get', key, result, invokeMs, completeMs, ok: true });
const revocation = (lease: number, proposedMs: number, appliedMs: number, deleted: { key: string; value: string }[] = []): LeaseRevocation =>
  ({ lease, index: 10, term: 2, proposedMs, fromMs: proposedMs, appliedMs, revision: deleted.length > 0 ? 5 : null, deleted });

/** A lease held from 0 to 3000 ms, with its key, then expired. */
const held = (): HistoryOp[] => [
  grant(5, 1000, 0, 4),
  put('lock', 'a', 5, 10, 14),
  keepAlive(5, 1000, 300, 304),
  keepAlive(5, 1000, 2000, 2004),
  get('lock', 'a', 2500, 2504),
];

describe('checkLeases: correct histories pass', () => {
  it('accepts a lease kept alive, expired a TTL after its last renewal, its key gone after', () => {
    const h = [...held(), get('lock', null, 3600, 3604), keepAlive(5, 1000, 3700, 3704, false, 'ErrLeaseNotFound')];
    const r = checkLeases(h, [revocation(5, 3500, 3510, [{ key: 'lock', value: 'a' }])]);
    expect(r).toEqual({ ok: true, detail: '1 lease, 1 revoke (1 by expiry): ok', violations: [] });
  });

  it('accepts a client revoke well before the TTL (it is not an expiry)', () => {
    const h = [...held(), revoke(5, 2600, 2610), get('lock', null, 2700, 2710)];
    const r = checkLeases(h, [revocation(5, 2601, 2605, [{ key: 'lock', value: 'a' }])]);
    expect(r.ok).toBe(true);
    expect(r.detail).toBe('1 lease, 1 revoke (0 by expiry): ok');
  });

  it('accepts a re-grant of the same id after a revoke, and puts and keep-alives on it', () => {
    const h = [...held(), revoke(5, 2100, 2110), grant(5, 1000, 2200, 2204), put('lock', 'a', 5, 2300, 2304), keepAlive(5, 1000, 2400, 2404), get('lock', 'a', 2500, 2504)];
    expect(checkLeases(h, [revocation(5, 2101, 2105, [{ key: 'lock', value: 'a' }])]).ok).toBe(true);
  });

  it('a value also written without a lease may be read after the revoke', () => {
    const h = [...held(), put('lock', 'a', undefined, 2600, 2604), get('lock', 'a', 3600, 3604)];
    expect(checkLeases(h, [revocation(5, 3500, 3510, [{ key: 'lock', value: 'a' }])]).ok).toBe(true);
  });

  it('allows for a fast leader clock: TTL / maxClockRate', () => {
    // Renewed at 2000 for 1000 ms; with clocks up to 2x fast, expiry may come 500 ms later.
    const early = [revocation(5, 2600, 2610, [{ key: 'lock', value: 'a' }])];
    expect(checkLeases(held(), early, { maxClockRate: 2 }).ok).toBe(true);
    expect(checkLeases(held(), early).ok).toBe(false);
  });
});

describe('checkLeases: planted violations are caught', () => {
  it('lease-early-expiry: revoked for expiry before the TTL ran out since a renewal', () => {
    const r = checkLeases(held(), [revocation(5, 2500, 2510, [{ key: 'lock', value: 'a' }])]);
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([
      {
        rule: 'lease-early-expiry',
        lease: 5,
        message: 'the leader proposed the expiry revoke of lease 5 at 2.500s, but c1 lease-keepalive 5 [2.000s–2.004s] renewed it until 2.999s',
      },
    ]);
    expect(r.detail).toMatch(/^1 lease, 1 revoke \(1 by expiry\): 1 violation; first: lease-early-expiry/);
  });

  it('lease-early-expiry ignores renewals acknowledged only after the proposal', () => {
    // The keep-alive at 2000 was still in flight when the leader proposed: not binding.
    const h = [grant(5, 1000, 0, 4), keepAlive(5, 1000, 1000, 1004), keepAlive(5, 1000, 1990, 2020)];
    expect(checkLeases(h, [revocation(5, 2010, 2030)]).ok).toBe(true);
    expect(checkLeases(h, [revocation(5, 1900, 1930)]).ok).toBe(false);
  });

  it('lease-used-after-revoke: a keep-alive or a lease put succeeds after the revoke applied', () => {
    const h = [...held(), keepAlive(5, 1000, 3600, 3604), put('other', 'b', 5, 3700, 3704)];
    const r = checkLeases(h, [revocation(5, 3500, 3510)]);
    expect(r.violations.map((v) => v.rule)).toEqual(['lease-used-after-revoke', 'lease-used-after-revoke']);
    expect(r.violations[0].message).toBe(
      'c1 lease-keepalive 5 [3.600s–3.604s] succeeded after the revoke of lease 5 applied at 3.510s; etcd answers "requested lease not found"',
    );
  });

  it('lease-used-after-revoke also counts a revoke the client saw acknowledged', () => {
    const h = [...held(), revoke(5, 2100, 2110), keepAlive(5, 1000, 2200, 2204)];
    const r = checkLeases(h, []);
    expect(r.ok).toBe(false);
    expect(r.violations[0].rule).toBe('lease-used-after-revoke');
  });

  it('lease-key-after-revoke: a read after the revoke returns a value only the lease put wrote', () => {
    const h = [...held(), get('lock', 'a', 3600, 3604)];
    const r = checkLeases(h, [revocation(5, 3500, 3510, [{ key: 'lock', value: 'a' }])]);
    expect(r.violations).toEqual([
      { rule: 'lease-key-after-revoke', lease: 5, message: 'c2 get lock → a [3.600s–3.604s] reads a value written with lease 5, after the revoke of lease 5 applied at 3.510s' },
    ]);
  });

  it('lease-key-after-revoke holds even when the store forgot to delete the key (no delete recorded)', () => {
    const h = [...held(), get('lock', 'a', 3600, 3604)];
    expect(checkLeases(h, [revocation(5, 3500, 3510, [])]).violations.map((v) => v.rule)).toEqual(['lease-key-after-revoke']);
  });

  it('lease-revoke-scope: a revoke deleted a key not attached to its lease', () => {
    const h = [...held(), put('free', 'f', undefined, 20, 24)];
    const r = checkLeases(h, [revocation(5, 3500, 3510, [{ key: 'lock', value: 'a' }, { key: 'free', value: 'f' }])]);
    expect(r.violations).toEqual([
      { rule: 'lease-revoke-scope', lease: 5, message: 'the revoke of lease 5 (index 10) deleted free=f, which no put attached to that lease' },
    ]);
  });

  it('failed and refused requests carry no weight', () => {
    // A keep-alive refused after the revoke, and a put refused for a missing lease: fine.
    const h = [...held(), keepAlive(5, 1000, 3600, 3604, false, 'ErrLeaseNotFound'), put('lock', 'z', 5, 3700, 3704, false, 'ErrLeaseNotFound'), get('lock', null, 3800, 3804)];
    expect(checkLeases(h, [revocation(5, 3500, 3510, [{ key: 'lock', value: 'a' }])]).ok).toBe(true);
  });
});
