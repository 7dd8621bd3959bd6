/**
 * Share links: `#run=<base64url of the deflated scenario JSON>&t=<virtual µs>`.
 * The fragment never reaches a server. Decoding failures name what is wrong, for the banner.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link is not base64url (it has characters outside A–Z a–z 0–9 - _)');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeRun(scenario: object, atUs: number | null): string {
  const packed = toBase64Url(deflateSync(strToU8(JSON.stringify(scenario)), { level: 9 }));
  return `#run=${packed}${atUs !== null ? `&t=${Math.round(atUs)}` : ''}`;
}

export interface DecodedRun {
  json: unknown;
  atUs: number | null;
}

/** null when the fragment carries no run; throws an Error with a readable message when broken. */
export function decodeRun(hash: string): DecodedRun | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const run = params.get('run');
  if (run === null) return null;
  if (run === '') throw new Error('the share link is empty after "#run="');
  let text: string;
  try {
    text = strFromU8(inflateSync(fromBase64Url(run)));
  } catch (e) {
    throw new Error(`the share link is damaged: ${(e as Error).message.includes('base64url') ? (e as Error).message : 'it does not decompress (was it cut short when copied?)'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the share link decompresses, but not to JSON');
  }
  const t = params.get('t');
  let atUs: number | null = null;
  if (t !== null) {
    if (!/^\d+$/.test(t)) throw new Error(`the share link's time "t=${t}" is not a whole number of microseconds`);
    atUs = Number(t);
  }
  return { json, atUs };
}
