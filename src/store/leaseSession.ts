/**
 * A client's lease session, run the way etcd's clientv3 concurrency.Session runs one (the
 * session behind etcd's election and lock recipes, and behind "ephemeral" registrations):
 *
 * 1. grant a lease with the session TTL;
 * 2. keep it alive every TTL/3 (clientv3 sends the next keep-alive a third of the TTL after the
 *    last answer);
 * 3. attach keys to it: the session key `session/<client>` at once (an election candidate's
 *    key, a service registration), then half of the client's puts (`--lease`);
 * 4. after a while, end: either revoke the lease (Session.Close, a clean shutdown: its keys go
 *    at once) or fall silent (a crashed or partitioned owner: the leader expires the lease one
 *    TTL after the last renewal and deletes its keys);
 * 5. a moment later, start a new session with a new lease.
 *
 * A keep-alive answered "requested lease not found" means the lease expired under the client
 * (Session.Done): the session is lost and a new one starts. Only the decisions live here; the
 * client sends the requests. Plain data, so the world can be cloned.
 */
import type { Rng } from '../sim/rng';

export type SessionPhase = 'idle' | 'granting' | 'held' | 'closing' | 'lapsed';

const MS = 1000;

export class LeaseSession {
  phase: SessionPhase = 'idle';
  /** The session's lease id (0 while idle). */
  lease = 0;
  /** Counts sessions, so a timer from an earlier one does nothing. */
  generation = 0;
  /** When the held session ends, in µs of the client's clock. */
  endsAt = 0;
  keepAliveInFlight = false;
  private granted = 0;

  constructor(
    readonly ttlMs: number,
    /** Lease ids are idBase + 1, + 2...: clients choose ids from disjoint ranges. */
    readonly idBase: number,
    /** The key that announces the session, attached to its lease. */
    readonly key: string,
  ) {}

  /** µs between keep-alives (clientv3: TTL/3). */
  get keepAliveEvery(): number {
    return Math.max(1, Math.floor((this.ttlMs * MS) / 3));
  }

  /** Starts a session: the id of the lease to grant. */
  begin(): number {
    this.phase = 'granting';
    this.generation++;
    this.lease = this.idBase + ++this.granted;
    this.keepAliveInFlight = false;
    return this.lease;
  }

  /** The grant was acknowledged: hold the lease for 2 to 6 TTLs. */
  held(nowUs: number, rng: Rng): void {
    this.phase = 'held';
    this.endsAt = nowUs + Math.floor(this.ttlMs * MS * (2 + 4 * rng.float()));
  }

  /** The session is over (or never started): forget the lease. */
  reset(): void {
    this.phase = 'idle';
    this.lease = 0;
    this.keepAliveInFlight = false;
  }

  /** µs before the next session starts: half a TTL to one TTL, plus `extra`. */
  pause(rng: Rng, extraUs = 0): number {
    return extraUs + Math.floor(this.ttlMs * MS * (0.5 + 0.5 * rng.float()));
  }

  /** Attach the next put to the lease? Half of them while a session is held. */
  attach(rng: Rng): number | undefined {
    return this.phase === 'held' && rng.chance(0.5) ? this.lease : undefined;
  }
}

/**
 * A per-client base for lease ids (etcd's idutil puts the member id in the high bits of each
 * generated id for the same reason): FNV-1a of the client id, times 2^24.
 */
export function leaseIdBase(clientId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < clientId.length; i++) {
    h ^= clientId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return ((h & 0xfffff) + 1) * 2 ** 24;
}

/**
 * etcd's minimum lease TTL: (3 × electionTicks / 2) heartbeats (etcdserver NewServer:
 * `minTTL := time.Duration((3*cfg.ElectionTicks)/2) * heartbeat`), so a lease outlives a
 * leader election. lessor.Grant raises a shorter TTL to it silently. etcd rounds it up to
 * whole seconds because its TTLs are seconds; here TTLs are ms.
 */
export function minLeaseTtlMs(heartbeatUs: number, electionTimeoutUs: number): number {
  const electionTicks = Math.round(electionTimeoutUs / heartbeatUs);
  return Math.ceil((Math.floor((3 * electionTicks) / 2) * heartbeatUs) / MS);
}
