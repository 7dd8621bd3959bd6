/**
 * Decoded requests by their text, for the entries that arrive without their decoded form
 * (clientRequest.ts): the member's own commands (`compact N`) and any text a request carries
 * alone. Every member applies the same entries, so each text is decoded once and shared. The
 * store never mutates a request, so sharing is safe; the cache holds no run state (it only
 * saves work), so it does not affect determinism or snapshots.
 */
import { decodeRequest } from './request';
import type { KvRequest } from './types';

/**
 * Texts remembered before the cache starts over: a text must outlive only its trip through
 * Raft to every member (a member that lags further parses it again: same result, slower).
 */
const LIMIT = 512;
const cache = new Map<string, KvRequest>();

export function decodeCached(text: string): KvRequest {
  let req = cache.get(text);
  if (req === undefined) {
    req = decodeRequest(text);
    remember(text, req);
  }
  return req;
}

function remember(text: string, req: KvRequest): void {
  if (cache.size >= LIMIT) cache.clear();
  cache.set(text, req);
}
