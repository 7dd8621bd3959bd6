/**
 * What a checker violation points at, in the terms the views draw: log cells (node, index,
 * term) for Raft safety, the history window (the ops the linearizability checker could not
 * order, and the one it could not place) and its time span, the members and clients involved,
 * and the moment each verdict turned. Pure: built from the checks report alone.
 */
import type { HistoryOp } from '../../check/history';
import type { CheckReport } from '../../scenario/report';
import type { Micros } from '../../sim/time';

/** A log cell a violation names. Missing fields match anything: no index = every index. */
export interface CellMark {
  node?: string;
  index?: number;
  term?: number;
  why: string;
}

export interface VerdictMoment {
  checker: string;
  at: Micros;
  label: string;
}

export interface HistoryWindow {
  key: string;
  ops: HistoryOp[];
  culprit?: HistoryOp;
  explanation: string;
}

export interface ViolationFocus {
  failed: string[];
  moments: VerdictMoment[];
  cells: CellMark[];
  /** Members and clients the violations name. */
  nodes: Set<string>;
  /** Each listed Raft violation as an instant on the members it names (space-time). */
  instants: { at: Micros; nodes: string[]; label: string }[];
  /** (node, term) pairs a violation names: leaders of one term, on the space-time diagram. */
  leaderTerms: { node: string; term: number }[];
  window: HistoryWindow | null;
  /** The time the window's ops cover, to shade on the space-time diagram. */
  span: { from: Micros; to: Micros } | null;
}

/** The structured part of a Raft safety violation (src/check/raftSafety.ts). */
interface RaftViolationLike {
  rule: string;
  atMs: number;
  message: string;
  nodes?: string[];
  index?: number;
  term?: number;
}

interface WatchViolationLike {
  rule: string;
  watcher: string;
  message: string;
}

/** Violations listed per checker (a broken run repeats itself; the rest are counted). */
export const MAX_LISTED = 20;

const us = (ms: number): Micros => Math.round(ms * 1000);

export function violationFocus(checks: Record<string, CheckReport>, now: Micros): ViolationFocus {
  const f: ViolationFocus = { failed: [], moments: [], cells: [], nodes: new Set(), instants: [], leaderTerms: [], window: null, span: null };
  for (const [checker, c] of Object.entries(checks)) {
    if (c.ok) continue;
    f.failed.push(checker);
    if (checker === 'raftSafety') addRaft(f, raftViolations(c));
    else if (checker === 'linearizable') addWindow(f, c);
    else if (checker === 'watch') for (const v of watchViolations(c)) f.nodes.add(v.watcher);
    if (!f.moments.some((m) => m.checker === checker)) f.moments.push({ checker, at: now, label: `${checker} violated` });
  }
  return f;
}

export function raftViolations(c: CheckReport): RaftViolationLike[] {
  return Array.isArray(c.violations) ? (c.violations as RaftViolationLike[]) : [];
}

export function watchViolations(c: CheckReport): WatchViolationLike[] {
  return Array.isArray(c.violations) ? (c.violations as WatchViolationLike[]) : [];
}

function addRaft(f: ViolationFocus, violations: RaftViolationLike[]): void {
  if (violations.length > 0) {
    const first = violations[0];
    f.moments.push({ checker: 'raftSafety', at: us(first.atMs), label: `raftSafety violated: ${first.rule}` });
  }
  for (const v of violations.slice(0, MAX_LISTED)) {
    for (const n of v.nodes ?? []) f.nodes.add(n);
    f.instants.push({ at: us(v.atMs), nodes: v.nodes ?? [], label: `${v.rule}: ${v.message}` });
    if (v.index === undefined && v.term === undefined) continue; // e.g. a panic: the member only
    // Election safety names a term, not an index: the leaders' entries of that term are the
    // ones in conflict. Every other rule names the index it broke.
    const where = v.nodes && v.nodes.length > 0 ? v.nodes : [undefined];
    for (const node of where) f.cells.push({ node, index: v.index, term: v.index === undefined ? v.term : undefined, why: v.rule });
    if (v.rule === 'election-safety' && v.term !== undefined) for (const node of v.nodes ?? []) f.leaderTerms.push({ node, term: v.term });
  }
}

function addWindow(f: ViolationFocus, c: CheckReport): void {
  const failure = c.failure as { key: string; window: HistoryOp[]; explanation: string; culprit?: HistoryOp } | undefined;
  if (!failure || failure.window.length === 0) return;
  const ops = failure.window;
  const culprit = failure.culprit ?? ops[ops.length - 1];
  f.window = { key: failure.key, ops, culprit, explanation: failure.explanation };
  for (const op of ops) f.nodes.add(op.client);
  const from = Math.min(...ops.map((o) => o.invokeMs));
  const to = Math.max(...ops.map((o) => o.completeMs ?? o.invokeMs));
  f.span = { from: us(from), to: us(to) };
  f.moments.push({ checker: 'linearizable', at: us(culprit.completeMs ?? to), label: `linearizable violated on key ${failure.key}` });
}

/** Why a log cell is marked, or null. */
export function cellMark(f: ViolationFocus, node: string, index: number, term: number): CellMark | null {
  for (const m of f.cells) {
    if (m.node !== undefined && m.node !== node) continue;
    if (m.index !== undefined && m.index !== index) continue;
    if (m.term !== undefined && m.term !== term) continue;
    return m;
  }
  return null;
}

/** Whether `op` is the same history record as `other` (records are copied across reports). */
export function sameOp(op: HistoryOp, other: HistoryOp | undefined): boolean {
  return !!other && op.client === other.client && op.invokeMs === other.invokeMs && op.op === other.op && op.key === other.key;
}
