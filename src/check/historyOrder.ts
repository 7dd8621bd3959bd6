/**
 * The run's history in invocation order, from the clients' own histories.
 *
 * Each client records its operations as it invokes them, so each list is already ordered by
 * `invokeMs`. Merging the lists gives exactly what a stable sort of their concatenation gives
 * (ties keep list order, then position); a list found out of order (a client clock set back)
 * falls back to that sort.
 *
 * The ops are scattered over the heap, so reading `invokeMs` is what costs. Each list is read
 * once, in its own order (the order its ops lie in memory, which the prefetcher follows), into
 * a column of times; the merge then reads only the columns, picking each next op with a
 * tournament tree over the lists' head times (log2 of the list count comparisons per op).
 */
import type { HistoryOp } from './history';

/** Every op of `lists`, ordered by invokeMs; equal times keep list order. A new array. */
export function inInvokeOrder(lists: readonly (readonly HistoryOp[])[]): HistoryOp[] {
  const k = lists.length;
  const times: Float64Array[] = [];
  let total = 0;
  for (let c = 0; c < k; c++) {
    const l = lists[c];
    const t = new Float64Array(l.length);
    for (let i = 0; i < l.length; i++) {
      t[i] = l[i].invokeMs;
      if (i > 0 && t[i] < t[i - 1]) return byInvokeSort(lists);
    }
    times.push(t);
    total += l.length;
  }
  // Leaves: one per list (padded to a power of two with used-up lists); head[c] is the time of
  // list c's next op, +∞ once it is used up. Each inner node holds the winner of its children:
  // the smaller head, the left (earlier) list on a tie, which keeps the stable sort's order.
  let width = 1;
  while (width < k) width *= 2;
  const head = new Float64Array(width).fill(Infinity);
  const pos = new Uint32Array(width);
  const winner = new Int32Array(2 * width);
  for (let c = 0; c < width; c++) {
    winner[width + c] = c;
    if (c < k && times[c].length > 0) head[c] = times[c][0];
  }
  for (let j = width - 1; j >= 1; j--) winner[j] = play(head, winner[2 * j], winner[2 * j + 1]);
  const out: HistoryOp[] = [];
  for (let n = 0; n < total; n++) {
    const c = winner[1];
    const i = pos[c]++;
    out.push(lists[c][i]);
    const t = times[c];
    head[c] = i + 1 < t.length ? t[i + 1] : Infinity;
    // Replay c's matches up to the root; nothing else changed.
    for (let j = (width + c) >> 1; j >= 1; j >>= 1) winner[j] = play(head, winner[2 * j], winner[2 * j + 1]);
  }
  return out;
}

/** The winner of lists a < b: the earlier head, or a on a tie. */
function play(head: Float64Array, a: number, b: number): number {
  return head[b] < head[a] ? b : a;
}

/** The general case: concatenate, then a stable sort by invokeMs. */
function byInvokeSort(lists: readonly (readonly HistoryOp[])[]): HistoryOp[] {
  const all: HistoryOp[] = [];
  for (const l of lists) all.push(...l);
  return all.sort((a, b) => a.invokeMs - b.invokeMs);
}
