/**
 * The Raft safety checks that read whole logs at the end of a run (or at a probe): log
 * matching across the members' logs, and lookups by index for the durability check.
 *
 * They run once per run on logs of thousands of entries, cold (no warm-up), so they look up
 * entries by arithmetic on the log's first index instead of building a map per log, and key
 * the cross-log groups by index (a number) rather than by an "index:term" string.
 */
import type { LogEntryView, RaftRule, ViolationSite } from './raftSafety';

/** One log's entries by index: arithmetic when indexes are consecutive (always, in practice), else a map. */
export class LogIndex {
  private readonly base: number;
  private readonly map: Map<number, LogEntryView> | null = null;

  constructor(private readonly entries: readonly LogEntryView[]) {
    this.base = entries.length > 0 ? entries[0].index : 0;
    for (let i = 0; i < entries.length; i++) {
      if (entries[i].index === this.base + i) continue;
      // Not consecutive: a map, where a repeated index keeps its last entry.
      this.map = new Map();
      for (const e of entries) this.map.set(e.index, e);
      break;
    }
  }

  at(index: number): LogEntryView | undefined {
    if (this.map !== null) return this.map.get(index);
    const k = index - this.base;
    return k >= 0 && k < this.entries.length ? this.entries[k] : undefined;
  }
}

/** Entries seen at one (index, term): the first holder, its command, the term before it. */
interface Group {
  term: number;
  node: string;
  command: string;
  prevTerm: number | undefined;
  /** Another term at the same index (a short chain: logs rarely disagree). */
  next: Group | undefined;
}

export type Violate = (rule: RaftRule, message: string, site: ViolationSite) => void;

/**
 * §5.3 Log Matching, checked in one pass: entries are grouped by (index, term); each group
 * must agree on the command and on the term of the entry before it (where both hold it).
 * By induction the two logs then agree on every earlier entry they both hold.
 */
export function checkLogMatching(nodes: readonly { node: string; entries: readonly LogEntryView[] }[], violate: Violate): void {
  // Groups by index: in an array over the logs' index range (each log holds consecutive
  // indexes, so the range is about one log long), or in a map for an index outside it (a log
  // out of order) or when the range is far wider than the logs. A map per entry was most of
  // this check's cost.
  let lo = Infinity;
  let hi = -Infinity;
  let total = 0;
  for (const n of nodes) {
    const es = n.entries;
    if (es.length === 0) continue;
    total += es.length;
    lo = Math.min(lo, es[0].index);
    hi = Math.max(hi, es[es.length - 1].index);
  }
  const span = hi >= lo && hi - lo < 4 * total + 1024 ? hi - lo + 1 : 0;
  const dense: (Group | undefined)[] = new Array(span).fill(undefined);
  const sparse = new Map<number, Group>();
  for (const n of nodes) {
    const log = new LogIndex(n.entries);
    for (const e of n.entries) {
      const prevTerm = log.at(e.index - 1)?.term;
      const slot = e.index - lo;
      const inDense = slot >= 0 && slot < span;
      const first = inDense ? dense[slot] : sparse.get(e.index);
      let g = first;
      while (g !== undefined && g.term !== e.term) g = g.next;
      if (g === undefined) {
        const made: Group = { term: e.term, node: n.node, command: e.command, prevTerm, next: first };
        if (inDense) dense[slot] = made;
        else sparse.set(e.index, made);
        continue;
      }
      if (g.command !== e.command) {
        violate('log-matching', `${g.node} and ${n.node} hold different commands at index ${e.index} term ${e.term}: ${JSON.stringify(g.command)} vs ${JSON.stringify(e.command)}`, { nodes: [g.node, n.node], index: e.index, term: e.term });
      } else if (prevTerm !== undefined && g.prevTerm !== undefined && prevTerm !== g.prevTerm) {
        violate('log-matching', `${g.node} and ${n.node} agree at index ${e.index} term ${e.term} but differ before it (term ${g.prevTerm} vs ${prevTerm} at index ${e.index - 1})`, { nodes: [g.node, n.node], index: e.index - 1 });
      } else if (g.prevTerm === undefined) {
        g.prevTerm = prevTerm;
      }
    }
  }
}
