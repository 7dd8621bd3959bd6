/**
 * Decoded requests by their text. Every member applies the same entries, and clients repeat
 * the same few commands, so each text is decoded once and shared. The store never mutates a
 * request, so sharing is safe; the cache holds no run state (it only saves work), so it does
 * not affect determinism or snapshots.
 */
import { casRequest, casText, decodeRequest, encodeRequest, getText, putText } from './request';
import type { KvRequest } from './types';

/**
 * Texts remembered before the cache starts over. A write's text must outlive only its trip
 * through Raft to every member (a member that lags further parses it again: same result,
 * slower); a small table stays in the CPU cache, and each insert costs half what it does in a
 * table of thousands, whose every regrowth rehashes keys long gone cold.
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

/**
 * Encodes a request and remembers the pair, so the members that apply it never parse it:
 * every write's text is new (its value is unique), and the codec round-trips exactly
 * (request.ts), so the remembered object is what decoding would have built.
 */
export function encodeCached(req: KvRequest): string {
  const text = encodeRequest(req);
  if (!cache.has(text)) remember(text, req);
  return text;
}

/** encodeCached({ type: 'range', key }); the object is built only when the text is new. */
export function encodeGetCached(key: string): string {
  const text = getText(key);
  if (!cache.has(text)) remember(text, { type: 'range', key });
  return text;
}

/**
 * encodeCached of a put, with `lease` when it is given. A write's value is almost always new,
 * so its text is stored without asking first (one lookup, not two); storing an equal request
 * over a remembered one changes nothing, as requests are never mutated.
 */
export function encodePutCached(key: string, value: string, lease: number | undefined): string {
  const text = putText(key, value, lease);
  remember(text, lease === undefined ? { type: 'put', key, value } : { type: 'put', key, value, lease });
  return text;
}

/** encodeCached(casRequest(key, expected, value)), stored without asking first (see above). */
export function encodeCasCached(key: string, expected: string | null, value: string): string {
  const text = casText(key, expected, value);
  remember(text, casRequest(key, expected, value));
  return text;
}

function remember(text: string, req: KvRequest): void {
  if (cache.size >= LIMIT) cache.clear();
  cache.set(text, req);
}
