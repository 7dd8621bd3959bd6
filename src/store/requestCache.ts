/**
 * Decoded requests by their text. Every member applies the same entries, and clients repeat
 * the same few commands, so each text is decoded once and shared. The store never mutates a
 * request, so sharing is safe; the cache holds no run state (it only saves work), so it does
 * not affect determinism or snapshots.
 */
import { decodeRequest } from './request';
import type { KvRequest } from './types';

const LIMIT = 4096;
const cache = new Map<string, KvRequest>();

export function decodeCached(text: string): KvRequest {
  let req = cache.get(text);
  if (req === undefined) {
    req = decodeRequest(text);
    if (cache.size >= LIMIT) cache.clear();
    cache.set(text, req);
  }
  return req;
}
