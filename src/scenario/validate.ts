/**
 * Small typed readers for untrusted JSON. Each takes the value and its JSON path, returns the
 * typed value or throws a ScenarioError naming the path and what was expected.
 */
import { parseDuration, type Micros } from '../sim/time';
import { ScenarioError, show } from './errors';

export type Json = unknown;

export function fail(path: string, expected: string, got: Json): never {
  throw new ScenarioError(path, `expected ${expected}, got ${show(got)}`);
}

/** Reads an object, refusing fields not in `known` (typos must not pass silently). */
export function object(value: Json, path: string, known: readonly string[]): Record<string, Json> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'an object', value);
  const record = value as Record<string, Json>;
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      throw new ScenarioError(`${path}.${key}`, `unknown field "${key}" (known here: ${known.join(', ')})`);
    }
  }
  return record;
}

export function string(value: Json, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

export function nonEmpty(value: Json, path: string): string {
  const s = string(value, path);
  if (s.length === 0) fail(path, 'a non-empty string', value);
  return s;
}

export function number(value: Json, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `a number from ${min} to ${max}`, value);
  if (value < min || value > max) fail(path, `a number from ${min} to ${max}`, value);
  return value;
}

export function integer(value: Json, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `a whole number from ${min} to ${max}`, value);
  }
  return value;
}

export function boolean(value: Json, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

export function duration(value: Json, path: string, max: Micros = Number.MAX_SAFE_INTEGER): Micros {
  const us = parseDuration(value);
  if (us === null) fail(path, 'a duration like "250us", "150ms", "2s", "5m" or a number of ms', value);
  if (us > max) fail(path, `a duration of at most ${max / 1000}ms`, value);
  return us;
}

export function oneOf<T extends string>(value: Json, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !options.includes(value as T)) fail(path, `one of ${options.map((o) => `"${o}"`).join(', ')}`, value);
  return value as T;
}

export function array(value: Json, path: string): Json[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

/** A probability in [0, 1]. */
export function probability(value: Json, path: string): number {
  return number(value, path, 0, 1);
}

export function optional<T>(record: Record<string, Json>, key: string, path: string, read: (v: Json, p: string) => T): T | undefined {
  return record[key] === undefined ? undefined : read(record[key], `${path}.${key}`);
}

export function required<T>(record: Record<string, Json>, key: string, path: string, read: (v: Json, p: string) => T): T {
  if (record[key] === undefined) throw new ScenarioError(`${path}.${key}`, `missing required field "${key}"`);
  return read(record[key], `${path}.${key}`);
}
