/**
 * Picks the engine for a scenario: the etcd `Simulation`, or (with `?engine=kernel`) the
 * kernel-only ping world. Switching engines is this one file.
 */
import { createPingEngine } from './pingEngine';
import { SimEngine } from './simEngine';
import type { Engine } from './types';

let kernelOnly = false;

/** Use the ping fixture instead of etcd (for kernel demos and tests). */
export function useKernelEngine(on: boolean): void {
  kernelOnly = on;
}

export function createEngine(json: unknown): Engine {
  return kernelOnly ? createPingEngine(json) : new SimEngine(json);
}

/** The scenario the explorer opens with: five etcd members and a register client. */
export const DEFAULT_SCENARIO_JSON: object = {
  name: 'Five etcd members',
  seed: 1,
  duration: '60s',
  topology: { etcd: 5 },
  network: { latency: '2ms', jitter: '1ms' },
  clients: [{ id: 'c1', workload: 'register', keys: 3, rate: '20/s', leases: true, leaseTtl: '3s' }],
};
