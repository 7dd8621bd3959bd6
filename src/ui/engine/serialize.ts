/**
 * Parsed actions back to scenario JSON (times as exact "…us" strings), so an exported file or
 * a share link replays to the same trace hash. Used until the Simulation provides its own.
 */
import type { Action } from '../../scenario/types';
import type { LatencyDist } from '../../sim/network';

const us = (n: number) => `${n}us`;

function latencyJson(d: LatencyDist): object {
  switch (d.kind) {
    case 'fixed': return { dist: 'fixed', value: us(d.us) };
    case 'uniform': return { dist: 'uniform', min: us(d.min), max: us(d.max) };
    case 'exponential': return { dist: 'exponential', min: us(d.min), mean: us(d.mean) };
  }
}

export function actionJson(a: Action): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a, at: us(a.at) };
  if (a.do === 'link') {
    if (a.latency) out.latency = latencyJson(a.latency);
    if (a.jitter !== undefined) out.jitter = us(a.jitter);
  }
  if (a.do === 'clog') out.for = us(a.for);
  if (a.do === 'lease-grant') out.ttl = us(a.ttl);
  return out;
}

/** The original JSON with its timeline replaced by the run's (user actions included). */
export function scenarioJson(raw: object, actions: Action[]): object {
  return { ...raw, actions: actions.map(actionJson) };
}
