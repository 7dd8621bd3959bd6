/**
 * Decoded requests by their text. Every member applies the same entries, and clients repeat
 * the same few commands, so each text is decoded once and shared. The store never mutates a
 * request, so sharing is safe; the cache holds no run state (it only saves work), so it does
 * not affect determinism or snapshots.
 */
import { casRequest, casText, decodeRequest, encodeRequest, getText, putText } from './request';
import type { KvRequest } from './types';

const LIMIT = 4096;
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

/** encodeCached of a put, with `lease` when it is given. */
export function encodePutCached(key: string, value: string, lease: number | undefined): string {
  const text = putText(key, value, lease);
  if (!cache.has(text)) remember(text, lease === undefined ? { type: 'put', key, value } : { type: 'put', key, value, lease });
  return text;
}

/** encodeCached(casRequest(key, expected, value)). */
export function encodeCasCached(key: string, expected: string | null, value: string): string {
  const text = casText(key, expected, value);
  if (!cache.has(text)) remember(text, casRequest(key, expected, value));
  return text;
}

function remember(text: string, req: KvRequest): void {
  if (cache.size >= LIMIT) cache.clear();
  cache.set(text, req);
}
