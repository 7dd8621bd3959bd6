/**
 * Deterministic math for anything that affects a run.
 *
 * `Math.log`, `Math.exp`, `Math.pow` and the trig functions are not required by the ECMAScript
 * spec to be correctly rounded, so V8 builds and other engines may differ in the last bit. The
 * simulation must replay bit for bit in Node and in Chromium, so it uses these versions, built
 * only from +, -, *, / (which IEEE 754 defines exactly) and a fixed number of series terms.
 */

const LN2 = 0.6931471805599453;

/** Natural logarithm for x > 0, accurate to ~1e-15 relative; exact same bits everywhere. */
export function detLn(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  // Reduce x = m * 2^e with m in [0.75, 1.5): scaling by 2 is exact.
  let e = 0;
  let m = x;
  while (m >= 1.5) {
    m /= 2;
    e++;
  }
  while (m < 0.75) {
    m *= 2;
    e--;
  }
  // ln(m) = 2 * atanh(s), s = (m - 1) / (m + 1), |s| <= 0.2: the series converges fast.
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let k = 1; k <= 41; k += 2) {
    sum += term / k;
    term *= s2;
  }
  return 2 * sum + e * LN2;
}

/** An exponentially distributed sample with the given mean, from a uniform u in [0, 1). */
export function detExponential(mean: number, u: number): number {
  return -mean * detLn(1 - u);
}
