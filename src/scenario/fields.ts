/** Field readers shared by the scenario parser and the action parser. */
import type { LatencyDist } from '../sim/network';
import { SECOND } from '../sim/time';
import { show } from './errors';
import * as v from './validate';

export function nodeId(value: unknown, path: string): string {
  const id = v.string(value, path);
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(id)) v.fail(path, 'a node id of lowercase letters, digits and "-", starting with a letter (like "n1")', value);
  return id;
}

export function parseLatency(value: unknown, path: string): LatencyDist {
  if (typeof value === 'string' || typeof value === 'number') return { kind: 'fixed', us: v.duration(value, path, 3600 * SECOND) };
  const o = v.object(value, path, ['dist', 'value', 'min', 'max', 'mean']);
  const dist = v.required(o, 'dist', path, (x, p) => v.oneOf(x, p, ['fixed', 'uniform', 'exponential'] as const));
  const d = (key: string) => v.required(o, key, path, (x, p) => v.duration(x, p, 3600 * SECOND));
  if (dist === 'fixed') return { kind: 'fixed', us: d('value') };
  if (dist === 'uniform') {
    const min = d('min');
    const max = d('max');
    if (max < min) v.fail(`${path}.max`, `at least min (${show(o.min)})`, o.max);
    return { kind: 'uniform', min, max };
  }
  return { kind: 'exponential', min: d('min'), mean: d('mean') };
}

/** "20/s", "300/m" or a number per second. */
export function parseRate(value: unknown, path: string): number {
  if (typeof value === 'number') return v.number(value, path, 0, 100_000);
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|m)\s*$/.exec(value) : null;
  if (!m) v.fail(path, 'a rate like "20/s" or "300/m"', value);
  const perSecond = m[2] === 's' ? Number(m[1]) : Number(m[1]) / 60;
  if (perSecond > 100_000) v.fail(path, 'at most 100000/s', value);
  return perSecond;
}

