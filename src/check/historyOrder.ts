/**
 * The run's history in invocation order, from the clients' own histories: exactly what a
 * stable sort of their concatenation by `invokeMs` gives (ties keep list order, then position).
 *
 * The ops are scattered over the heap, so reading `invokeMs` is what costs: each list is read
 * once, in its own order (the order its ops lie in memory, which the prefetcher follows), into
 * a column of times. The sort itself then reads only that column. It is a distribution sort:
 * the time range is cut into as many equal buckets as there are ops, each op goes to its
 * bucket in concatenation order (counting sort: stable), and an insertion sort fixes the order
 * inside buckets (a bucket holds about one op, so it moves few). Unlike a k-way merge it has
 * no data-dependent branch per op per level, which is what the merge cost. Inputs it does not
 * suit (a list out of order, non-finite times, times so clustered that the insertion sort
 * would move too much) get the plain stable sort.
 */
import type { HistoryOp } from './history';

/** Every op of `lists`, ordered by invokeMs; equal times keep list order. A new array. */
export function inInvokeOrder(lists: readonly (readonly HistoryOp[])[]): HistoryOp[] {
  // Each list is ordered (checked below), so the extremes are at the lists' ends.
  let total = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let c = 0; c < lists.length; c++) {
    const l = lists[c];
    if (l.length === 0) continue;
    total += l.length;
    min = Math.min(min, l[0].invokeMs);
    max = Math.max(max, l[l.length - 1].invokeMs);
  }
  if (total === 0) return [];
  if (!Number.isFinite(min) || !Number.isFinite(max)) return byInvokeSort(lists);
  // Bucket of time t: floor((t - min) * scale), monotone in t (so buckets keep time order).
  const buckets = total;
  const scale = max > min ? buckets / (max - min) : 0;
  const times = new Float64Array(total);
  const bucketOf = new Int32Array(total);
  const next = new Int32Array(buckets + 1);
  let g = 0;
  for (let c = 0; c < lists.length; c++) {
    const l = lists[c];
    for (let i = 0; i < l.length; i++, g++) {
      const t = l[i].invokeMs;
      // Out of order (a client clock set back), or NaN (fails both tests): the plain sort.
      if (!(t >= min && t <= max) || (i > 0 && t < times[g - 1])) return byInvokeSort(lists);
      times[g] = t;
      const b = Math.min(buckets - 1, Math.floor((t - min) * scale));
      bucketOf[g] = b;
      next[b + 1]++;
    }
  }
  // next[b]: the first free slot of bucket b.
  for (let b = 1; b <= buckets; b++) next[b] += next[b - 1];
  const out: HistoryOp[] = new Array(total);
  const sorted = new Float64Array(total);
  g = 0;
  for (let c = 0; c < lists.length; c++) {
    const l = lists[c];
    for (let i = 0; i < l.length; i++, g++) {
      const s = next[bucketOf[g]]++;
      out[s] = l[i];
      sorted[s] = times[g];
    }
  }
  // Stable insertion sort over the whole array: an op moves back only past later-bucket-mates
  // with a greater time, never out of its bucket. Give up past a budget of moves.
  let budget = 8 * total + 1024;
  for (let s = 1; s < total; s++) {
    const t = sorted[s];
    if (!(t < sorted[s - 1])) continue;
    const op = out[s];
    let j = s;
    do {
      sorted[j] = sorted[j - 1];
      out[j] = out[j - 1];
      j--;
    } while (j > 0 && sorted[j - 1] > t);
    sorted[j] = t;
    out[j] = op;
    budget -= s - j;
    if (budget < 0) return byInvokeSort(lists);
  }
  return out;
}

/** The general case: concatenate, then a stable sort by invokeMs. */
function byInvokeSort(lists: readonly (readonly HistoryOp[])[]): HistoryOp[] {
  const all: HistoryOp[] = [];
  for (const l of lists) all.push(...l);
  return all.sort((a, b) => a.invokeMs - b.invokeMs);
}
