/**
 * What a checker violation points at, in the terms the views draw: log cells (node, index,
 * term) for Raft safety, the history window (the ops the linearizability checker could not
 * order, and the one it could not place) and its time span, for a lease rule the clients,
 * moment and keys involved, the members and clients named, the keys to mark in the kv view,
 * and the moment each verdict turned. Pure: built from the checks report, plus (to locate
 * lease violations) the client history and the leaders.
 */
import { describeOp, formatMs, type HistoryOp } from '../../check/history';
import { type LeaseRevocation, revokedLease } from '../../check/leaseHistory';
import type { CheckReport, LeaderRecord } from '../../scenario/report';
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

/** A lease violation, located: what the lease checker names, found in the history. */
export interface LeaseMark {
  rule: string;
  lease: number;
  message: string;
  /** When the rule broke: the op or revoke it names; null when the history does not show it. */
  at: Micros | null;
  /** Where the story starts (the renewal, the revoke...), for "Show"; null like `at`. */
  from: Micros | null;
  /** Clients whose ops it names (and the leader that proposed an early expiry). */
  clients: string[];
  /** The key the rule names, else the lease's keys (those its revoke deleted or puts attached). */
  keys: string[];
}

export interface ViolationFocus {
  failed: string[];
  moments: VerdictMoment[];
  cells: CellMark[];
  /** Members and clients the violations name (never a `revoke:N` pseudo-client). */
  nodes: Set<string>;
  /** Keys a violation names, and why: rows to mark in the kv view. */
  keys: Map<string, string>;
  /** Lease ids a violation names: keys attached to them are marked too. */
  leaseIds: Set<number>;
  leases: LeaseMark[];
  /** Each listed Raft or lease violation as an instant on the members/clients it names. */
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

/** A lease checker violation (src/check/lease.ts): the rule, the lease, and words. */
interface LeaseViolationLike {
  rule: string;
  lease: number;
  message: string;
}

/** What the lease mapping reads besides the report. */
export interface FocusContext {
  history?: readonly HistoryOp[];
  leaders?: readonly LeaderRecord[];
}

/** Violations listed per checker (a broken run repeats itself; the rest are counted). */
export const MAX_LISTED = 20;

const us = (ms: number): Micros => Math.round(ms * 1000);

export function violationFocus(checks: Record<string, CheckReport>, now: Micros, context: FocusContext = {}): ViolationFocus {
  const f: ViolationFocus = { failed: [], moments: [], cells: [], nodes: new Set(), keys: new Map(), leaseIds: new Set(), leases: [], instants: [], leaderTerms: [], window: null, span: null };
  for (const [checker, c] of Object.entries(checks)) {
    if (c.ok) continue;
    f.failed.push(checker);
    if (checker === 'raftSafety') addRaft(f, raftViolations(c));
    else if (checker === 'linearizable') addWindow(f, c);
    else if (checker === 'watch') for (const v of watchViolations(c)) f.nodes.add(v.watcher);
    else if (checker === 'lease') addLeases(f, c, context);
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

export function leaseViolations(c: CheckReport): LeaseViolationLike[] {
  return Array.isArray(c.violations) ? (c.violations as LeaseViolationLike[]) : [];
}

/**
 * The linearizability check adds a lease revoke's deletes as ops of a pseudo-client
 * `revoke:N` (check/leaseHistory.ts). It is no host: views label it by what it is.
 */
export function isRevokeClient(client: string): boolean {
  return revokedLease(client) !== null;
}

/** A history client as the views name it: "lease 7 revoke" for `revoke:7`. */
export function clientLabel(client: string): string {
  const lease = revokedLease(client);
  return lease !== null ? `lease ${lease} revoke` : client;
}

/** Checker text with pseudo-clients named as the views name them. */
export function relabelClients(text: string): string {
  return text.replace(/\brevoke:(\d+)/g, 'lease $1 revoke');
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
  for (const op of ops) if (!isRevokeClient(op.client)) f.nodes.add(op.client);
  if (!f.keys.has(failure.key)) f.keys.set(failure.key, 'linearizable: the history window\'s key');
  const from = Math.min(...ops.map((o) => o.invokeMs));
  const to = Math.max(...ops.map((o) => o.completeMs ?? o.invokeMs));
  f.span = { from: us(from), to: us(to) };
  f.moments.push({ checker: 'linearizable', at: us(culprit.completeMs ?? to), label: `linearizable violated on key ${failure.key}` });
}

/**
 * Lease violations name a rule, a lease and a message. The message names the op it is about
 * with `describeOp` (client, op, times), and a revoke by the time it applied or its index;
 * matching those against the history and the report's revocations locates each violation.
 */
function addLeases(f: ViolationFocus, c: CheckReport, context: FocusContext): void {
  const history = context.history ?? [];
  const revocations = Array.isArray(c.revocations) ? (c.revocations as LeaseRevocation[]) : [];
  const marks = leaseViolations(c).slice(0, MAX_LISTED).map((v) => locateLease(v, history, revocations, context.leaders ?? []));
  f.leases.push(...marks);
  for (const m of marks) {
    f.leaseIds.add(m.lease);
    for (const client of m.clients) f.nodes.add(client);
    for (const key of m.keys) if (!f.keys.has(key)) f.keys.set(key, `${m.rule} (lease ${m.lease})`);
    if (m.at !== null) f.instants.push({ at: m.at, nodes: m.clients, label: `${m.rule}: ${m.message}` });
  }
  const first = marks.find((m) => m.at !== null);
  if (first) f.moments.push({ checker: 'lease', at: first.at!, label: `lease violated: ${first.rule} (lease ${first.lease})` });
}

export function locateLease(v: LeaseViolationLike, history: readonly HistoryOp[], revocations: readonly LeaseRevocation[], leaders: readonly LeaderRecord[]): LeaseMark {
  const mark: LeaseMark = { rule: v.rule, lease: v.lease, message: v.message, at: null, from: null, clients: [], keys: [] };
  const ofLease = history.filter((op) => op.lease === v.lease && !isRevokeClient(op.client));
  const revokes = revocations.filter((r) => r.lease === v.lease);
  /** The op the message begins with (or names, `anywhere`), as describeOp wrote it. */
  const named = (ops: readonly HistoryOp[], anywhere = false) =>
    ops.find((op) => (anywhere ? v.message.includes(`${describeOp(op)} `) : v.message.startsWith(`${describeOp(op)} `)));
  /** The revoke of this lease that took effect last before `ms`. */
  const revokeBefore = (ms: number) => revokes.filter((r) => r.appliedMs < ms).at(-1);
  /** A client's acknowledged revoke of this lease completed before `ms`. */
  const clientRevokeBefore = (ms: number) => ofLease.filter((op) => op.op === 'lease-revoke' && op.completeMs !== null && op.completeMs < ms && op.error === undefined).at(-1);
  const leaseKeys = () => [...new Set([...revokes.flatMap((r) => r.deleted.map((d) => d.key)), ...ofLease.filter((op) => op.op === 'put').map((op) => op.key)])].sort();
  const add = (...clients: (string | undefined)[]) => {
    for (const c of clients) if (c !== undefined && !mark.clients.includes(c)) mark.clients.push(c);
  };

  switch (v.rule) {
    case 'lease-early-expiry': {
      // "...proposed the expiry revoke of lease L at T, but <renewal> renewed it until U"
      const r = revokes.find((x) => x.proposedMs !== null && v.message.includes(` at ${formatMs(x.proposedMs)},`)) ?? revokes.find((x) => x.proposedMs !== null);
      const renewal = named(ofLease.filter((op) => op.op === 'lease-grant' || op.op === 'lease-keepalive'), true);
      if (r) {
        mark.at = us(r.proposedMs ?? r.appliedMs);
        mark.keys = r.deleted.map((d) => d.key);
        add(leaderOf(leaders, r.term, r.proposedMs ?? r.appliedMs));
      }
      if (renewal) {
        add(renewal.client);
        mark.from = us(renewal.invokeMs);
      }
      break;
    }
    case 'lease-used-after-revoke': {
      // "<keep-alive or put> succeeded after the <revoke>"
      const op = named(ofLease.filter((o) => o.op === 'lease-keepalive' || o.op === 'put'));
      if (op) {
        add(op.client);
        mark.at = us(op.completeMs ?? op.invokeMs);
        const r = revokeBefore(op.invokeMs);
        const byClient = clientRevokeBefore(op.invokeMs);
        add(byClient?.client);
        const revokedMs = Math.max(r?.appliedMs ?? -Infinity, byClient?.completeMs ?? -Infinity);
        mark.from = us(Number.isFinite(revokedMs) ? Math.min(revokedMs, op.invokeMs) : op.invokeMs);
        if (op.op === 'put') mark.keys = [op.key];
      }
      break;
    }
    case 'lease-key-after-revoke': {
      // "<get> reads a value written with lease L, after the <revoke>"
      // Cheap prefix first: describeOp begins "<client> get <key> ".
      const get = named(history.filter((o) => o.op === 'get' && o.result !== null && v.message.startsWith(`${o.client} get ${o.key} `)));
      if (get) {
        add(get.client);
        mark.at = us(get.completeMs ?? get.invokeMs);
        mark.keys = [get.key];
        // Who wrote the value the revoke should have deleted.
        for (const put of ofLease) if (put.op === 'put' && put.key === get.key && put.value === get.result) add(put.client);
        const r = revokeBefore(get.invokeMs);
        const byClient = clientRevokeBefore(get.invokeMs);
        const revokedMs = Math.max(r?.appliedMs ?? -Infinity, byClient?.completeMs ?? -Infinity);
        mark.from = us(Number.isFinite(revokedMs) ? Math.min(revokedMs, get.invokeMs) : get.invokeMs);
      }
      break;
    }
    case 'lease-revoke-scope': {
      // "the revoke of lease L (index I) deleted K=V, which no put attached to that lease"
      const index = Number(/\(index (\d+)\)/.exec(v.message)?.[1]);
      const r = revokes.find((x) => x.index === index);
      const d = r?.deleted.find((x) => v.message.includes(` deleted ${x.key}=${x.value},`));
      if (r) {
        mark.at = us(r.appliedMs);
        mark.from = us(r.fromMs);
      }
      if (d) {
        mark.keys = [d.key];
        // The clients whose value it wrongly deleted.
        for (const put of history) if ((put.op === 'put' || put.op === 'cas') && put.key === d.key && put.value === d.value) add(put.client);
      }
      break;
    }
  }
  if (mark.clients.length === 0) add(...ofLease.map((op) => op.client));
  if (mark.keys.length === 0) mark.keys = leaseKeys();
  if (mark.from === null) mark.from = mark.at;
  return mark;
}

/** The member that led `term` at `ms` (its latest election at or before then). */
function leaderOf(leaders: readonly LeaderRecord[], term: number, ms: number): string | undefined {
  let found: string | undefined;
  for (const l of leaders) if (l.term === term && l.atMs <= ms) found = l.node;
  return found;
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
