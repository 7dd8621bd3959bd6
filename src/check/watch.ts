/**
 * Watch-stream guarantees, as etcd documents them (etcd API guarantees, "Watch"):
 *
 * - ordered: events are ordered by revision; an event never appears before one of an earlier
 *   revision (`watch-order`);
 * - unique: an event is never delivered twice (`watch-duplicate`): one (revision, key) pair
 *   at most once per stream. One revision may carry several events (a txn touching several
 *   keys under a watched prefix), but only for different keys;
 * - reliable: a watcher never skips an event in the middle of its stream (`watch-gap`): every
 *   event that another watcher of the same key/prefix saw, inside the revision range this
 *   watcher observed, must be in this stream too; and a watcher of the whole keyspace (key
 *   "") sees every revision in its range, since each revision changes at least one key;
 * - consistent: an event has one meaning everywhere (`watch-consistency`): the same revision
 *   and key carry the same type and value in every stream;
 * - valid (with a history): a PUT event on a key the register clients write carries a value
 *   some client op wrote to it (`watch-phantom`).
 */
import type { HistoryOp } from './history';

export interface WatchEvent {
  revision: number;
  type: 'PUT' | 'DELETE';
  key: string;
  value: string | null;
}

export interface WatchStream {
  watcher: string;
  /**
   * The watched key or prefix; streams with the same `key` must see the same events. The
   * empty key is the whole keyspace (etcd rejects an empty key otherwise).
   */
  key: string;
  events: WatchEvent[];
}

export type WatchRule = 'watch-order' | 'watch-duplicate' | 'watch-gap' | 'watch-consistency' | 'watch-phantom';

export interface WatchViolation {
  rule: WatchRule;
  watcher: string;
  message: string;
}

export interface WatchResult {
  ok: boolean;
  detail: string;
  violations: WatchViolation[];
}

/** Violations reported per rule per watcher before the rest are only counted. */
const PER_WATCHER_RULE = 5;

function eventId(e: WatchEvent): string {
  return `${e.revision}\u0000${e.key}`;
}

export function checkWatches(streams: WatchStream[], history?: HistoryOp[]): WatchResult {
  const violations: WatchViolation[] = [];
  const counts = new Map<string, number>();
  let suppressed = 0;
  const report = (rule: WatchRule, watcher: string, message: string): void => {
    const slot = `${rule}|${watcher}`;
    const n = (counts.get(slot) ?? 0) + 1;
    counts.set(slot, n);
    if (n > PER_WATCHER_RULE) suppressed++;
    else violations.push({ rule, watcher, message });
  };

  // Per stream: order and uniqueness.
  for (const s of streams) {
    const seen = new Set<string>();
    let last = -Infinity;
    for (const e of s.events) {
      const id = eventId(e);
      if (seen.has(id)) {
        report('watch-duplicate', s.watcher, `${s.watcher} received revision ${e.revision} (${e.key}) twice`);
        continue;
      }
      seen.add(id);
      if (e.revision < last) {
        report('watch-order', s.watcher, `${s.watcher} received revision ${e.revision} (${e.key}) after revision ${last}`);
      }
      last = Math.max(last, e.revision);
    }
  }

  // A whole-keyspace stream: every revision between its first and last, none skipped.
  for (const s of streams) {
    if (s.key !== '') continue;
    const revisions = [...new Set(s.events.map((e) => e.revision))].sort((a, b) => a - b);
    for (let i = 1; i < revisions.length; i++) {
      const [from, to] = [revisions[i - 1] + 1, revisions[i] - 1];
      if (from > to) continue;
      const which = from === to ? `revision ${from}` : `revisions ${from}..${to}`;
      report('watch-gap', s.watcher, `${s.watcher} watches every key but skipped ${which} (between ${from - 1} and ${to + 1})`);
    }
  }

  // Across streams: one meaning per (revision, key).
  const meaning = new Map<string, { watcher: string; e: WatchEvent }>();
  for (const s of streams) {
    for (const e of s.events) {
      const id = eventId(e);
      const first = meaning.get(id);
      if (first === undefined) meaning.set(id, { watcher: s.watcher, e });
      else if (first.e.type !== e.type || first.e.value !== e.value) {
        report(
          'watch-consistency',
          s.watcher,
          `revision ${e.revision} on ${e.key} is ${describe(e)} for ${s.watcher} but ${describe(first.e)} for ${first.watcher}`,
        );
      }
    }
  }

  // Across streams of the same key/prefix: no gaps inside the range each one observed.
  const groups = new Map<string, WatchStream[]>();
  for (const s of streams) {
    const g = groups.get(s.key);
    if (g === undefined) groups.set(s.key, [s]);
    else g.push(s);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const union = new Map<string, WatchEvent>();
    for (const s of group) for (const e of s.events) union.set(eventId(e), e);
    const all = [...union.values()].sort((a, b) => a.revision - b.revision);
    for (const s of group) {
      if (s.events.length === 0) continue;
      let lo = Infinity;
      let hi = -Infinity;
      const mine = new Set<string>();
      for (const e of s.events) {
        lo = Math.min(lo, e.revision);
        hi = Math.max(hi, e.revision);
        mine.add(eventId(e));
      }
      for (const e of all) {
        if (e.revision < lo || e.revision > hi) continue;
        if (!mine.has(eventId(e))) {
          report('watch-gap', s.watcher, `${s.watcher} skipped revision ${e.revision} (${describe(e)} on ${e.key}) between revisions ${lo} and ${hi}`);
        }
      }
    }
  }

  if (history !== undefined) checkPhantoms(streams, history, report);

  const total = violations.length + suppressed;
  const events = streams.reduce((n, s) => n + s.events.length, 0);
  const head = `${streams.length} watch stream${streams.length === 1 ? '' : 's'}, ${events} events`;
  if (total === 0) return { ok: true, detail: `${head}: ok`, violations };
  return {
    ok: false,
    detail: `${head}: ${total} violation${total === 1 ? '' : 's'}; first: ${violations[0].rule}: ${violations[0].message}`,
    violations,
  };
}

function checkPhantoms(
  streams: WatchStream[],
  history: HistoryOp[],
  report: (rule: WatchRule, watcher: string, message: string) => void,
): void {
  // Values any client op may have written per key (unknown-outcome ops included: they may
  // have taken effect). Keys no client op touched are written by others: not judged here.
  // Only keys some stream saw a PUT on are collected (a run without watchers collects none).
  const written = new Map<string, Set<string> | null>();
  for (const s of streams) for (const e of s.events) if (e.type === 'PUT' && e.value !== null) written.set(e.key, null);
  if (written.size === 0) return;
  for (const op of history) {
    let set = written.get(op.key);
    if (set === undefined) continue; // no stream saw a PUT on this key
    if (set === null) written.set(op.key, (set = new Set()));
    if ((op.op === 'put' || op.op === 'cas') && op.value !== null) set.add(op.value);
  }
  for (const s of streams) {
    for (const e of s.events) {
      const set = written.get(e.key);
      if (set == null || e.type !== 'PUT' || e.value === null) continue;
      if (!set.has(e.value)) {
        report('watch-phantom', s.watcher, `${s.watcher} saw ${e.key} = ${e.value} at revision ${e.revision}, a value no client wrote`);
      }
    }
  }
}

function describe(e: WatchEvent): string {
  return e.type === 'PUT' ? `PUT ${JSON.stringify(e.value)}` : 'DELETE';
}
