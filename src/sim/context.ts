import type { Disk } from './disk';
import type { ProcessContext, SimMessage } from './process';
import type { Rng } from './rng';
import type { Micros } from './time';
import type { World } from './world';
import type { WorldState } from './worldState';

/** What a process sees of the world; reads through `world.state`, so it survives a restore. */
export class Context implements ProcessContext {
  /**
   * The process's random stream and its host's disk, remembered with the state they belong to
   * (a restore swaps the state). A member asks for its disk several times per message.
   */
  private stateOf: WorldState | null = null;
  private rngCached: Rng | null = null;
  private diskCached: Disk | null = null;

  constructor(private readonly world: World, private readonly hostIndex: number, readonly proc: string) {}

  get node(): string {
    return this.world.state.hosts[this.hostIndex].id;
  }

  now(): Micros {
    return this.world.state.hosts[this.hostIndex].localNow(this.world.state.now);
  }

  send(to: string, msg: SimMessage, toProc?: string): void {
    this.world.send(this.hostIndex, this.proc, to, msg, toProc ?? this.proc);
  }

  setTimer(delay: Micros, name: string, data?: unknown): number {
    return this.world.setTimer(this.hostIndex, this.proc, delay, name, data);
  }

  cancelTimer(id: number): void {
    this.world.cancelTimer(this.hostIndex, id);
  }

  get rng(): Rng {
    if (this.world.state !== this.stateOf) this.remember();
    return this.rngCached!;
  }

  get disk(): Disk {
    if (this.world.state !== this.stateOf) this.remember();
    return this.diskCached!;
  }

  private remember(): void {
    const state = this.world.state;
    const host = state.hosts[this.hostIndex];
    this.rngCached = host.rngs.get(this.proc)!;
    this.diskCached = host.disk;
    this.stateOf = state;
  }

  fsync(name: string, data?: unknown): void {
    this.world.fsync(this.hostIndex, this.proc, name, data);
  }

  emit(kind: string, data: unknown): void {
    this.world.emit(this.hostIndex, this.proc, kind, data);
  }

  exit(reason: string): void {
    const id = this.node;
    this.world.crash(id);
    this.world.fault('exit', id, reason);
  }
}
