/**
 * A simulated machine: up or crashed, running or paused, with its own clock rate, disk and
 * processes. Crash semantics follow a power loss: processes, timers and unsynced writes are
 * gone; the disk's durable part survives; a restart boots the processes anew from their specs.
 */
import { Disk } from './disk';
import type { Process } from './process';
import { Rng } from './rng';
import type { Micros } from './time';

export interface ProcessSpec {
  name: string;
  kind: string;
  config: unknown;
}

export interface HostSpec {
  id: string;
  /** "cloud/region/zone"; hosts without one share a default zone. */
  zone?: string;
  /** Servers take part in partitions by default; clients are only cut when named. */
  role?: 'server' | 'client';
  procs: ProcessSpec[];
}

export class Host {
  up = false;
  paused = false;
  /** Bumped on every crash, so timers set before it never fire after it. */
  incarnation = 0;
  /** Clock rate: 1.0 = true time. Local time = localBase + (now - trueBase) * rate. */
  rate = 1;
  trueBase: Micros = 0;
  localBase: Micros = 0;
  disk = new Disk();
  procs = new Map<string, Process>();
  /** The first process, found without a lookup: most hosts run only one (see process()). */
  private firstName = '';
  private first: Process | undefined = undefined;
  rngs = new Map<string, Rng>();
  /** Timers set and neither fired nor cancelled (the world keeps them, by id). */
  liveTimers = 0;
  /** Events that came due while paused; they run, late and in order, on resume. */
  deferred: { at: number; seq: number }[] = [];
  readonly id: string;
  readonly zone: string;
  readonly role: 'server' | 'client';
  readonly specs: ProcessSpec[];

  constructor(spec: HostSpec, readonly index: number, seed: number) {
    this.id = spec.id;
    this.zone = spec.zone ?? 'local/region/zone';
    this.role = spec.role ?? 'server';
    this.specs = spec.procs;
    for (const p of spec.procs) this.rngs.set(p.name, new Rng(seed, `${spec.id}/${p.name}`));
  }

  process(name: string): Process | undefined {
    return name === this.firstName ? this.first : this.procs.get(name);
  }

  /** Replaces the running processes (a boot, or none after a crash). */
  setProcesses(procs: [string, Process][]): void {
    this.procs.clear();
    for (const [name, p] of procs) this.procs.set(name, p);
    this.firstName = procs.length > 0 ? procs[0][0] : '';
    this.first = procs.length > 0 ? procs[0][1] : undefined;
  }

  localNow(now: Micros): Micros {
    return this.rate === 1 && this.trueBase === this.localBase
      ? now
      : this.localBase + Math.floor((now - this.trueBase) * this.rate);
  }

  /** A local-clock delay as true time: a fast clock fires its timers early. */
  trueDelay(local: Micros): Micros {
    return this.rate === 1 ? local : Math.max(0, Math.round(local / this.rate));
  }

  setRate(now: Micros, rate: number): void {
    this.localBase = this.localNow(now);
    this.trueBase = now;
    this.rate = rate;
  }
}
