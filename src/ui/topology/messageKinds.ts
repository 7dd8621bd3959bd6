/** How message types read on screen: a family (for colour and legend) and reply status. */

export type MessageFamily = 'vote' | 'pre-vote' | 'append' | 'heartbeat' | 'snapshot' | 'client' | 'transfer' | 'read' | 'other';

export const FAMILIES: { family: MessageFamily; label: string }[] = [
  { family: 'pre-vote', label: 'pre-vote' },
  { family: 'vote', label: 'vote' },
  { family: 'append', label: 'append' },
  { family: 'heartbeat', label: 'heartbeat' },
  { family: 'snapshot', label: 'snapshot' },
  { family: 'client', label: 'client' },
  { family: 'transfer', label: 'transfer' },
  { family: 'read', label: 'read index' },
];

export function familyOf(type: string): MessageFamily {
  if (type.startsWith('MsgPreVote')) return 'pre-vote';
  if (type.startsWith('MsgVote')) return 'vote';
  if (type.startsWith('MsgApp') || type === 'ping' || type === 'pong') return 'append';
  if (type.startsWith('MsgHeartbeat')) return 'heartbeat';
  if (type === 'MsgSnap') return 'snapshot';
  if (type === 'MsgTimeoutNow' || type === 'MsgTransferLeader') return 'transfer';
  if (type.startsWith('MsgReadIndex')) return 'read';
  if (type.startsWith('Client') || type.startsWith('client')) return 'client';
  return 'other';
}

export function familyColor(f: MessageFamily): string {
  return `var(--m-${f.replace('-', '')})`;
}

export const colorOf = (type: string): string => familyColor(familyOf(type));

export function isReply(type: string): boolean {
  return type.endsWith('Resp') || type === 'pong' || type === 'ClientResponse';
}

/** A reply's verdict, when the message says (Raft replies carry `reject`). */
export function verdictOf(msg: unknown): 'accepted' | 'rejected' | null {
  if (msg && typeof msg === 'object' && 'reject' in msg) return (msg as { reject: boolean }).reject ? 'rejected' : 'accepted';
  if (msg && typeof msg === 'object' && 'ok' in msg) return (msg as { ok: boolean }).ok ? 'accepted' : 'rejected';
  return null;
}

/** Entries carried, for sizing append messages. */
export function entryCount(msg: unknown): number {
  const e = msg && typeof msg === 'object' ? (msg as { entries?: unknown[] }).entries : undefined;
  return Array.isArray(e) ? e.length : 0;
}
