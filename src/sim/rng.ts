/**
 * Seeded randomness for the simulation.
 *
 * Every component draws from its own stream, derived from the run's seed and a stable name
 * (e.g. "net", "raft/n3"), so adding a component never shifts another's randomness.
 * The generator is xoshiro128** over 32-bit integers: only integer ops and `Math.imul`, so
 * every JavaScript engine produces the same bits. Floats are built from those bits with exact
 * IEEE operations (a 32-bit integer divided by 2^32 is exact).
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number, name = '') {
    // Derive 128 bits of state from (seed, name) with splitmix32 over an FNV-1a mix of the name.
    let h = fnv1a(name) ^ Math.imul(seed | 0, 0x9e3779b1) ^ ((seed / 0x100000000) | 0);
    const next = (): number => {
      h = (h + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A child stream: independent of this one's future draws. */
  fork(name: string): Rng {
    return new Rng(this.u32(), name);
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi). Requires hi > lo and hi - lo <= 2^32. */
  int(lo: number, hi: number): number {
    const span = hi - lo;
    if (span <= 0) return lo;
    return lo + Math.floor(this.float() * span);
  }

  /** True with probability p. Draws once even for p = 0 or 1, so streams stay aligned. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** Plain state, for snapshots and for the UI's "about this run". */
  state(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a over UTF-16 code units: a stable 32-bit name hash. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
