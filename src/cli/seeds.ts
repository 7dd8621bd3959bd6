/** Seed lists for sweeps: "1..1000", "5", "1,2,9", and sharding across machines. */
import { UsageError } from './args';

export function seedRange(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new UsageError(`--seeds: expected a list like "1..1000" or "1,5,9", got "${text}"`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new UsageError(`--seeds: range ${part} runs backwards`);
    if (hi - lo > 10_000_000) throw new UsageError(`--seeds: range ${part} is too large`);
    for (let s = lo; s <= hi; s++) out.push(s);
  }
  return out;
}

/** `--shard i/n`: every n-th seed starting at the i-th (1-based), so shards split evenly. */
export function shardOf(seeds: number[], shard: string | undefined): number[] {
  if (shard === undefined) return seeds;
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n, got "${shard}"`);
  const i = Number(m[1]) - 1;
  const n = Number(m[2]);
  return seeds.filter((_, k) => k % n === i);
}
