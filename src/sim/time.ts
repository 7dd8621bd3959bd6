/**
 * Virtual time: integer microseconds since the start of the run.
 *
 * Durations in scenarios are strings with a unit ("250us", "150ms", "2s", "5m") or plain numbers
 * of milliseconds. Integers keep the event order exact; 2^53 µs is about 285 years of run.
 */
export type Micros = number;

export const US = 1;
export const MS = 1000;
export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;

const UNIT: Record<string, number> = { us: US, µs: US, ms: MS, s: SECOND, m: MINUTE, h: 60 * MINUTE };
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/;

/** Parse a duration; returns null when the text is not one (the caller words the error). */
export function parseDuration(value: unknown): Micros | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    return Math.round(value * MS);
  }
  if (typeof value !== 'string') return null;
  const match = DURATION.exec(value);
  if (!match) return null;
  return Math.round(Number(match[1]) * UNIT[match[2]]);
}

/** Human form for summaries and the UI: "1.204s", "150ms", "250us". */
export function formatDuration(us: Micros): string {
  if (us >= MINUTE && us % MINUTE === 0) return `${us / MINUTE}m`;
  if (us >= SECOND) return `${trim(us / SECOND)}s`;
  if (us >= MS) return `${trim(us / MS)}ms`;
  return `${us}us`;
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** Microseconds to the report's milliseconds (fractional, as DESIGN.md's `atMs: 1210.5`). */
export function toMs(us: Micros): number {
  return us / MS;
}
