/**
 * A client operation as the request a member applies and as the text that travels and is
 * logged. The text is what counts: Raft replicates it, disks and snapshots hold it, the
 * checkers compare it. The object rides along, in the ClientRequest and in the Raft entry,
 * so that no member parses what its sender already had in hand. (Every etcd member unmarshals
 * each entry's bytes; here that would be a cost of the simulator, not of the protocol.) The
 * codec round-trips exactly (request.test.ts), so the object is what decoding the text gives.
 */
import type { ClientOp } from './client';
import { casRequest, casText, encodeRequest, getText, putText } from './request';
import type { KvRequest } from './types';

export function requestOf(op: ClientOp, ttlMs: number | undefined): KvRequest {
  switch (op.op) {
    case 'get':
      return { type: 'range', key: op.key };
    case 'put':
      return op.lease === undefined ? { type: 'put', key: op.key, value: op.value ?? '' } : { type: 'put', key: op.key, value: op.value ?? '', lease: op.lease };
    case 'cas':
      return casRequest(op.key, op.expected, op.value ?? '');
    case 'delete':
      return { type: 'delete', key: op.key };
    case 'lease-grant':
      return { type: 'lease-grant', id: op.lease ?? 0, ttlMs: ttlMs ?? 0 };
    case 'lease-keepalive':
    case 'lease-revoke':
      return { type: op.op, id: op.lease ?? 0 };
  }
}

/** The request's text: the common kinds written directly (request.ts), the rest encoded. */
export function textOf(op: ClientOp, req: KvRequest): string {
  switch (op.op) {
    case 'get':
      return getText(op.key);
    case 'put':
      return putText(op.key, op.value ?? '', op.lease);
    case 'cas':
      return casText(op.key, op.expected, op.value ?? '');
    default:
      return encodeRequest(req);
  }
}
