/**
 * Processes: the software a host runs (an etcd member, a client, later a kubelet).
 *
 * A process sees the world only through the context the kernel passes to each callback. It
 * never keeps the context: its own fields must be plain data, so the kernel can snapshot the
 * world by cloning and a restored process continues exactly where it was.
 */
import type { Disk } from './disk';
import type { Rng } from './rng';
import type { Micros } from './time';

export interface SimMessage {
  type: string;
}

export interface ProcessContext {
  readonly node: string;
  readonly proc: string;
  /** This host's clock, in µs; runs at the host's skew rate. */
  now(): Micros;
  send(to: string, msg: SimMessage, toProc?: string): void;
  /** Calls `onTimer(name, data)` after `delay` µs of this host's clock. Returns an id. */
  setTimer(delay: Micros, name: string, data?: unknown): number;
  cancelTimer(id: number): void;
  readonly rng: Rng;
  readonly disk: Disk;
  /** Make the writes issued so far durable; calls `onTimer(name, data)` when done. */
  fsync(name: string, data?: unknown): void;
  /** Tell observers (checkers, the UI) something happened; not a message, costs no time. */
  emit(kind: string, data: unknown): void;
  /** The process dies (a panic): its host goes down as in a crash, until restarted. */
  exit(reason: string): void;
}

export interface Process {
  readonly kind: string;
  /** On boot and after every restart; a restarted process rebuilds itself from its disk. */
  start(ctx: ProcessContext): void;
  onMessage(ctx: ProcessContext, from: string, msg: SimMessage): void;
  onTimer(ctx: ProcessContext, name: string, data: unknown): void;
}

export type ProcessFactory = (config: unknown) => Process;

/**
 * Factories by kind. Functions live here, outside world state, so a snapshot holds only the
 * kind's name and its config, and a restart builds the process anew from them.
 */
const registry = new Map<string, ProcessFactory>();

export function registerProcessKind(kind: string, factory: ProcessFactory): void {
  registry.set(kind, factory);
}

export function createProcess(kind: string, config: unknown): Process {
  const factory = registry.get(kind);
  if (!factory) throw new Error(`no process kind "${kind}" is registered`);
  return factory(config);
}
