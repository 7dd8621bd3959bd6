/**
 * Command-line flags for the headless tools. Bad flags are input errors: the caller prints
 * the message and exits 2.
 */
import { parseDuration } from '../sim/time';

export class UsageError extends Error {}

export interface Flags {
  positional: string[];
  values: Map<string, string[]>;
  switches: Set<string>;
}

/** Parses `--name value`, `--name=value` and bare `--switch`; `valued` names take a value. */
export function parseFlags(argv: string[], valued: readonly string[], switches: readonly string[]): Flags {
  const out: Flags = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (switches.includes(name) && eq < 0) {
      out.switches.add(name);
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      out.values.set(name, [...(out.values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option --${name} (known: ${[...valued, ...switches].map((n) => `--${n}`).join(', ')})`);
    }
  }
  return out;
}

export function intFlag(flags: Flags, name: string): number | undefined {
  const v = flags.values.get(name)?.at(-1);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: expected a whole number, got "${v}"`);
  return Number(v);
}

export function durationFlag(flags: Flags, name: string): number | undefined {
  const v = flags.values.get(name)?.at(-1);
  if (v === undefined) return undefined;
  const us = parseDuration(/^\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  if (us === null) throw new UsageError(`--${name}: expected a duration like "30s" or "500ms", got "${v}"`);
  return us;
}
