/**
 * The simulated network: per-link delay, loss and duplication, and the faults laid over it
 * (partitions, one-way cuts, isolation, clogging, held messages).
 *
 * Links are ordered pairs of host indexes. Delay = a sample of the link's latency distribution
 * plus uniform jitter, drawn per message, so messages on one link can overtake each other
 * (reordering comes from jitter, as on a real network without ordered streams).
 */
import { detExponential } from './detmath';
import { StringMap } from './stringMap';
import { fnv1a, type Rng } from './rng';
import type { Micros } from './time';
import { MS } from './time';

export type LatencyDist =
  | { kind: 'fixed'; us: Micros }
  | { kind: 'uniform'; min: Micros; max: Micros }
  | { kind: 'exponential'; min: Micros; mean: Micros };

export interface LinkParams {
  latency: LatencyDist;
  jitter: Micros;
  loss: number;
  duplicate: number;
}

export interface HoldFilter {
  from?: string;
  to?: string;
  type?: string;
}

export interface LinkCounters {
  sent: number;
  delivered: number;
  dropped: number;
}

/** A message type as the kernel sees it: its hash code for the trace, and its counters. */
export interface MessageType {
  code: number;
  counters: LinkCounters;
}

/** Defaults by how far apart two zones are; zone names read "cloud/region/zone". */
export function zoneLatency(a: string, b: string): LatencyDist {
  if (a === b) return { kind: 'fixed', us: 500 };
  const [ca, ra] = a.split('/');
  const [cb, rb] = b.split('/');
  if (ca === cb && ra === rb) return { kind: 'uniform', min: 1 * MS, max: 2 * MS }; // across zones in a region
  if (ca === cb) return { kind: 'exponential', min: 30 * MS, mean: 5 * MS }; // across regions, one cloud
  return { kind: 'exponential', min: 60 * MS, mean: 10 * MS }; // across clouds, over the internet
}

export function sampleLatency(d: LatencyDist, rng: Rng): Micros {
  switch (d.kind) {
    case 'fixed':
      return d.us;
    case 'uniform':
      return d.min + Math.floor(rng.float() * (d.max - d.min + 1));
    case 'exponential':
      return d.min + Math.round(detExponential(d.mean, rng.float()));
  }
}

const KEY = 65536;
export const linkKey = (from: number, to: number): number => from * KEY + to;

export class NetworkState {
  /** Explicit per-link settings (from `link` actions); others use zone defaults. */
  overrides = new Map<number, LinkParams>();
  /** When set (`network.latency` in the scenario), the latency of every link by default. */
  private baseLatency: LatencyDist | null = null;
  private baseJitter: Micros = 0;
  private baseLoss = 0;
  private baseDuplicate = 0;
  /** Partition: host index → group number; hosts without one are unaffected. */
  groups = new Map<number, number>();
  /** One-way cuts, by link key. */
  cuts = new Set<number>();
  isolated = new Set<number>();
  /** Link key → time until which packets wait. */
  clogs = new Map<number, Micros>();
  holds: HoldFilter[] = [];
  linkCounters = new Map<number, LinkCounters>();
  typeCounters = new Map<string, LinkCounters>();
  /*
   * Every send looks up its link's counters and settings and its type's counters: the same
   * objects as in the maps above, found by row and column (sender, receiver) instead of a
   * hashed key. `paramRows` is dropped whenever a setting changes.
   */
  private counterRows: (LinkCounters | undefined)[][] = [];
  private paramRows: (LinkParams | undefined)[][] = [];
  private types = new StringMap<MessageType>();

  /** True when any cut-type fault is in force (fast path when false). */
  hasCuts(): boolean {
    return this.groups.size > 0 || this.cuts.size > 0 || this.isolated.size > 0;
  }

  blocked(from: number, to: number): boolean {
    if (from === to) return false;
    if (this.isolated.has(from) || this.isolated.has(to)) return true;
    if (this.cuts.has(linkKey(from, to))) return true;
    const gf = this.groups.get(from);
    if (gf === undefined) return false;
    const gt = this.groups.get(to);
    return gt !== undefined && gt !== gf;
  }

  /** Default settings per link, derived from the base settings and zones (see setBase). */
  private defaults = new Map<number, LinkParams>();

  setBase(latency: LatencyDist | null, jitter: Micros, loss: number, duplicate: number): void {
    this.baseLatency = latency;
    this.baseJitter = jitter;
    this.baseLoss = loss;
    this.baseDuplicate = duplicate;
    this.defaults.clear();
    this.paramRows = [];
  }

  /** Explicit settings for one link (a `link` action). */
  setOverride(from: number, to: number, params: LinkParams): void {
    this.overrides.set(linkKey(from, to), params);
    this.paramRows = [];
  }

  params(from: number, to: number, zoneFrom: string, zoneTo: string): LinkParams {
    const row = this.paramRows[from];
    const cached = row === undefined ? undefined : row[to];
    if (cached !== undefined) return cached;
    const p = this.resolveParams(from, to, zoneFrom, zoneTo);
    (this.paramRows[from] ??= [])[to] = p;
    return p;
  }

  private resolveParams(from: number, to: number, zoneFrom: string, zoneTo: string): LinkParams {
    const key = linkKey(from, to);
    const o = this.overrides.get(key);
    if (o) return o;
    let d = this.defaults.get(key);
    if (d === undefined) {
      d = { latency: this.baseLatency ?? zoneLatency(zoneFrom, zoneTo), jitter: this.baseJitter, loss: this.baseLoss, duplicate: this.baseDuplicate };
      this.defaults.set(key, d);
    }
    return d;
  }

  partition(groups: number[][]): void {
    this.groups.clear();
    groups.forEach((g, i) => g.forEach((h) => this.groups.set(h, i)));
  }

  /** `heal` removes every cut: partitions, one-way cuts, isolations and clogs. */
  heal(): void {
    this.groups.clear();
    this.cuts.clear();
    this.isolated.clear();
    this.clogs.clear();
  }

  linkCounter(from: number, to: number): LinkCounters {
    const row = this.counterRows[from];
    const cached = row === undefined ? undefined : row[to];
    if (cached !== undefined) return cached;
    const k = linkKey(from, to);
    let l = this.linkCounters.get(k);
    if (!l) this.linkCounters.set(k, (l = { sent: 0, delivered: 0, dropped: 0 }));
    (this.counterRows[from] ??= [])[to] = l;
    return l;
  }

  messageType(type: string): MessageType {
    let t = this.types.get(type);
    // `| 0`: the same 32 bits for the hash, but a small integer, where fnv1a's unsigned
    // result would make every event carrying it hold a boxed number.
    if (t === undefined) this.types.set(type, (t = { code: fnv1a(type) | 0, counters: this.typeCounter(type) }));
    return t;
  }

  typeCounter(type: string): LinkCounters {
    let t = this.typeCounters.get(type);
    if (!t) this.typeCounters.set(type, (t = { sent: 0, delivered: 0, dropped: 0 }));
    return t;
  }

  matchesHold(from: string, to: string, type: string): boolean {
    for (const h of this.holds) {
      if ((h.from === undefined || h.from === from) && (h.to === undefined || h.to === to) && (h.type === undefined || h.type === type)) return true;
    }
    return false;
  }
}
